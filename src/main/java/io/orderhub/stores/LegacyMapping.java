package io.orderhub.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.OrderItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The correspondence between the legacy CRM schema and the canonical order, read from
 * {@code mappings/legacy/legacy-crm.yaml}. It turns a canonical order into legacy column values and
 * legacy rows back into a canonical order, so dual-write and reconciliation share one definition.
 *
 * <p>The file is compiled once at start-up: each column's {@code path} becomes a typed accessor
 * on the canonical records (a path that names no field of the model fails the start), and its
 * {@code type} a converter, so writing an order reads its fields directly, with no JSON tree.
 */
public final class LegacyMapping {

    public static final String RESOURCE = "mappings/legacy/legacy-crm.yaml";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /**
     * How one legacy column is derived from a canonical path; {@code get} reads the path from the
     * table's root record (the order, or one item for detail rows), null along the way giving null.
     */
    public record Column(String name, String path, String type, String table, Function<Object, Object> get) {
    }

    /** One legacy table and its mapped columns, in file order. */
    public record Table(String name, List<Column> columns) {
        public List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    private final ZoneId zone;
    private final Map<String, Map<String, String>> codes;
    private final Map<String, Map<String, String>> reverseCodes;
    private final Table header;
    private final Table detail;
    private final Table member;

    private LegacyMapping(ZoneId zone, Map<String, Map<String, String>> codes, Table header, Table detail,
                          Table member) {
        this.zone = zone;
        this.codes = new java.util.concurrent.ConcurrentHashMap<>(codes);
        this.header = header;
        this.detail = detail;
        this.member = member;
        this.reverseCodes = new java.util.concurrent.ConcurrentHashMap<>();
        codes.forEach((name, table) -> {
            Map<String, String> reverse = new HashMap<>();
            table.forEach((canonical, legacy) -> {
                if (reverse.put(legacy, canonical) != null) {
                    throw new IllegalStateException("code table " + name + " maps two values to " + legacy);
                }
            });
            reverseCodes.put(name, reverse);
        });
    }

    public static LegacyMapping load() {
        try (InputStream in = LegacyMapping.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static LegacyMapping parse(InputStream in) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        ZoneId zone = ZoneId.of((String) root.get("timezone"));
        Map<String, Map<String, String>> codes = new LinkedHashMap<>();
        ((Map<String, Map<Object, Object>>) root.get("codes")).forEach((name, table) -> {
            Map<String, String> t = new LinkedHashMap<>();
            table.forEach((k, v) -> t.put(String.valueOf(k), String.valueOf(v)));
            codes.put(name, Collections.unmodifiableMap(t));
        });
        LegacyMapping m = new LegacyMapping(zone, codes, table(root, "header", CanonicalOrder.class),
                table(root, "detail", OrderItem.class), table(root, "member", CanonicalOrder.class));
        m.checkCodeTablesExist();
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Table table(Map<String, Object> root, String section, Class<?> rowRoot) {
        Map<String, Object> t = (Map<String, Object>) root.get(section);
        String name = identifier((String) t.get("table"));
        List<Column> columns = new ArrayList<>();
        ((Map<String, Map<String, String>>) t.get("columns")).forEach((col, spec) -> {
            String type = spec.getOrDefault("type", "text");
            String path = spec.get("path");
            Function<Object, Object> get = "line".equals(type) ? o -> null : accessor(rowRoot, path, name + "." + col);
            columns.add(new Column(identifier(col), path, type, spec.get("table"), get));
        });
        return new Table(name, List.copyOf(columns));
    }

    /** A dotted path over the canonical records, compiled to a chain of record accessors. */
    private static Function<Object, Object> accessor(Class<?> root, String path, String column) {
        if (path == null) {
            throw new IllegalStateException(RESOURCE + ": " + column + " has no path");
        }
        List<Method> chain = new ArrayList<>();
        Class<?> type = root;
        for (String part : path.split("\\.")) {
            RecordComponent found = null;
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getName().equals(part)) {
                        found = c;
                    }
                }
            }
            if (found == null) {
                throw new IllegalStateException(RESOURCE + ": " + column + " path " + path + " names no field of "
                        + root.getSimpleName());
            }
            chain.add(found.getAccessor());
            type = found.getType();
        }
        Method[] steps = chain.toArray(Method[]::new);
        return value -> {
            Object v = value;
            try {
                for (int i = 0; i < steps.length && v != null; i++) {
                    v = steps[i].invoke(v);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
            }
            return v;
        };
    }

    // table and column names go into SQL text: they come from our own file and must be plain identifiers
    private static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalStateException("not a legacy identifier in " + RESOURCE + ": " + name);
        }
        return name;
    }

    /**
     * Adds legacy source codes of channels defined outside this file (a channel's
     * {@code legacySourceCode} in its mappings/<channel>/channel.yaml). A channel keeps the code it
     * has; a code already used by another channel is refused.
     */
    public synchronized void addChannelCodes(Map<String, String> channelCodes) {
        Map<String, String> table = new LinkedHashMap<>(codes.get("channel"));
        Map<String, String> reverse = new HashMap<>(reverseCodes.get("channel"));
        channelCodes.forEach((channel, code) -> {
            String had = table.get(channel);
            if (had != null) {
                if (!had.equals(code)) {
                    throw new IllegalStateException("channel " + channel + " already has legacy code " + had + ", not " + code);
                }
                return;
            }
            if (reverse.containsKey(code)) {
                throw new IllegalStateException("legacy code " + code + " already belongs to channel " + reverse.get(code));
            }
            table.put(channel, code);
            reverse.put(code, channel);
        });
        codes.put("channel", Collections.unmodifiableMap(table));
        reverseCodes.put("channel", reverse);
    }

    private void checkCodeTablesExist() {
        for (Table t : List.of(header, detail, member)) {
            for (Column c : t.columns()) {
                if ("code".equals(c.type()) && !codes.containsKey(c.table())) {
                    throw new IllegalStateException(t.name() + "." + c.name() + " names unknown code table " + c.table());
                }
            }
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public Table header() {
        return header;
    }

    public Table detail() {
        return detail;
    }

    public Table member() {
        return member;
    }

    public String code(String table, String canonical) {
        return codes.get(table).get(canonical);
    }

    public String canonicalCode(String table, String legacy) {
        return reverseCodes.get(table).get(legacy);
    }

    /** Problems that keep an otherwise valid order out of the legacy schema, by canonical field. */
    public List<FieldError> check(CanonicalOrder order) {
        List<FieldError> errors = new ArrayList<>();
        checkTable(header, order, "", errors);
        for (int i = 0; i < order.items().size(); i++) {
            checkTable(detail, order.items().get(i), "items[" + i + "].", errors);
        }
        return errors;
    }

    private void checkTable(Table t, Object row, String prefix, List<FieldError> errors) {
        for (Column c : t.columns()) {
            Object v = "line".equals(c.type()) ? null : c.get().apply(row);
            if (v == null) {
                continue;
            }
            if ("code".equals(c.type()) && code(c.table(), key(v)) == null) {
                errors.add(new FieldError(prefix + c.path(), "has no legacy CRM code for '" + key(v)
                        + "' (mappings/legacy code table " + c.table() + ")"));
            } else if ("fen".equals(c.type()) && amount(v).stripTrailingZeros().scale() > 2) {
                errors.add(new FieldError(prefix + c.path(), "cannot be stored in fen (more than 2 decimals)"));
            }
        }
    }

    /**
     * The legacy values of one table's columns for a canonical record: the order (header, member)
     * or one item (detail, with its 1-based line).
     */
    public List<Object> values(Table t, Object row, int line) {
        List<Object> values = new ArrayList<>(t.columns().size());
        for (Column c : t.columns()) {
            values.add("line".equals(c.type()) ? (Object) line : toLegacy(c, c.get().apply(row)));
        }
        return values;
    }

    private Object toLegacy(Column c, Object v) {
        if (v == null) {
            return null;
        }
        return switch (c.type()) {
            case "fen" -> amount(v).movePointRight(2).longValueExact();
            case "localtime" -> LocalDateTime.ofInstant(v instanceof Instant i ? i : Instant.parse(v.toString()), zone);
            case "int" -> ((Number) v).intValue();
            case "code" -> {
                String code = code(c.table(), key(v));
                if (code == null) {
                    throw new IllegalArgumentException(c.name() + ": no legacy code for " + key(v));
                }
                yield code;
            }
            default -> key(v);
        };
    }

    /** A canonical value as the code tables and text columns spell it: enum names, true/false, text. */
    private static String key(Object v) {
        return v instanceof Enum<?> e ? e.name() : v instanceof BigDecimal b ? b.toPlainString() : v.toString();
    }

    private static BigDecimal amount(Object v) {
        return v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    }

    /** Rebuilds a canonical order from a legacy header row and its detail rows (ordered by line). */
    public CanonicalOrder toCanonical(Map<String, Object> headerRow, List<Map<String, Object>> detailRows,
                                      String legacyOrderNo, Long version) {
        ObjectNode order = JsonNodeFactory.instance.objectNode();
        fill(order, header, headerRow);
        ArrayNode items = order.putArray("items");
        for (Map<String, Object> row : detailRows) {
            fill(items.addObject(), detail, row);
        }
        order.put("legacyOrderNo", legacyOrderNo);
        if (version != null) {
            order.put("version", version);
        }
        try {
            return CanonicalJson.mapper().treeToValue(order, CanonicalOrder.class);
        } catch (IOException e) {
            throw new IllegalStateException("legacy row does not map to a canonical order: " + e.getMessage(), e);
        }
    }

    private void fill(ObjectNode target, Table t, Map<String, Object> row) {
        for (Column c : t.columns()) {
            if ("line".equals(c.type())) {
                continue;
            }
            Object value = row.get(c.name());
            if (value == null) {
                continue;
            }
            JsonNode node = switch (c.type()) {
                case "fen" -> JsonNodeFactory.instance.textNode(
                        BigDecimal.valueOf(((Number) value).longValue(), 2).toPlainString());
                case "localtime" -> JsonNodeFactory.instance.textNode(localTime(value).atZone(zone).toInstant().toString());
                case "int" -> JsonNodeFactory.instance.numberNode(((Number) value).intValue());
                case "code" -> codeNode(c, String.valueOf(value));
                default -> JsonNodeFactory.instance.textNode(String.valueOf(value));
            };
            put(target, c.path(), node);
        }
    }

    private JsonNode codeNode(Column c, String legacy) {
        String canonical = canonicalCode(c.table(), legacy);
        if (canonical == null) {
            throw new IllegalStateException(c.name() + " holds legacy code '" + legacy + "' unknown to " + RESOURCE);
        }
        if ("true".equals(canonical) || "false".equals(canonical)) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(canonical));
        }
        return JsonNodeFactory.instance.textNode(canonical);
    }

    private static LocalDateTime localTime(Object value) {
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        }
        return LocalDateTime.parse(String.valueOf(value).replace(' ', 'T'));
    }

    private static void put(ObjectNode target, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode n = target;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.get(parts[i]);
            n = child instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], value);
    }

    // ---- the reverse of a write, field by field (OldStoreOrderReader): which canonical value a legacy
    // column holds, and whether the hub's own document value is that same value in a finer form

    /**
     * True when {@code document} (the value the hub wrote, from its HUB_ORDER_DOC document) is what the
     * legacy column {@code c} now holds as {@code legacy} (the column read back, in canonical JSON form):
     * a {@code fen} column holds the same amount whatever the decimal scale (12.5 and 12.50); a
     * {@code localtime} column holds the instant within its whole second (DATETIME keeps no fraction;
     * the write truncates or rounds it); any other column holds exactly the value. Two absent values
     * are the same; one absent and one present are not.
     */
    public boolean holdsSameValue(Column c, JsonNode legacy, JsonNode document) {
        boolean noLegacy = legacy == null || legacy.isNull() || legacy.isMissingNode();
        boolean noDocument = document == null || document.isNull() || document.isMissingNode();
        if (noLegacy || noDocument) {
            return noLegacy && noDocument;
        }
        try {
            return switch (c.type()) {
                case "fen" -> new BigDecimal(legacy.asText()).compareTo(new BigDecimal(document.asText())) == 0;
                case "localtime" -> {
                    Instant held = Instant.parse(legacy.asText());
                    Instant written = Instant.parse(document.asText());
                    yield held.equals(written.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                            || held.equals(written.plusMillis(500).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                }
                case "int" -> legacy.asLong() == document.asLong() && document.canConvertToLong();
                default -> legacy.equals(document) || (legacy.isValueNode() && document.isValueNode()
                        && legacy.asText().equals(document.asText()));
            };
        } catch (RuntimeException e) {
            return false; // a document value that is no amount or instant is not the column's value
        }
    }

    /**
     * The canonical JSON form of a legacy header row and its detail rows (ordered by line), as
     * {@link #toCanonical} reads them, without binding it to the model: the tree a field-by-field
     * merge with the hub's document starts from.
     */
    public ObjectNode toCanonicalTree(Map<String, Object> headerRow, List<Map<String, Object>> detailRows) {
        ObjectNode order = JsonNodeFactory.instance.objectNode();
        fill(order, header, headerRow);
        ArrayNode items = order.putArray("items");
        for (Map<String, Object> row : detailRows) {
            fill(items.addObject(), detail, row);
        }
        return order;
    }
}
