package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.json;
import static io.orderhub.channels.ChannelSupport.newStoreRows;
import static io.orderhub.channels.ChannelSupport.oldStoreRows;
import static io.orderhub.channels.ChannelSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import io.orderhub.support.SimulatedPlatforms;
import io.orderhub.support.Sql;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Parse-level hardening at the doors (REST POST /api/orders and the signed webhooks): what cannot
 * be read is a 400 naming the field or the limit, what either store cannot hold identically is a
 * 422 naming the field before anything is written, and no answer carries the hub's own headers.
 */
@HubTest
class DoorHardeningTest {

    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    // ---- webhooks ------------------------------------------------------------------------

    HttpResponse<String> shopify(byte[] body, String secret) throws Exception {
        Map<String, String> h = new HashMap<>(Map.of("X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", WebhookChannelsTest.SHOPIFY_DOMAIN,
                "X-Shopify-Webhook-Id", "h-" + System.nanoTime(),
                "X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(secret, body)));
        return post(port, "/api/webhooks/shopify", body, h);
    }

    HttpResponse<String> signed(byte[] body) throws Exception {
        return shopify(body, SimulatedPlatforms.SHOPIFY_SECRET);
    }

    SimOrder newShopifyOrder() {
        return sim.newOrder("shopify", "shopify", SimOrder.Stage.PAID);
    }

    /** The order's JSON with raw text put first in the top-level object (a key of our choosing). */
    static byte[] withFirst(ObjectNode order, byte[] rawMember) {
        byte[] rest = order.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('{');
        out.writeBytes(rawMember);
        out.write(',');
        out.write(rest, 1, rest.length - 1);
        return out.toByteArray();
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void invalidUtf8IsCheckedAfterTheSignature() throws Exception {
        SimOrder o = newShopifyOrder();
        ObjectNode order = PlatformSimulator.shopifyOrder(o);
        order.remove("note");
        // "note": "<C3 28>": a two-byte lead followed by a byte that cannot continue it
        byte[] member = new byte[] {'"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC3, 0x28, '"'};
        byte[] body = withFirst(order, member);

        HttpResponse<String> badSignature = shopify(body, "not-the-secret");
        assertThat(badSignature.statusCode()).as(badSignature.body()).isEqualTo(401);
        assertThat(json(badSignature).path("type").asText()).isEqualTo("urn:orderhub:problem:invalid-signature");

        HttpResponse<String> goodSignature = signed(body);
        assertThat(goodSignature.statusCode()).as(goodSignature.body()).isEqualTo(400);
        assertThat(json(goodSignature).path("errors").get(0).path("reason").asText()).contains("UTF-8");
        assertThat(newStoreRows(pg, o.id)).isZero();
        assertThat(oldStoreRows(maria, o.id)).isZero();
    }

    @Test
    void aDuplicateKeyInAWebhookIsA400NamingTheKey() throws Exception {
        SimOrder o = newShopifyOrder();
        // the first total_price is the true one; taking the last one silently would store 0.01
        byte[] body = withFirst(PlatformSimulator.shopifyOrder(o).put("total_price", "0.01"),
                ("\"total_price\":\"" + o.paidAmount().toPlainString() + "\"").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = signed(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("total_price");
        assertThat(json(r).path("errors").get(0).path("reason").asText()).contains("twice");
        assertThat(newStoreRows(pg, o.id)).isZero();
        assertThat(oldStoreRows(maria, o.id)).isZero();
    }

    @Test
    void nestingBeyondTheLimitIsA400NamingTheLimit() throws Exception {
        SimOrder o = newShopifyOrder();
        byte[] body = withFirst(PlatformSimulator.shopifyOrder(o),
                ("\"note_attributes\":" + nested(2000)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = signed(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("reason").asText()).contains("64 levels");
        assertThat(newStoreRows(pg, o.id)).isZero();

        ObjectNode rest = Samples.fresh();
        rest.put("buyerRemark", "NESTED");
        byte[] restBody = rest.toString().replace("\"NESTED\"", nested(2000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r2 = post(port, "/api/orders", restBody, Map.of());
        // the strict canonical reader stops at the first value of the wrong shape, before any depth
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(400);
        assertThat(json(r2).path("errors").get(0).path("field").asText()).isEqualTo("buyerRemark");
    }

    @Test
    void numbersOutOfRangeAndMalformedAmountsAreA400NamingThePlatformField() throws Exception {
        SimOrder huge = newShopifyOrder();
        HttpResponse<String> r = signed(PlatformSimulator.shopifyOrder(huge).put("total_price", new BigDecimal("1E+400"))
                .toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("total_price");
        assertThat(json(r).path("errors").get(0).path("reason").asText()).contains("out of range");

        SimOrder bad = newShopifyOrder();
        HttpResponse<String> r2 = signed(PlatformSimulator.shopifyOrder(bad).put("total_price", "12.3.4")
                .toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(400);
        assertThat(json(r2).path("errors").get(0).path("field").asText()).isEqualTo("total_price");
        assertThat(json(r2).path("errors").get(0).path("reason").asText()).isEqualTo("is not a decimal amount");
        assertThat(r2.body()).doesNotContain("Exception").doesNotContain("jsonata");
        assertThat(newStoreRows(pg, huge.id) + newStoreRows(pg, bad.id)).isZero();
        assertThat(oldStoreRows(maria, huge.id) + oldStoreRows(maria, bad.id)).isZero();
    }

    @Test
    void aSignedOrderWithTextNoStoreCanHoldIsParkedNamingTheField() throws Exception {
        SimOrder o = newShopifyOrder();
        HttpResponse<String> r = signed(PlatformSimulator.shopifyOrder(o).put("note", "ring twice\u0000")
                .toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).path("outcome").asText()).isEqualTo("NEEDS_ATTENTION");
        assertThat(json(r).path("reasons").get(0).asText()).startsWith("buyerRemark ").contains("U+0000");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("_AMQ_DUPL_ID")
                || h.toLowerCase(java.util.Locale.ROOT).startsWith("orderhub"));
        assertThat(newStoreRows(pg, o.id)).isZero();
        assertThat(oldStoreRows(maria, o.id)).isZero();
    }

    // ---- REST POST /api/orders -----------------------------------------------------------

    HttpResponse<String> postOrder(String json) throws Exception {
        return post(port, "/api/orders", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void aDuplicateKeyIsA400NamingTheKey() throws Exception {
        ObjectNode o = Samples.fresh();
        String text = o.toString().replace("\"paid\":\"168.90\"", "\"paid\":\"168.90\",\"paid\":\"1.00\"");
        assertThat(text).contains("\"paid\":\"1.00\"");
        HttpResponse<String> r = postOrder(text);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("amounts.paid");
        assertThat(json(r).path("errors").get(0).path("reason").asText()).contains("twice");
        assertThat(newStoreRows(pg, o.path("channelOrderId").asText())).isZero();
    }

    @Test
    void anIntegerOutOfRangeIsA400NamingTheField() throws Exception {
        ObjectNode o = Samples.set(Samples.fresh(), "items[0].quantity", new BigInteger("99999999999999999999"));
        HttpResponse<String> r = postOrder(o.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("items[0].quantity");
        assertThat(json(r).path("errors").get(0).path("reason").asText()).contains("out of range");
    }

    @Test
    void invalidUtf8IsA400() throws Exception {
        ObjectNode o = Samples.fresh();
        o.put("buyerRemark", "BAD");
        byte[] text = o.toString().getBytes(StandardCharsets.UTF_8);
        String s = new String(text, StandardCharsets.ISO_8859_1).replace("\"BAD\"", "\"\u00C3(\"");
        HttpResponse<String> r = post(port, "/api/orders", s.getBytes(StandardCharsets.ISO_8859_1), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("reason").asText()).contains("UTF-8");
        assertThat(newStoreRows(pg, o.path("channelOrderId").asText())).isZero();
    }

    @Test
    void anEmptyOptionalTextIsAbsentInBothStores() throws Exception {
        ObjectNode o = Samples.fresh();
        o.put("buyerRemark", "");
        Samples.set(o, "shippingAddress.postalCode", "");
        HttpResponse<String> r = postOrder(o.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode stored = json(r);
        assertThat(stored.has("buyerRemark")).isFalse();
        assertThat(stored.path("shippingAddress").has("postalCode")).isFalse();
        String id = o.path("channelOrderId").asText();
        Map<String, Object> legacy = Sql.row(maria,
                "SELECT BUYER_MEMO, RECV_ZIP FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", id);
        assertThat(legacy.get("BUYER_MEMO")).isNull();
        assertThat(legacy.get("RECV_ZIP")).isNull();
        Map<String, Object> doc = Sql.row(pg, "SELECT document->>'buyerRemark' AS remark,"
                + " document->'shippingAddress'->>'postalCode' AS zip FROM orders WHERE channel_order_id = ?", id);
        assertThat(doc.get("remark")).isNull();
        assertThat(doc.get("zip")).isNull();
    }

    @Test
    void textEitherStoreCannotHoldIdenticallyIsA422NamingTheFieldAndNothingIsWritten() throws Exception {
        Map<String, String> cases = Map.of(
                "shippingAddress.receiverName", "\"\\u5f20\\u0000\\u4e09\"",
                "buyerRemark", "\"ok \\ud800 not ok\"",
                "sellerRemark", "\"\\uffff\"");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ObjectNode o = Samples.set(Samples.fresh(), c.getKey(), "PLACEHOLDER");
            String text = o.toString().replace("\"PLACEHOLDER\"", c.getValue());
            HttpResponse<String> r = postOrder(text);
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(422);
            assertThat(json(r).path("errors").findValuesAsText("field")).containsExactly(c.getKey());
            String id = o.path("channelOrderId").asText();
            assertThat(oldStoreRows(maria, id)).as(c.getKey()).isZero();
            assertThat(newStoreRows(pg, id)).as(c.getKey()).isZero();
        }
    }
}
