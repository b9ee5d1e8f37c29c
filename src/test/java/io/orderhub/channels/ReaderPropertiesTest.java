package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.InvalidOrderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based tests of the readers and mapping functions on arbitrary input: each either
 * answers or refuses with its documented exception, never anything else (no NullPointerException,
 * no ArithmeticException, no StackOverflowError), and never rounds or invents a value.
 */
class ReaderPropertiesTest {

    static final String SAMPLE = read("mappings/canonical/examples/sample-order.json");

    // ---- CanonicalOrderReader -----------------------------------------------------------------

    /** Arbitrary text: an order or InvalidOrderException, nothing else. */
    @Property(tries = 500)
    void theCanonicalReaderRefusesArbitraryTextOnlyWithItsDocumentedException(@ForAll("jsonish") String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
        readOrRefuse(text);
    }

    /** The sample order with one value replaced by an arbitrary JSON value. */
    @Property(tries = 1000)
    void theCanonicalReaderRefusesAnyValueInAnyFieldOnlyWithItsDocumentedException(
            @ForAll("sampleWithOneValueReplaced") String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The sample order cut or with a byte changed anywhere. */
    @Property(tries = 500)
    void theCanonicalReaderRefusesMangledBytesOnlyWithItsDocumentedException(@ForAll("mangledSample") byte[] bytes) {
        readOrRefuse(bytes);
    }

    private static void readOrRefuse(Object body) {
        try {
            CanonicalOrder o = CanonicalOrderReader.read(body);
            assertThat(o.channelOrderId()).isNotBlank();
        } catch (InvalidOrderException e) {
            assertThat(e.errors()).as("a refusal names at least one field").isNotEmpty();
            e.errors().forEach(f -> assertThat(f.field()).isNotBlank());
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\"items\"", "null", "true",
                "-0", "1e400", "-1e-400", "0.1", "\"\\ud800\"", "\"\\u0000\"", "\\", "\"amounts\"", "\"quantity\"", "9999999999999999999999",
                " ", "\n", "\"\u202e\"", "NaN", "Infinity", "//", "/*", "'");
        return Combinators.combine(tokens.list().ofMaxSize(60), Arbitraries.strings().ofMaxLength(20))
                .as((t, s) -> String.join("", t) + s);
    }

    @Provide
    Arbitrary<String> sampleWithOneValueReplaced() {
        List<int[]> spans = valueSpans(SAMPLE);
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "-0", "-0.0", "1e400", "-1e400", "1e-400", "0", "-1",
                        "9223372036854775808", "1.7976931348623157E309", "\"\"", "\" \"", "\"\\ud800\"", "\"\\u0000\"",
                        "\"\\u202e\"", "[]", "{}", "[1,2]", "{\"a\":1}", "\"1e999999999\"", "\"-0.00\"", "\"0.001\"",
                        "\"x'); DROP TABLE orders; --\"", "\"<script>alert(1)</script>\""),
                Arbitraries.strings().ofMaxLength(30).map(s -> com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                        .quoteAsString(s)).map(c -> "\"" + new String(c) + "\""),
                Arbitraries.bigDecimals().map(BigDecimal::toString));
        return Combinators.combine(Arbitraries.integers().between(0, spans.size() - 1), values)
                .as((i, v) -> SAMPLE.substring(0, spans.get(i)[0]) + v + SAMPLE.substring(spans.get(i)[1]));
    }

    @Provide
    Arbitrary<byte[]> mangledSample() {
        byte[] sample = SAMPLE.getBytes(StandardCharsets.UTF_8);
        return Combinators.combine(Arbitraries.integers().between(0, sample.length - 1), Arbitraries.bytes(),
                Arbitraries.of(0, 1, 2)).as((at, b, how) -> {
                    if (how == 0) {
                        return java.util.Arrays.copyOf(sample, at);
                    }
                    byte[] copy = sample.clone();
                    copy[at] = how == 1 ? b : 0;
                    return copy;
                });
    }

    /** Where each scalar value of the sample starts and ends (after a colon or in an array). */
    static List<int[]> valueSpans(String json) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == ':') {
                int s = i + 1;
                while (json.charAt(s) == ' ') {
                    s++;
                }
                int e = s;
                if (json.charAt(s) == '"') {
                    e = json.indexOf('"', s + 1) + 1;
                } else if (json.charAt(s) == '{' || json.charAt(s) == '[') {
                    continue;
                } else {
                    while (",}]\n ".indexOf(json.charAt(e)) < 0) {
                        e++;
                    }
                }
                out.add(new int[] {s, e});
            }
        }
        return out;
    }

    // ---- MappingFunctions ---------------------------------------------------------------------

    /** $money: an exact decimal equal to the text with at least 2 places, or BadValueException. */
    @Property(tries = 2000)
    void moneyIsExactOrRefusedOnArbitraryText(@ForAll("numberish") String s) {
        BigDecimal m;
        try {
            m = MappingFunctions.money(s);
        } catch (BadValueException e) {
            return;
        }
        assertThat(m).isNotNull();
        assertThat(m.scale()).isGreaterThanOrEqualTo(2);
        assertThat(m.compareTo(new BigDecimal(s.trim()))).as("never rounded: " + s).isZero();
    }

    /** $int: a long equal to the text, or BadValueException. */
    @Property(tries = 2000)
    void intIsExactOrRefusedOnArbitraryText(@ForAll("numberish") String s) {
        Object n;
        try {
            n = MappingFunctions.integer(s);
        } catch (BadValueException e) {
            return;
        }
        assertThat(n).isInstanceOf(Long.class);
        assertThat(new BigDecimal(s.trim()).compareTo(BigDecimal.valueOf((Long) n))).isZero();
    }

    /** $time: an ISO time with offset, or BadValueException. */
    @Property(tries = 2000)
    void timeIsIsoOrRefusedOnArbitraryText(@ForAll("timeish") String s) {
        String t;
        try {
            t = MappingFunctions.time(s);
        } catch (BadValueException e) {
            return;
        }
        if (t != null) {
            assertThat(java.time.OffsetDateTime.parse(t)).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> numberish() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789.-+eE ").ofMaxLength(25);
        return Arbitraries.oneOf(digits, Arbitraries.strings().ofMaxLength(15),
                Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "-0", "-0.00", "0e5", "NaN", "Infinity",
                        "  12.5  ", "١٢٣", "１２３", "0x1F", "1_000", "\u0000", "9223372036854775808", "-9223372036854775809"));
    }

    @Provide
    Arbitrary<String> timeish() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789-:T +Z.").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("2026-11-31 10:00:00", "2026-02-29 00:00:00", "9999999999999", "-1", "1e20",
                        "2026-11-22T10:15:30+25:00", "0000-00-00 00:00:00", "99999-01-01 00:00:00"));
    }

    // ---- the CSV reader -----------------------------------------------------------------------

    static final ChannelDefinition CSV = new ChannelDefinition("t", null, "pos", "t-csv", null,
            ChannelDefinition.Format.csv, "order.jsonata", Map.of(), Map.of(),
            new ChannelDefinition.Csv("GBK", "order_no", null), null);

    /** Arbitrary rows under a fixed header: every row is a record or an error record; reading never throws. */
    @Property(tries = 300)
    void theCsvReaderTurnsArbitraryRowsIntoRecordsOrErrorLines(
            @ForAll("rows") List<List<String>> rows) throws IOException {
        StringBuilder text = new StringBuilder("order_no,name,amount\n");
        for (List<String> row : rows) {
            text.append(String.join(",", row)).append('\n');
        }
        Path file = Files.createTempFile("prop", ".csv");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            try (FileRecords.CloseableIterator it = FileRecords.open(file, CSV)) {
                int n = 0;
                while (it.hasNext() && n++ < 1000) {
                    FileRecords.Record r = it.next();
                    assertThat(r.payload() != null || r.error() != null).as("a record or its reason").isTrue();
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<List<List<String>>> rows() {
        return cell().list().ofMaxSize(6).list().ofMaxSize(6);
    }

    Arbitrary<String> cell() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("a,\"\r\n=+-@\t 1\u0000\u202e长").ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(5), Arbitraries.of("\"", "\"\"", "\"a,b\"", "\"a\"b", "=1+1"));
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
