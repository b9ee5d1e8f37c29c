package io.orderhub.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Every text length limit is stated once, in the published JSON Schema, and the door and both
 * stores agree with it: for each {@code maxLength} the door accepts a value of exactly that many
 * characters and refuses one more (naming the field), and every column of either store that holds
 * the field is at least that wide, read from the databases' own information_schema (migrated by
 * Flyway, as the hub runs). A text column of the old store whose field has no limit in the schema
 * is an error too: it could overflow.
 */
@HubTest
class FieldLimitsTest {

    private static final Path SCHEMA = Path.of("mappings/canonical/canonical-order.schema.json");

    /**
     * New-store columns that hold a canonical field (everything else lives only in the jsonb
     * document, which has no length limit).
     */
    private static final Map<String, List<String>> NEW_STORE = Map.ofEntries(
            Map.entry("channel", List.of("orders.channel", "order_channel_keys.channel")),
            Map.entry("shopId", List.of("orders.shop_id", "order_channel_keys.shop_id")),
            Map.entry("channelOrderId", List.of("orders.channel_order_id", "order_channel_keys.channel_order_id")),
            Map.entry("sourceSystem", List.of("orders.source_system")),
            Map.entry("member.unionId", List.of("orders.member_union_id", "member_orders.member_union_id")),
            Map.entry("member.cardNo", List.of("orders.member_card_no")),
            Map.entry("storeCode", List.of("orders.store_code")),
            Map.entry("items[].hubSku", List.of("order_items.hub_sku")),
            Map.entry("items[].channelSku", List.of("order_items.channel_sku")),
            Map.entry("items[].name", List.of("order_items.name")));

    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    // orders with SKUs beyond the legacy POS contract's 64 characters must not outlive this class in
    // the shared hub: every SOAP QueryOrdersSince would list them and break the contract
    @org.junit.jupiter.api.AfterEach
    void forgetOrdersTheLegacyContractCannotCarry() throws java.sql.SQLException {
        io.orderhub.support.Sql.forgetOrdersBeyondTheLegacyContract(pg, maria);
    }

    /** Each string property with a maxLength, by path ({@code items[].name}), and its schema node. */
    private static Map<String, JsonNode> limitedFields() throws Exception {
        JsonNode schema = CanonicalJson.mapper().readTree(Files.readString(SCHEMA));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(schema, schema.get("properties"), "", out);
        return out;
    }

    private static void collect(JsonNode schema, JsonNode properties, String prefix, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = resolve(schema, e.getValue());
            String path = prefix + e.getKey();
            if (p.has("properties")) {
                collect(schema, p.get("properties"), path + ".", out);
            } else if (p.has("items") && p.get("items").has("properties")) {
                collect(schema, p.get("items").get("properties"), path + "[].", out);
            } else if (p.has("maxLength")) {
                out.put(path, p);
            }
        }
    }

    private static JsonNode resolve(JsonNode schema, JsonNode node) {
        return node.has("$ref") ? schema.at(node.get("$ref").asText().substring(1)) : node;
    }

    /**
     * A value of n characters made of one character that the field's pattern (if any) accepts at
     * the field's own maxLength; CJK where the field takes any text, as the stores count characters.
     */
    private static String filler(JsonNode field, int n) {
        Pattern pattern = field.has("pattern")
                ? Pattern.compile(field.get("pattern").asText().replaceAll("^\\^|\\$$", "")) : null;
        int max = field.get("maxLength").asInt();
        for (String c : List.of("字", "a", "A", "1")) {
            if (pattern == null || pattern.matcher(c.repeat(max)).matches()) {
                return c.repeat(n);
            }
        }
        throw new IllegalStateException("no filler for " + field);
    }

    private static List<FieldError> doorErrors(String path, String value) {
        ObjectNode order = Samples.sample();
        Samples.set(order, path.replace("[]", "[0]"), value);
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class,
                () -> CanonicalOrderReader.read(order.toString()));
        return e == null ? List.of() : e.errors();
    }

    @Test
    void theDoorEnforcesEveryMaxLengthOfTheSchema() throws Exception {
        Map<String, JsonNode> fields = limitedFields();
        assertThat(fields).containsKeys("items[].hubSku", "items[].channelSku", "items[].name", "buyer.mobile");
        assertThat(fields.get("items[].hubSku").get("maxLength").asInt()).isGreaterThanOrEqualTo(255);
        assertThat(fields.get("items[].name").get("maxLength").asInt()).isGreaterThanOrEqualTo(255);
        SoftAssertions soft = new SoftAssertions();
        fields.forEach((path, field) -> {
            int max = field.get("maxLength").asInt();
            String errorPath = path.replace("[]", "[0]");
            soft.assertThat(doorErrors(path, filler(field, max))).as(path + " at its maxLength " + max)
                    .extracting(FieldError::field).doesNotContain(errorPath);
            soft.assertThat(doorErrors(path, filler(field, max + 1))).as(path + " one over its maxLength " + max)
                    .extracting(FieldError::field).contains(errorPath);
        });
        soft.assertAll();
    }

    @Test
    void everyStoreColumnHoldsItsFieldsLimit() throws Exception {
        Map<String, JsonNode> fields = limitedFields();
        Map<String, Integer> newSizes = sizes(pg, "current_schema()");
        Map<String, Integer> oldSizes = sizes(maria, "DATABASE()");
        Map<String, List<String>> oldStore = oldStoreTextColumns();
        assertThat(oldStore).containsKeys("items[].hubSku", "buyer.mobile");
        SoftAssertions soft = new SoftAssertions();
        fields.forEach((path, field) -> {
            int max = field.get("maxLength").asInt();
            for (String column : NEW_STORE.getOrDefault(path, List.of())) {
                soft.assertThat(newSizes.get(column)).as("new store " + column + " for " + path + " (maxLength " + max + ")")
                        .isNotNull().isGreaterThanOrEqualTo(max);
            }
            for (String column : oldStore.getOrDefault(path, List.of())) {
                soft.assertThat(oldSizes.get(column)).as("old store " + column + " for " + path + " (maxLength " + max + ")")
                        .isNotNull().isGreaterThanOrEqualTo(max);
            }
        });
        // the other way round: a legacy text column whose field is free text must have a limit to hold
        JsonNode schema = CanonicalJson.mapper().readTree(Files.readString(SCHEMA));
        oldStore.forEach((path, columns) -> {
            JsonNode field = fieldAt(schema, path);
            soft.assertThat(field).as("schema field " + path + " of " + columns).isNotNull();
            if (field != null) {
                soft.assertThat(field.has("maxLength") || field.has("pattern"))
                        .as(path + " (" + columns + ") has a maxLength or a pattern that bounds it").isTrue();
            }
        });
        NEW_STORE.keySet().forEach(path -> soft.assertThat(fields).as("maxLength of " + path).containsKey(path));
        soft.assertAll();
    }

    private static JsonNode fieldAt(JsonNode schema, String path) {
        JsonNode node = schema;
        for (String part : path.split("\\.")) {
            boolean array = part.endsWith("[]");
            node = resolve(schema, node.path("properties").path(array ? part.substring(0, part.length() - 2) : part));
            if (array) {
                node = node.path("items");
            }
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node;
    }

    /** The legacy text columns by canonical path, from the shared legacy mapping (header, member, detail). */
    private static Map<String, List<String>> oldStoreTextColumns() {
        LegacyMapping m = LegacyMapping.load();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (LegacyMapping.Table t : List.of(m.header(), m.member(), m.detail())) {
            for (LegacyMapping.Column c : t.columns()) {
                if ("text".equals(c.type())) {
                    String path = t == m.detail() ? "items[]." + c.path() : c.path();
                    out.computeIfAbsent(path, k -> new ArrayList<>()).add(t.name() + "." + c.name());
                }
            }
        }
        return out;
    }

    /** Character lengths of the text columns of the store's schema, as table.column. */
    private static Map<String, Integer> sizes(DataSource ds, String schemaFunction) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, column_name, character_maximum_length FROM information_schema.columns"
                        + " WHERE table_schema = " + schemaFunction + " AND character_maximum_length IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // LONGTEXT (the hub's documents and outboxes) holds 4 GiB: more than any field's limit
                out.put(rs.getString(1) + "." + rs.getString(2), (int) Math.min(Integer.MAX_VALUE, rs.getLong(3)));
            }
        }
        return out;
    }
}
