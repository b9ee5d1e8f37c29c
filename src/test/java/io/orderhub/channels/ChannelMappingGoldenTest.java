package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
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
 * holds several records.
 *
 * <p>This test only compares: an input without its expected file fails, and nothing is ever
 * written, here or anywhere: expected files are worked out by hand from the platform's documented
 * semantics (the arithmetic of money examples in each examples/README.md), never by the mapper
 * they check.
 */
class ChannelMappingGoldenTest {

    static final int MIN_EXAMPLES = 8;
    static final ChannelMappings MAPPINGS = GoldenExamples.mappings();

    static Stream<Path> examples() throws IOException {
        return GoldenExamples.inputs().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void mapsAsExpected(Path input) {
        assertThat(GoldenExamples.expectedOf(input)).as("expected file of " + input
                + " (work it out by hand from the platform's documentation)").exists();
        // the comparison the golden command makes for a channel kept outside the repository
        GoldenExamples.Result r = GoldenExamples.run(MAPPINGS, input);
        assertThat(r.differences()).as(input.toString()).isEmpty();
    }

    @Test
    void everyExpectedFileHasItsInput() throws IOException {
        assertThat(GoldenExamples.orphans(GoldenExamples.ROOT)).as("expected files without an input").isEmpty();
    }

    /**
     * Running every example (as this test and the golden command do) leaves every expected file as
     * it was, byte for byte: the comparison reads them and nothing writes them.
     */
    @Test
    void runningTheExamplesLeavesEveryExpectedFileAsItWas() throws Exception {
        Map<Path, String> before = expectedDigests();
        assertThat(before).isNotEmpty();
        for (Path input : GoldenExamples.inputs()) {
            GoldenExamples.run(MAPPINGS, input);
        }
        assertThat(expectedDigests()).isEqualTo(before);
    }

    private static Map<Path, String> expectedDigests() throws Exception {
        Map<Path, String> digests = new TreeMap<>();
        for (Path input : GoldenExamples.inputs()) {
            Path expected = GoldenExamples.expectedOf(input);
            if (java.nio.file.Files.exists(expected)) {
                digests.put(expected, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(java.nio.file.Files.readAllBytes(expected))));
            }
        }
        return digests;
    }

    @Test
    void everyChannelHasEnoughExamples() throws IOException {
        Map<String, Long> counts = new TreeMap<>(examples().collect(Collectors.groupingBy(
                GoldenExamples::channelOf, Collectors.counting())));
        for (String channel : MAPPINGS.names()) {
            assertThat(counts.getOrDefault(channel, 0L)).as("golden examples of " + channel).isGreaterThanOrEqualTo(MIN_EXAMPLES);
        }
    }
}
