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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden examples: {@code <mapping>/examples/<name>.input.<ext>} beside {@code <name>.expected.json},
 * how an input file is run through a channel's mapping and the choke point, and how the outcome is
 * compared with the expected file. One code for {@code ChannelMappingGoldenTest} (the hub's own
 * mappings) and the {@code golden} command ({@link GoldenCommand}: a channel kept in any folder).
 * Nothing here writes an expected file: those are worked out by hand.
 */
public final class GoldenExamples {

    /** The hub's own mappings, relative to the repository (the tests' working directory). */
    public static final Path ROOT = Path.of("mappings");
    /** The form both sides are compared in: the canonical JSON writer, indented. */
    public static final ObjectMapper PRETTY = CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    /** The shop the examples are mapped for (the admin preview's default, too). */
    public static final String SHOP = MappingPreview.DEFAULT_SHOP;

    private GoldenExamples() {
    }

    /** The hub's own mappings, read from the repository's mappings/ folder. */
    public static ChannelMappings mappings() {
        return new ChannelMappings(List.of("file:" + ROOT.toAbsolutePath() + "/"));
    }

    /** The hub's own golden inputs. */
    public static List<Path> inputs() throws IOException {
        return inputs(ROOT);
    }

    /** Every {@code *.input.*} file in an {@code examples} folder under {@code root}, sorted. */
    public static List<Path> inputs(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getParent() != null && p.getParent().getFileName() != null
                    && p.getParent().getFileName().toString().equals("examples")
                    && p.getFileName().toString().contains(".input.") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** The mapping an input belongs to: the folder holding its examples/ folder. */
    public static String channelOf(Path input) {
        return input.getParent().getParent().getFileName().toString();
    }

    public static Path expectedOf(Path input) {
        return input.resolveSibling(input.getFileName().toString().replaceAll("\\.input\\..*$", ".expected.json"));
    }

    /** The outcome of an input file: one JSON node per record (an array when it holds several). */
    public static JsonNode map(ChannelMappings mappings, String channel, Path input) throws IOException {
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
    public static JsonNode outcome(ChannelMappings mappings, String channel, Object payload) {
        ObjectMapper m = CanonicalJson.mapper();
        try {
            CanonicalOrder mapped = mappings.toCanonical(channel, new ChannelMappings.Shop(SHOP, null), payload);
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

    /** Both sides as the comparison sees them: written by the canonical writer, indented. */
    public static String text(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the outcome differs from the expected file: empty when their texts are equal (the one
     * criterion), else one line per differing value ({@code path: expected X, got Y}), or a note that
     * only the order of the fields differs.
     */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        if (text(expected).equals(text(actual))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        diff("$", expected, actual, out);
        if (out.isEmpty()) {
            out.add("$: same values, but the fields are in another order");
        }
        return out;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || expected.isMissingNode()) {
            out.add(path + ": not expected, got " + actual);
        } else if (actual == null || actual.isMissingNode()) {
            out.add(path + ": expected " + expected + ", missing");
        } else if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(path + "." + n, expected.path(n), actual.path(n), out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            int n = Math.max(expected.size(), actual.size());
            for (int i = 0; i < n; i++) {
                diff(path + "[" + i + "]", expected.path(i), actual.path(i), out);
            }
        } else if (!text(expected).equals(text(actual))) {
            out.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    /** One example's result. */
    public record Result(Path input, List<String> differences) {
        public boolean passed() {
            return differences.isEmpty();
        }
    }

    /**
     * Runs one input: its expected file must exist (an input without one fails, nothing is written);
     * a mapping that throws fails the example with the error.
     */
    public static Result run(ChannelMappings mappings, Path input) {
        Path expectedFile = expectedOf(input);
        if (!Files.isRegularFile(expectedFile)) {
            return new Result(input, List.of("no " + expectedFile.getFileName()
                    + " (work the expected outcome out by hand from the platform's documentation)"));
        }
        try {
            JsonNode expected = CanonicalJson.mapper().readTree(expectedFile.toFile());
            return new Result(input, differences(expected, map(mappings, channelOf(input), input)));
        } catch (IOException | RuntimeException e) {
            return new Result(input, List.of("cannot run: " + e));
        }
    }

    /** Expected files that have no input beside them. */
    public static List<Path> orphans(Path root) throws IOException {
        List<Path> inputs = inputs(root);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".expected.json"))
                    .filter(p -> inputs.stream().noneMatch(i -> expectedOf(i).equals(p))).sorted().toList();
        }
    }
}
