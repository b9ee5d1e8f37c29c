package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reading rules of platform answers on their own: size, UTF-8, keys, nesting, exact decimals. */
class PlatformTransportReadTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerLargerThanTheLimitIsNotRead() {
        assertThatThrownBy(() -> PlatformTransport.read("p api", utf8("{\"a\":\"0123456789\"}"), 10))
                .isInstanceOf(PlatformTransport.Refused.class).hasMessageContaining("more than 10 bytes");
    }

    @Test
    void bytesThatAreNotUtf8AreNotRead() {
        assertThatThrownBy(() -> PlatformTransport.read("p api", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}, 100))
                .isInstanceOf(PlatformTransport.Refused.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void aKeyGivenTwiceIsNamed() {
        assertThatThrownBy(() -> PlatformTransport.read("p api", utf8("{\"r\":{\"tid\":1,\"tid\":2}}"), 100))
                .isInstanceOf(PlatformTransport.Refused.class).hasMessageContaining("r.tid is given twice");
    }

    @Test
    void nestingPastTheLimitIsNotRead() {
        String deep = "{\"a\":" + "[".repeat(80) + "]".repeat(80) + "}";
        assertThatThrownBy(() -> PlatformTransport.read("p api", utf8(deep), 10_000))
                .isInstanceOf(PlatformTransport.Refused.class).hasMessageContaining("nests deeper than 64");
    }

    @Test
    void aWellFormedAnswerKeepsItsDecimalsExact() {
        assertThat(PlatformTransport.read("p api", utf8("{\"payment\":200.10}"), 100).path("payment").decimalValue().toPlainString())
                .isEqualTo("200.10");
    }
}
