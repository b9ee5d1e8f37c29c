package io.orderhub.api;

import io.orderhub.support.HubHttp;
import static io.orderhub.support.Sql.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Real payloads through the REST door: masked contacts (as Pinduoduo, Taobao and JD send them) are
 * stored as received and flagged in both stores, and SKU codes and names as long as platforms
 * allow are stored whole in both stores; one character over the limit is 422 naming the field.
 */
@HubTest
class MaskedAndLongFieldsApiTest {

    private static final HubHttp HTTP = HubHttp.admin();

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    // orders with SKUs beyond the legacy POS contract's 64 characters must not outlive this class in
    // the shared hub: every SOAP QueryOrdersSince would list them and break the contract
    @org.junit.jupiter.api.AfterEach
    void forgetOrdersTheLegacyContractCannotCarry() throws java.sql.SQLException {
        io.orderhub.support.Sql.forgetOrdersBeyondTheLegacyContract(pg, maria);
    }
    @Autowired
    NewStore newStore;
    @Autowired
    OldStore oldStore;

    /** A hub SKU code of n characters built from every character the code allows. */
    static String longSku(int n) {
        StringBuilder b = new StringBuilder("SKU-");
        String alphabet = "OUTER.code/2027-Z9_";
        while (b.length() < n) {
            char c = alphabet.charAt(b.length() % alphabet.length());
            b.append(c == '_' ? '-' : c);
        }
        return b.substring(0, n);
    }

    @Test
    void aMaskedContactIsStoredAsReceivedAndFlaggedInBothStores() throws Exception {
        ObjectNode order = Samples.fresh();
        // Pinduoduo's masked receiver name and mobile; Taobao's documented receiver_mobile mask
        Samples.set(order, "buyer.name", "张**");
        Samples.set(order, "buyer.mobile", "135*******");
        Samples.set(order, "shippingAddress.receiverName", "张**");
        Samples.set(order, "shippingAddress.receiverMobile", "138****1234");
        Samples.set(order, "member", null); // a platform buyer, not a loyalty member

        HttpResponse<String> res = post(order);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = json(res);
        String id = body.get("id").asText();
        assertThat(body.at("/buyer/masked").asBoolean()).isTrue();
        assertThat(body.at("/shippingAddress/masked").asBoolean()).isTrue();

        Map<String, Object> pgRow = row(pg, "SELECT document->'buyer'->>'name' AS name,"
                + " document->'buyer'->>'mobile' AS mobile, document->'buyer'->>'masked' AS masked,"
                + " document->'shippingAddress'->>'receiverMobile' AS recv_mobile,"
                + " document->'shippingAddress'->>'masked' AS recv_masked FROM orders WHERE order_id = ?",
                UUID.fromString(id));
        assertThat(pgRow).containsEntry("name", "张**").containsEntry("mobile", "135*******")
                .containsEntry("masked", "true").containsEntry("recv_mobile", "138****1234")
                .containsEntry("recv_masked", "true");
        Map<String, Object> mariaRow = row(maria, "SELECT BUYER_NAME, BUYER_MOBILE, BUYER_MASKED, RECV_NAME,"
                + " RECV_MOBILE, RECV_MASKED FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", id);
        assertThat(mariaRow).containsEntry("BUYER_NAME", "张**").containsEntry("BUYER_MOBILE", "135*******")
                .containsEntry("BUYER_MASKED", "Y").containsEntry("RECV_NAME", "张**")
                .containsEntry("RECV_MOBILE", "138****1234").containsEntry("RECV_MASKED", "Y");

        // both stores give back the same contact, flag included
        CanonicalOrder fromNew = newStore.find(UUID.fromString(id)).orElseThrow();
        CanonicalOrder fromOld = oldStore.findByHubId(id).orElseThrow();
        assertThat(fromOld.buyer()).isEqualTo(fromNew.buyer());
        assertThat(fromOld.shippingAddress()).isEqualTo(fromNew.shippingAddress());
        assertThat(fromNew.buyer().masked()).isTrue();

        // and an unmasked order carries no flag in either store
        String plain = json(post(Samples.fresh())).get("id").asText();
        assertThat(row(maria, "SELECT BUYER_MASKED, RECV_MASKED FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", plain))
                .containsEntry("BUYER_MASKED", null).containsEntry("RECV_MASKED", null);
        io.orderhub.support.Secondary.settled();
        assertThat(newStore.find(UUID.fromString(plain)).orElseThrow().buyer().masked()).isNull();
    }

    @Test
    void a200CharacterSkuAndFullLengthNamesAreStoredWholeInBothStores() throws Exception {
        String hubSku = longSku(200);
        String channelSku = "外部编码-" + "9".repeat(250);
        String name = "保温杯".repeat(85);
        assertThat(hubSku).hasSize(200);
        assertThat(channelSku.codePointCount(0, channelSku.length())).isEqualTo(255);
        assertThat(name.codePointCount(0, name.length())).isEqualTo(255);
        ObjectNode order = Samples.fresh();
        Samples.set(order, "items[0].hubSku", hubSku);
        Samples.set(order, "items[0].channelSku", channelSku);
        Samples.set(order, "items[0].name", name);

        HttpResponse<String> res = post(order);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        String id = json(res).get("id").asText();

        assertThat(row(pg, "SELECT hub_sku, channel_sku, name FROM order_items WHERE order_id = ? AND line_no = 1",
                UUID.fromString(id))).containsEntry("hub_sku", hubSku).containsEntry("channel_sku", channelSku)
                .containsEntry("name", name);
        assertThat(row(maria, "SELECT d.SKU_CODE, d.PLAT_SKU, d.GOODS_NAME FROM CRM_ORDER_DETAIL d"
                + " JOIN CRM_ORDER_HEAD h ON h.ORDER_NO = d.ORDER_NO WHERE h.HUB_ORDER_ID = ? AND d.LINE_NO = 1", id))
                .containsEntry("SKU_CODE", hubSku).containsEntry("PLAT_SKU", channelSku).containsEntry("GOODS_NAME", name);
        JsonNode read = json(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + id))
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(read.at("/items/0/hubSku").asText()).isEqualTo(hubSku);
        assertThat(oldStore.findByHubId(id).orElseThrow().items().get(0).hubSku()).isEqualTo(hubSku);
    }

    @ParameterizedTest
    @CsvSource({"items[0].hubSku, A", "items[0].channelSku, 编", "items[0].name, 杯"})
    void oneCharacterOverTheLimitIs422NamingTheField(String field, String c) throws Exception {
        ObjectNode order = Samples.fresh();
        String channelOrderId = order.get("channelOrderId").asText();
        Samples.set(order, field, c.repeat(256));
        HttpResponse<String> res = post(order);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
        assertThat(json(res).path("errors").findValuesAsText("field")).containsExactly(field);
        assertThat(json(res).path("errors").findValuesAsText("reason")).containsExactly("must be at most 255 characters");
        assertThat(io.orderhub.support.Sql.count(pg, "SELECT COUNT(*) FROM orders WHERE channel_order_id = ?",
                channelOrderId)).isZero();
        assertThat(io.orderhub.support.Sql.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?",
                channelOrderId)).isZero();
    }

    private HttpResponse<String> post(JsonNode order) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> res) throws IOException {
        return CanonicalJson.mapper().readTree(res.body());
    }
}
