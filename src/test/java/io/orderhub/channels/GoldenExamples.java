package io.orderhub.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden examples of {@code mappings/<channel>/examples/}: {@code <name>.input.<ext>} beside
 * {@code <name>.expected.json}, and how an input file is run through a channel's mapping and the
 * choke point. Shared by {@link ChannelMappingGoldenTest} (which only compares) and the tests that run
 * single examples. Nothing here writes an expected file: those are worked out by hand.
 */
final class GoldenExamples {

    static final Path ROOT = Path.of("mappings");
    static final ObjectMapper PRETTY = CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenExamples() {
    }

    static ChannelMappings mappings() {
        return new ChannelMappings(List.of("file:" + ROOT.toAbsolutePath() + "/"));
    }

    static List<Path> inputs() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.getNameCount() >= 3 && p.getParent().getFileName().toString().equals("examples")
                    && p.getFileName().toString().contains(".input.")).sorted().toList();
        }
    }

    static String channelOf(Path input) {
        return input.getParent().getParent().getFileName().toString();
    }

    static Path expectedOf(Path input) {
        return input.resolveSibling(input.getFileName().toString().replaceAll("\\.input\\..*$", ".expected.json"));
    }

    /** The outcome of an input file: one JSON node per record (an array when it holds several). */
    static JsonNode map(ChannelMappings mappings, String channel, Path input) throws IOException {
        ChannelMappings.Channel c = mappings.channel(channel);
        ChannelDefinition d = c.definition();
        if (d.format() == ChannelDefinition.Format.json) {
            return outcome(mappings, channel, Files.readAllBytes(input));
        }
        ArrayNode all = CanonicalJson.mapper().createArrayNode();
        try (FileRecords.CloseableIterator records = FileRecords.open(input, d, c.columns())) {
            while (records.hasNext()) {
                FileRecords.Record r = records.next();
                if (r.error() != null) {
                    ObjectNode o = all.addObject();
                    o.put("line", r.line());
                    o.put("unreadable", r.error());
                } else {
                    JsonNode o = outcome(mappings, channel, r.payload());
                    if (!o.has("channel")) {
                        ((ObjectNode) o).put("line", r.line());
                    }
                    all.add(o);
                }
            }
        }
        return all.size() == 1 ? all.get(0) : all;
    }

    /** One record through the channel's mapping and then the choke point's validation, as the hub does it. */
    static JsonNode outcome(ChannelMappings mappings, String channel, Object payload) {
        ObjectMapper m = CanonicalJson.mapper();
        try {
            CanonicalOrder mapped = mappings.toCanonical(channel, new ChannelMappings.Shop("example-shop", null), payload);
            CanonicalOrder order = CanonicalOrderReader.read(mapped);
            return m.valueToTree(order);
        } catch (UnmappableOrderException e) {
            ObjectNode o = m.createObjectNode();
            e.reasons().forEach(o.putArray("needsAttention")::add);
            return o;
        } catch (InvalidOrderException e) {
            ObjectNode o = m.createObjectNode();
            ArrayNode list = o.putArray(e.malformed() ? "malformed" : "invalid");
            for (FieldError f : e.errors()) {
                list.addObject().put("field", f.field()).put("reason", f.reason());
            }
            return o;
        }
    }
}
