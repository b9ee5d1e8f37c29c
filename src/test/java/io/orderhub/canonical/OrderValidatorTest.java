package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.Samples;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderValidatorTest {

    @Test
    void sampleOrderIsValidAndGetsItsDefaults() {
        CanonicalOrder o = CanonicalOrderReader.read(Samples.sample().toString());
        assertThat(o.onHold()).isFalse();
        assertThat(o.items().get(1).discount()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(o.items().get(0).afterSaleStatus()).isEqualTo(AfterSaleStatus.NONE);
        assertThat(o.createdAt()).isEqualTo(Instant.parse("2026-11-22T02:15:30Z"));
        assertThat(o.amounts().paid()).isEqualByComparingTo("168.90");
    }

    /** Rule violations: read fine, rejected with 422 naming the field. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("channel", null, "channel", "is required"),
                Arguments.of("channel", "Tmall!", "channel", "must match"),
                Arguments.of("shopId", " ", "shopId", "is required"),
                Arguments.of("channelOrderId", null, "channelOrderId", "is required"),
                Arguments.of("status", null, "status", "is required"),
                Arguments.of("createdAt", null, "createdAt", "is required"),
                Arguments.of("id", "01a20109-81d0-775c-aa7c-893db94c3191", "id", "assigned by the hub"),
                Arguments.of("version", 3, "version", "assigned by the hub"),
                Arguments.of("items", new Object[0], "items", "at least one"),
                Arguments.of("items[0].quantity", 0, "items[0].quantity", "at least 1"),
                Arguments.of("items[0].hubSku", null, "items[0].hubSku", "is required"),
                Arguments.of("items[0].name", null, "items[0].name", "is required"),
                Arguments.of("items[0].lineTotal", "168.01", "items[0].lineTotal", "must equal unitPrice × quantity − discount = 168.00"),
                Arguments.of("items[0].unitPrice", "-1.00", "items[0].unitPrice", "must not be negative"),
                Arguments.of("items[0].unitPrice", "89.001", "items[0].unitPrice", "at most 2 decimal places"),
                Arguments.of("items[0].discount", "200.00", "items[0].discount", "must not exceed unitPrice × quantity"),
                Arguments.of("amounts.goods", "181.00", "amounts.goods", "must equal the sum of items[].lineTotal = 180.90"),
                Arguments.of("amounts.paid", "168.91", "amounts.paid", "must equal goods − discount + shipping = 168.90"),
                Arguments.of("amounts.shipping", "9.00", "amounts.paid", "must equal goods − discount + shipping = 169.90"),
                Arguments.of("amounts.currency", "XYZ", "amounts.currency", "ISO 4217"),
                Arguments.of("amounts.paid", null, "amounts.paid", "is required"),
                Arguments.of("amounts", null, "amounts", "is required"),
                Arguments.of("shippingAddress.provinceCode", "310100", "shippingAddress.provinceCode", "ends in 0000"),
                Arguments.of("shippingAddress.cityCode", "320100", "shippingAddress.cityCode", "not inside provinceCode"),
                Arguments.of("shippingAddress.districtCode", "310200", "shippingAddress.districtCode", "does not end in 00"),
                Arguments.of("shippingAddress.districtCode", "3101A5", "shippingAddress.districtCode", "must match"),
                Arguments.of("shippingAddress.receiverName", null, "shippingAddress.receiverName", "is required"),
                Arguments.of("regionCode", "SH", "regionCode", "must match"),
                Arguments.of("storeCode", "sh 01", "storeCode", "must match"),
                Arguments.of("buyer.mobile", "call me", "buyer.mobile", "must match"),
                Arguments.of("member.unionId", "x", "member.unionId", "must match"),
                Arguments.of("platformModifiedAt", "2026-11-01T00:00:00Z", "platformModifiedAt", "before createdAt"),
                Arguments.of("buyerRemark", "长".repeat(501), "buyerRemark", "at most 500 characters"));
    }

    @ParameterizedTest(name = "{0}={1} -> {2} {3}")
    @MethodSource("invalid")
    void ruleViolationsNameTheField(String path, Object value, String field, String reason) {
        ObjectNode o = Samples.set(Samples.sample(), path, value);
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class,
                () -> CanonicalOrderReader.read(o.toString()));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.malformed()).isFalse();
        assertThat(e.errors()).anySatisfy(fe -> {
            assertThat(fe.field()).isEqualTo(field);
            assertThat(fe.reason()).contains(reason);
        });
    }

    /** Unreadable input: 400 naming the field. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\"channel\":", "$", "not well-formed JSON"),
                Arguments.of("[1,2]", "$", "an object"),
                Arguments.of("", "$", "JSON object"),
                Arguments.of(Samples.set(Samples.sample(), "colour", "red").toString(), "colour", "not a field"),
                Arguments.of(Samples.set(Samples.sample(), "items[0].quantity", 1.5).toString(), "items[0].quantity", "an integer"),
                Arguments.of(Samples.set(Samples.sample(), "items[0].quantity", "2").toString(), "items[0].quantity", "an integer"),
                Arguments.of(Samples.set(Samples.sample(), "status", "SENT").toString(), "status", "one of"),
                Arguments.of(Samples.set(Samples.sample(), "createdAt", "yesterday").toString(), "createdAt", "ISO-8601"),
                Arguments.of(Samples.set(Samples.sample(), "amounts.paid", "lots").toString(), "amounts.paid", "decimal amount"),
                Arguments.of(Samples.set(Samples.sample(), "onHold", "yes").toString(), "onHold", "true or false"),
                Arguments.of(Samples.set(Samples.sample(), "items", "none").toString(), "items", "an array"),
                Arguments.of("{\"channel\":\"a\",\"channel\":\"b\"}", "channel", "given twice"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("malformed")
    void unreadableInputNamesTheField(String body, String field, String reason) {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> CanonicalOrderReader.read(body));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.malformed()).isTrue();
        assertThat(e.errors()).singleElement().satisfies(fe -> {
            assertThat(fe.field()).isEqualTo(field);
            assertThat(fe.reason()).contains(reason);
        });
    }

    @Test
    void everyOffendingFieldIsReportedAtOnce() {
        ObjectNode o = Samples.sample();
        Samples.set(o, "channel", null);
        Samples.set(o, "items[1].quantity", -2);
        Samples.set(o, "amounts.currency", "EURO");
        assertThatThrownBy(() -> CanonicalOrderReader.read(o.toString()))
                .isInstanceOfSatisfying(InvalidOrderException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .contains("channel", "items[1].quantity", "amounts.currency"));
    }

    @Test
    void moneyIsExactWithoutBinaryFloatingPoint() {
        // 0.1 + 0.2 is 0.30000000000000004 in doubles; in BigDecimal it is exactly 0.3
        ObjectNode o = Samples.sample();
        Samples.set(o, "items[0].unitPrice", "0.10");
        Samples.set(o, "items[0].quantity", 1);
        Samples.set(o, "items[0].discount", "0");
        Samples.set(o, "items[0].lineTotal", "0.10");
        Samples.set(o, "items[1].unitPrice", "0.20");
        Samples.set(o, "items[1].lineTotal", "0.20");
        Samples.set(o, "amounts.goods", "0.3");
        Samples.set(o, "amounts.shipping", "0");
        Samples.set(o, "amounts.discount", "0");
        Samples.set(o, "amounts.paid", "0.30");
        assertThat(CanonicalOrderReader.read(o.toString()).amounts().paid()).isEqualByComparingTo("0.3");
    }

    @Test
    void aZeroDecimalCurrencyRejectsFractions() {
        ObjectNode o = Samples.sample();
        Samples.set(o, "amounts.currency", "JPY");
        assertThatThrownBy(() -> CanonicalOrderReader.read(o.toString()))
                .isInstanceOfSatisfying(InvalidOrderException.class, e -> assertThat(e.errors())
                        .anySatisfy(fe -> assertThat(fe.reason()).contains("at most 0 decimal places")));
    }
}
