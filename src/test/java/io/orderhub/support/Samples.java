package io.orderhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The README's sample order, and variants of it for tests. */
public final class Samples {

    public static final Path SAMPLE = Path.of("mappings/canonical/examples/sample-order.json");
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Samples() {
    }

    public static ObjectNode sample() {
        try {
            return (ObjectNode) CanonicalJson.mapper().readTree(Files.readString(SAMPLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample with a channel order id of its own, so tests do not meet each other's orders. */
    public static ObjectNode fresh() {
        ObjectNode o = sample();
        o.put("channelOrderId", "T" + SEQ.incrementAndGet());
        return o;
    }

    /**
     * Sets a value at a dotted path such as {@code items[0].quantity} or {@code amounts.paid};
     * a {@code null} value removes the field.
     */
    public static ObjectNode set(ObjectNode root, String path, Object value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = step(node, parts[i]);
        }
        String last = parts[parts.length - 1];
        ObjectNode parent;
        if (last.endsWith("]")) {
            String field = last.substring(0, last.indexOf('['));
            int index = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
            ArrayNode array = (ArrayNode) node.get(field);
            array.set(index, CanonicalJson.mapper().valueToTree(value));
            return root;
        }
        parent = (ObjectNode) node;
        if (value == null) {
            parent.remove(last);
        } else {
            parent.set(last, CanonicalJson.mapper().valueToTree(value));
        }
        return root;
    }

    private static JsonNode step(JsonNode node, String part) {
        if (part.endsWith("]")) {
            String field = part.substring(0, part.indexOf('['));
            int index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
            return node.get(field).get(index);
        }
        return node.get(part);
    }

    public static String json(JsonNode node) {
        return node.toString();
    }
}
