package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden command on a channel kept outside the repository (a copy of the example channel):
 * PASS per example and exit 0; a wrong expected value is a FAIL naming the path and both values,
 * exit 1; an expected file without its input fails; a folder without examples is exit 2. No hub.
 */
class GoldenCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out) {
    }

    Run golden(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = GoldenCommand.run(new String[] {folder.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    Path channel() throws IOException {
        Path source = Path.of("src/test/resources/new-channel-example");
        Path target = tmp.resolve("acme-mall-channel");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    @Test
    void theExampleChannelPassesWithItsOwnTablesAndTheHubsMasterData() throws IOException {
        Run r = golden(channel());

        assertThat(r.code()).as(r.out()).isEqualTo(GoldenCommand.PASSED);
        // 01 uses the channel's own skus.csv (ACME-GIFT-BOX) and the hub's master skus.csv (MUG-CER-350)
        assertThat(r.out()).contains("PASS mappings/acme-mall/examples/01-paid-two-lines.input.json",
                "PASS mappings/acme-mall/examples/02-awaiting-payment.input.json",
                "PASS mappings/acme-mall/examples/03-unknown-sku.input.json",
                "3 examples: 3 passed, 0 failed").doesNotContain("FAIL");
    }

    @Test
    void aWrongExpectedValueFailsNamingThePathAndBothValues() throws IOException {
        Path dir = channel();
        Path expected = dir.resolve("mappings/acme-mall/examples/01-paid-two-lines.expected.json");
        Files.writeString(expected, Files.readString(expected).replace("\"paid\" : \"224.00\"", "\"paid\" : \"225.00\""));

        // a mapping folder given directly works as well
        Run r = golden(dir.resolve("mappings/acme-mall"));

        assertThat(r.code()).as(r.out()).isEqualTo(GoldenCommand.FAILED);
        assertThat(r.out()).contains("FAIL examples/01-paid-two-lines.input.json\n"
                        + "     $.amounts.paid: expected \"225.00\", got \"224.00\"")
                .contains("PASS examples/02-awaiting-payment.input.json")
                .contains("3 examples: 2 passed, 1 failed");
    }

    @Test
    void anInputWithoutExpectedFileAndAnExpectedFileWithoutInputFail() throws IOException {
        Path dir = channel();
        Path examples = dir.resolve("mappings/acme-mall/examples");
        Files.delete(examples.resolve("02-awaiting-payment.expected.json"));
        Files.delete(examples.resolve("03-unknown-sku.input.json"));

        Run r = golden(dir);

        assertThat(r.code()).as(r.out()).isEqualTo(GoldenCommand.FAILED);
        assertThat(r.out()).contains("FAIL mappings/acme-mall/examples/02-awaiting-payment.input.json\n"
                        + "     no 02-awaiting-payment.expected.json")
                .contains("FAIL mappings/acme-mall/examples/03-unknown-sku.expected.json\n"
                        + "     an expected file without its input");
    }

    @Test
    void aFolderWithoutExamplesIsAUsageError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run r = golden(empty);
        assertThat(r.code()).isEqualTo(GoldenCommand.USAGE);
        assertThat(r.out()).contains("no examples");
    }
}
