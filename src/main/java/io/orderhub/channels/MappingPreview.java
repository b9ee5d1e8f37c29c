package io.orderhub.channels;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.stores.LegacyMapping;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * The steps of the admin preview (routes/platform/admin-preview.camel.yaml): what a sample platform
 * record would become, through the same mapping step and the same validation as the intake, but
 * neither the stores nor the needs-attention queue are touched.
 */
public class MappingPreview {

    /** Mapping names as they are folders under mappings/; anything else never reaches a URI. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** The shop the golden examples are mapped for, when the caller names none. */
    static final String DEFAULT_SHOP = "example-shop";

    /** Records counted before the answer says "more than one". */
    private static final int MAX_COUNTED = 1000;
    private static final ObjectMapper ARRAY_READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private final ChannelMappings mappings;
    private final LegacyMapping legacy;

    public MappingPreview(ChannelMappings mappings, LegacyMapping legacy) {
        this.mappings = mappings;
        this.legacy = legacy;
    }

    /**
     * Takes the path's mapping and the optional {@code shop} query into exchange properties and drops
     * every other header the caller sent; an unknown mapping is a 404.
     */
    public void request(Exchange exchange) {
        String mapping = exchange.getIn().getHeader("mapping", String.class);
        String shop = exchange.getIn().getHeader("shop", String.class);
        exchange.getIn().removeHeaders("*");
        // the engineer has usually just edited a table or mapping: show what the files say now
        mappings.reloadIfChanged(true);
        if (mapping == null || !NAME.matcher(mapping).matches() || !mappings.names().contains(mapping)) {
            throw new UnknownMappingException("no mapping '" + mapping + "'; known: " + mappings.names());
        }
        if (shop != null && (shop.isBlank() || shop.length() > 64)) {
            throw new InvalidOrderException(true, List.of(new FieldError("shop", "must be 1 to 64 characters")));
        }
        exchange.setProperty("mapping", mapping);
        exchange.setProperty("shopId", shop == null ? DEFAULT_SHOP : shop);
        exchange.setProperty("source", "admin preview");
        exchange.getIn().setBody(oneRecord(mapping, exchange.getIn().getBody(byte[].class)));
    }

    /**
     * The one record of the sample, read as the channel reads its input (a file channel's sample
     * split as a dropped file is: CSV rows grouped by order, one XML record element, JSON lines; a
     * JSON channel's sample is one document, or a JSON array of one). Several records are refused
     * ({@link OneRecordOnlyException}, 400): the preview never picks one of them silently.
     */
    Object oneRecord(String mapping, byte[] body) {
        if (body == null || body.length == 0) {
            return body;
        }
        ChannelMappings.Channel c = mappings.channel(mapping);
        ChannelDefinition d = c.definition();
        if (d.format() == ChannelDefinition.Format.json) {
            return oneOfArray(body);
        }
        Path file = null;
        try {
            file = Files.createTempFile("orderhub-preview-", ".sample");
            Files.write(file, body);
            List<FileRecords.Record> records = new ArrayList<>();
            try (FileRecords.CloseableIterator it = FileRecords.open(file, d, c.columns())) {
                while (it.hasNext() && records.size() <= MAX_COUNTED) {
                    records.add(it.next());
                }
            }
            if (records.size() > 1) {
                throw new OneRecordOnlyException(records.size());
            }
            if (records.isEmpty()) {
                throw new MalformedRecordException("$", "holds no record");
            }
            FileRecords.Record r = records.get(0);
            if (r.error() != null) {
                throw new MalformedRecordException("$", r.error());
            }
            return r.payload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the JVM's temp folder is cleaned by the system
                }
            }
        }
    }

    /** A JSON array is taken only with one element; anything else goes to the mapping as it is. */
    private static Object oneOfArray(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        if (i == body.length || body[i] != '[') {
            return body;
        }
        JsonNode tree;
        try {
            tree = ARRAY_READER.readTree(body);
        } catch (IOException e) {
            return body; // not JSON: the mapping step names what is wrong with it
        }
        if (tree.size() > 1) {
            throw new OneRecordOnlyException(tree.size());
        }
        // one element: that document, read with exact decimals (as the mapping step reads a body)
        return tree.size() == 1 ? tree.get(0) : body;
    }

    /** The order as the intake would take it: validated (422 otherwise), or the reasons it would be parked. */
    @SuppressWarnings("unchecked")
    public Object answer(Exchange exchange) {
        List<String> reasons = exchange.getProperty(ChannelIntake.NEEDS_ATTENTION, List.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        if (reasons != null) {
            Map<String, Object> parked = new LinkedHashMap<>();
            parked.put("needsAttention", reasons);
            return parked;
        }
        CanonicalOrder order = CanonicalOrderReader.read(exchange.getMessage().getBody());
        List<FieldError> legacyProblems = legacy.check(order);
        if (!legacyProblems.isEmpty()) {
            throw new InvalidOrderException(false, legacyProblems);
        }
        return order;
    }
}
