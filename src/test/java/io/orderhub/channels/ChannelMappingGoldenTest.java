package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden example of every channel: {@code mappings/<channel>/examples/<name>.input.<ext>}
 * mapped (file formats split into records first) and read by the canonical reader must equal
 * {@code <name>.expected.json}: the canonical order, or {@code {"needsAttention": [reasons]}},
 * {@code {"invalid": [{field, reason}]}} or {@code {"unreadable": reason}}; an array when the input
 * holds several records. Run with {@code -Dgolden.update=true} to write the expected files after a
 * deliberate mapping change, then review the diff.
 */
class ChannelMappingGoldenTest {

    static final Path ROOT = Path.of("mappings");
    static final int MIN_EXAMPLES = 8;
    static final ChannelMappings MAPPINGS = new ChannelMappings(List.of("file:" + ROOT.toAbsolutePath() + "/"));
    static final ObjectMapper PRETTY = CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.getNameCount() >= 3 && p.getParent().getFileName().toString().equals("examples")
                    && p.getFileName().toString().contains(".input.")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void mapsAsExpected(Path input) throws IOException {
        String channel = input.getParent().getParent().getFileName().toString();
        JsonNode actual = map(channel, input);
        Path expectedFile = input.resolveSibling(input.getFileName().toString().replaceAll("\\.input\\..*$", ".expected.json"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expectedFile, PRETTY.writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).as("expected file of " + input).exists();
        JsonNode expected = CanonicalJson.mapper().readTree(expectedFile.toFile());
        assertThat(PRETTY.writeValueAsString(actual)).as(input.toString()).isEqualTo(PRETTY.writeValueAsString(expected));
    }

    @Test
    void everyChannelHasEnoughExamples() throws IOException {
        Map<String, Long> counts = new TreeMap<>(examples().collect(Collectors.groupingBy(
                p -> p.getParent().getParent().getFileName().toString(), Collectors.counting())));
        for (String channel : MAPPINGS.names()) {
            assertThat(counts.getOrDefault(channel, 0L)).as("golden examples of " + channel).isGreaterThanOrEqualTo(MIN_EXAMPLES);
        }
    }

    /** The outcome of an input file: one JSON node per record. */
    static JsonNode map(String channel, Path input) throws IOException {
        ChannelDefinition d = MAPPINGS.channel(channel).definition();
        if (d.format() == ChannelDefinition.Format.json) {
            return outcome(channel, Files.readAllBytes(input));
        }
        ArrayNode all = CanonicalJson.mapper().createArrayNode();
        try (FileRecords.CloseableIterator records = FileRecords.open(input, d)) {
            while (records.hasNext()) {
                FileRecords.Record r = records.next();
                if (r.error() != null) {
                    ObjectNode o = all.addObject();
                    o.put("line", r.line());
                    o.put("unreadable", r.error());
                } else {
                    JsonNode o = outcome(channel, r.payload());
                    if (!o.has("channel")) {
                        ((ObjectNode) o).put("line", r.line());
                    }
                    all.add(o);
                }
            }
        }
        return all.size() == 1 ? all.get(0) : all;
    }

    static JsonNode outcome(String channel, Object payload) {
        ObjectMapper m = CanonicalJson.mapper();
        try {
            ObjectNode mapped = MAPPINGS.toCanonical(channel, new ChannelMappings.Shop("example-shop", null), payload);
            CanonicalOrder order = CanonicalOrderReader.read(ChannelMappings.bytes(mapped));
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
