package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our MurmurHash3 x86_32 against published test vectors, none computed by us:
 * <ul>
 *   <li>Ian Boyd's vectors for MurmurHash3_x86_32, https://stackoverflow.com/a/31929528 (also in
 *       python-mmh3's test suite, hajimes/mmh3 tests/test_mmh3.py);</li>
 *   <li>Wikipedia, https://en.wikipedia.org/wiki/MurmurHash ("test", "Hello, world!", "The quick brown
 *       fox jumps over the lazy dog", seed 0x9747b28c).</li>
 * </ul>
 * The byte vectors cover every tail length (0-3 bytes past a block) and the seed; the text vectors
 * are UTF-8, including a multi-byte one.
 */
class Murmur3Test {

    @ParameterizedTest(name = "bytes {0} seed {1} -> {2}")
    @CsvSource({
            // Ian Boyd, stackoverflow.com/a/31929528: empty input with seeds 0, 1, 0xffffffff
            "'', 00000000, 00000000",
            "'', 00000001, 514E28B7",
            "'', ffffffff, 81F16F39",
            // a whole block, a block's seed, and 3/2/1-byte tails
            "21436587, 00000000, F55B516B",
            "21436587, 5082EDEE, 2362F9DE",
            "214365, 00000000, 7E4A8634",
            "2143, 00000000, A0F7B07A",
            "21, 00000000, 72661CF4",
            "ffffffff, 00000000, 76293B50",
            "00000000, 00000000, 2362F9DE",
            "000000, 00000000, 85F0B427",
            "0000, 00000000, 30F4C306",
            "00, 00000000, 514E28B7"})
    void bytesMatchThePublishedVectors(String hex, String seed, String expected) {
        byte[] data = HexFormat.of().parseHex(hex);
        assertThat(Murmur3.hash32(data, Integer.parseUnsignedInt(seed, 16)))
                .isEqualTo(Integer.parseUnsignedInt(expected, 16));
    }

    @ParameterizedTest(name = "\"{0}\" seed {1} -> {2}")
    @CsvSource({
            // Ian Boyd, stackoverflow.com/a/31929528
            "aaaa, 9747B28C, 5A97808A",
            "aaa, 9747B28C, 283E0130",
            "aa, 9747B28C, 5D211726",
            "a, 9747B28C, 7FA09EA6",
            "abcd, 9747B28C, F0478627",
            "abc, 9747B28C, C84A62DD",
            "ab, 9747B28C, 74875592",
            "'Hello, world!', 9747B28C, 24884CBA",
            "ππππππππ, 9747B28C, D58063C1",
            "abc, 00000000, B3DD93FA",
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq, 00000000, EE925B90",
            // Wikipedia, MurmurHash: "test", and the pangram
            "test, 9747B28C, 704B81DC",
            "The quick brown fox jumps over the lazy dog, 9747B28C, 2FA826CD"})
    void utf8TextMatchesThePublishedVectors(String text, String seed, String expected) {
        assertThat(Murmur3.hash32(text, Integer.parseUnsignedInt(seed, 16)))
                .isEqualTo(Integer.parseUnsignedInt(expected, 16));
        assertThat(Murmur3.hash32(text.getBytes(StandardCharsets.UTF_8), Integer.parseUnsignedInt(seed, 16)))
                .isEqualTo(Integer.parseUnsignedInt(expected, 16));
    }

    @org.junit.jupiter.api.Test
    void twoHundredFiftySixAsMatchTheVector() {
        // Ian Boyd, stackoverflow.com/a/31929528: 256 × 'a', seed 0x9747b28c
        assertThat(Murmur3.hash32("a".repeat(256), 0x9747B28C)).isEqualTo(0x37405BDC);
    }
}
