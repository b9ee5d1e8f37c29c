package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Masked contacts as the platforms document them, accepted at the door and flagged. The masked
 * values are the documented ones: Pinduoduo's receiver name mask (张**), Taobao's
 * taobao.trade.fullinfo.get receiver_mobile example (135*******), and the 3+4 digit mobile mask
 * (138****1234) of Pinduoduo's receiver_phone_mask and the WeChat shop's receiver (131****1907)
 * (sources in the README's "Masked contacts" paragraph).
 */
class MaskedContactTest {

    private static ObjectNode masked(String name, String mobile) {
        ObjectNode o = Samples.sample();
        Samples.set(o, "buyer.name", name);
        Samples.set(o, "buyer.mobile", mobile);
        Samples.set(o, "shippingAddress.receiverName", name);
        Samples.set(o, "shippingAddress.receiverMobile", mobile);
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {"138****1234", "135*******", "+86 138****1234", "***********"})
    void aMaskedMobileIsAcceptedAsReceivedAndFlagged(String mobile) {
        CanonicalOrder o = CanonicalOrderReader.read(masked("张**", mobile).toString());
        assertThat(o.buyer().name()).isEqualTo("张**");
        assertThat(o.buyer().mobile()).isEqualTo(mobile);
        assertThat(o.buyer().masked()).isTrue();
        assertThat(o.shippingAddress().receiverName()).isEqualTo("张**");
        assertThat(o.shippingAddress().receiverMobile()).isEqualTo(mobile);
        assertThat(o.shippingAddress().masked()).isTrue();
    }

    @Test
    void aMaskedNameAloneFlagsItsContactOnly() {
        ObjectNode in = Samples.sample();
        Samples.set(in, "buyer.name", "张**");
        CanonicalOrder o = CanonicalOrderReader.read(in.toString());
        assertThat(o.buyer().masked()).isTrue();
        assertThat(o.shippingAddress().masked()).isNull();
    }

    @Test
    void aMaskedDetailFlagsTheAddress() {
        // Pinduoduo's address_mask: the street detail with its house number hidden
        ObjectNode in = Samples.sample();
        Samples.set(in, "shippingAddress.detail", "世纪大道***号");
        assertThat(CanonicalOrderReader.read(in.toString()).shippingAddress().masked()).isTrue();
    }

    @Test
    void anUnmaskedContactHasNoFlagAndSerialisesWithoutOne() throws Exception {
        CanonicalOrder o = CanonicalOrderReader.read(Samples.sample().toString());
        assertThat(o.buyer().masked()).isNull();
        assertThat(o.shippingAddress().masked()).isNull();
        JsonNode out = CanonicalJson.mapper().readTree(CanonicalJson.mapper().writeValueAsString(o));
        assertThat(out.path("buyer").has("masked")).isFalse();
    }

    @Test
    void aMappingMayDeclareAContactMaskedAndTheFlagIsWritten() throws Exception {
        // e.g. a platform that replaces the contact by a virtual number without any * in it
        ObjectNode in = Samples.sample();
        Samples.set(in, "buyer.masked", true);
        CanonicalOrder o = CanonicalOrderReader.read(in.toString());
        assertThat(o.buyer().masked()).isTrue();
        JsonNode out = CanonicalJson.mapper().readTree(CanonicalJson.mapper().writeValueAsString(o));
        assertThat(out.path("buyer").path("masked").asBoolean()).isTrue();
    }

    @Test
    void aDeclaredFalseDoesNotHideAMask() {
        ObjectNode in = masked("张**", "138****1234");
        Samples.set(in, "buyer.masked", false);
        assertThat(CanonicalOrderReader.read(in.toString()).buyer().masked()).isTrue();
    }

    /** Structure is still checked: only digits, spaces, dashes, a leading + and the mask character. */
    @ParameterizedTest
    @ValueSource(strings = {"138****12a4", "call ****", "138#***1234", "1*", "138****1234****123456"})
    void aMaskedMobileMustStillLookLikeAMobile(String mobile) {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class,
                () -> CanonicalOrderReader.read(masked("张**", mobile).toString()));
        assertThat(e).as(mobile).isNotNull();
        assertThat(e.malformed()).isFalse();
        assertThat(e.errors()).extracting(FieldError::field)
                .contains("buyer.mobile", "shippingAddress.receiverMobile");
        // personal data is never echoed in the reasons
        assertThat(e.errors()).extracting(FieldError::reason).noneMatch(r -> r.contains(mobile));
    }
}
