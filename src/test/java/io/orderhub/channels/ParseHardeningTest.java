package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.support.Samples;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The parse-level rules of the channel readers and the canonical door, without a hub: a platform
 * record that cannot be read is malformed naming its field or the limit (never parked with
 * exception text), and text either store cannot hold identically is a rule violation naming the field.
 */
class ParseHardeningTest {

    static final ChannelMappings MAPPINGS = GoldenExamples.mappings();
    static final Path SHOPIFY = Path.of("mappings/shopify/examples/01-paid-multi-line.input.json");
    static final ChannelMappings.Shop SHOP = new ChannelMappings.Shop("shopify-cn-flagship", null);

    static ObjectNode shopify() throws Exception {
        return (ObjectNode) CanonicalJson.mapper().readTree(Files.readString(SHOPIFY));
    }

    static FieldError malformed(Object record) {
        MalformedRecordException e = catchThrowableOfType(MalformedRecordException.class,
                () -> MAPPINGS.toCanonical("shopify", SHOP, record));
        assertThat(e).as("a malformed record").isNotNull();
        assertThat(e.malformed()).isTrue();
        assertThat(e.errors()).hasSize(1);
        return e.errors().get(0);
    }

    @Test
    void theUntouchedExampleMaps() throws Exception {
        CanonicalOrder o = MAPPINGS.toCanonical("shopify", SHOP, shopify().toString().getBytes(StandardCharsets.UTF_8));
        assertThat(o.amounts().paid()).isEqualByComparingTo("366.50");
    }

    @Test
    void aKeyGivenTwiceIsNamed() throws Exception {
        String text = shopify().toString().replaceFirst("\\{", "{\"total_price\":\"0.01\",");
        FieldError f = malformed(text.getBytes(StandardCharsets.UTF_8));
        assertThat(f.field()).isEqualTo("total_price");
        assertThat(f.reason()).contains("twice");
    }

    @Test
    void nestingBeyondTheLimitNamesTheLimitWhetherBytesOrText() throws Exception {
        String text = shopify().toString().replaceFirst("\\{", "{\"note_attributes\":" + "[".repeat(2000) + "]".repeat(2000) + ",");
        assertThat(malformed(text.getBytes(StandardCharsets.UTF_8)).reason()).contains("64 levels");
        assertThat(malformed(text).reason()).contains("64 levels");
        String justAbove = shopify().toString().replaceFirst("\\{", "{\"note_attributes\":" + "[".repeat(64) + "]".repeat(64) + ",");
        assertThat(malformed(justAbove).reason()).contains("64 levels");
        String justBelow = shopify().toString().replaceFirst("\\{", "{\"note_attributes\":" + "[".repeat(63) + "]".repeat(63) + ",");
        assertThat(MAPPINGS.toCanonical("shopify", SHOP, justBelow).channelOrderId()).isEqualTo("5800000000028");
    }

    @Test
    void aNumberBeyondADoubleIsOutOfRangeNamingItsField() throws Exception {
        FieldError f = malformed(shopify().put("total_tax", new BigDecimal("-1E+400")).toString());
        assertThat(f.field()).isEqualTo("total_tax");
        assertThat(f.reason()).isEqualTo("is a number out of range");
    }

    @Test
    void aMalformedOrHugeAmountIsNamedByThePlatformField() throws Exception {
        FieldError bad = malformed(shopify().put("total_price", "366.5O").toString());
        assertThat(bad.field()).isEqualTo("total_price");
        assertThat(bad.reason()).isEqualTo("is not a decimal amount");

        // a billion-digit amount once scaled: refused before it is built
        FieldError huge = malformed(shopify().put("total_price", "1e999999999").toString());
        assertThat(huge.field()).isEqualTo("total_price");
        assertThat(huge.reason()).isEqualTo("is out of range for an amount");
    }

    @Test
    void invalidUtf8IsRefusedOnTheRawBytes() throws Exception {
        ObjectNode o = shopify();
        o.put("note", "X");
        byte[] text = o.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("\"X\"") + 1;
        out.write(text, 0, at);
        // an encoded surrogate (CESU-8), which no UTF-8 decoder may accept
        out.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        out.write(text, at + 1, text.length - at - 1);
        FieldError f = malformed(out.toByteArray());
        assertThat(f.field()).isEqualTo("$");
        assertThat(f.reason()).contains("UTF-8");
    }

    // ---- the canonical door ----------------------------------------------------------------

    static InvalidOrderException refused(String json) {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> CanonicalOrderReader.read(json));
        assertThat(e).as("refused: " + json).isNotNull();
        return e;
    }

    @Test
    void theDoorNamesADuplicateKeyAndAnIntegerOutOfRange() {
        String dup = Samples.fresh().toString().replace("\"paid\":\"168.90\"", "\"paid\":\"168.90\",\"paid\":\"1.00\"");
        InvalidOrderException d = refused(dup);
        assertThat(d.malformed()).isTrue();
        assertThat(d.errors().get(0).field()).isEqualTo("amounts.paid");

        String big = Samples.fresh().toString().replace("\"quantity\":2", "\"quantity\":99999999999999999999");
        InvalidOrderException b = refused(big);
        assertThat(b.malformed()).isTrue();
        assertThat(b.errors().get(0).field()).isEqualTo("items[0].quantity");
        assertThat(b.errors().get(0).reason()).contains("out of range");
    }

    @Test
    void emptyOptionalTextIsAbsent() {
        ObjectNode o = Samples.fresh();
        o.put("buyerRemark", "");
        Samples.set(o, "shippingAddress.postalCode", "");
        Samples.set(o, "payment.transactionId", "");
        CanonicalOrder read = CanonicalOrderReader.read(o.toString());
        assertThat(read.buyerRemark()).isNull();
        assertThat(read.shippingAddress().postalCode()).isNull();
        assertThat(read.payment().transactionId()).isNull();
    }

    @Test
    void textNoStoreHoldsIdenticallyIsARuleViolationNamingTheField() {
        String[][] cases = {
                {"shippingAddress.receiverName", "\"\\u5f20\\u0000\"", "U+0000"},
                {"buyerRemark", "\"\\ud800x\"", "U+D800"},
                {"items[1].name", "\"\\udc00\"", "U+DC00"},
                {"sellerRemark", "\"\\ufdd0\"", "U+FDD0"},
                {"buyer.name", "\"\\uffff\"", "U+FFFF"},
        };
        for (String[] c : cases) {
            String json = Samples.set(Samples.fresh(), c[0], "PLACEHOLDER").toString().replace("\"PLACEHOLDER\"", c[1]);
            InvalidOrderException e = refused(json);
            assertThat(e.malformed()).as(c[0]).isFalse();
            assertThat(e.errors()).as(c[0]).extracting(FieldError::field).containsExactly(c[0]);
            assertThat(e.errors().get(0).reason()).as(c[0]).contains(c[2]);
        }
        // a supplementary character is a proper pair, held by both stores (utf8mb4, UTF-8)
        String emoji = Samples.set(Samples.fresh(), "buyerRemark", "PLACEHOLDER").toString()
                .replace("\"PLACEHOLDER\"", "\"\\ud83d\\ude4f\"");
        assertThat(CanonicalOrderReader.read(emoji).buyerRemark()).isEqualTo("\uD83D\uDE4F");
    }
}
