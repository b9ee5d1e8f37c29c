package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.json;
import static io.orderhub.channels.ChannelSupport.order;
import static io.orderhub.channels.ChannelSupport.post;
import static io.orderhub.support.Sql.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A 200-character merchant SKU code through a channel: a Shopify line item's {@code sku} (Shopify
 * allows up to 255 characters) and a 255-character title, mapped to a 200-character hub SKU by the
 * SKU table, are stored whole in both stores.
 */
@HubTest
class LongSkuChannelTest {

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
    @Value("${orderhub.data-dir}")
    Path dataDir;

    @Test
    void aShopifyOrderWithA200CharacterSkuIsStoredWholeInBothStores() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        String channelSku = ("MERCHANT-OUTER-CODE-" + suffix + "-").repeat(5).substring(0, 200);
        String hubSku = ("SKU-" + suffix + "/").repeat(6).substring(0, 200);
        String title = "雾霾蓝保温杯".repeat(42) + "500";
        assertThat(channelSku).hasSize(200);
        assertThat(hubSku).hasSize(200);
        assertThat(title.codePointCount(0, title.length())).isEqualTo(255);

        SimOrder o = SimulatedPlatforms.SIM.newOrder("shopify", "shopify", SimOrder.Stage.PAID);
        ObjectNode payload = PlatformSimulator.shopifyOrder(o);
        ObjectNode line = (ObjectNode) payload.withArray("line_items").get(0);
        line.put("sku", channelSku);
        line.put("title", title);
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", WebhookChannelsTest.SHOPIFY_DOMAIN, "X-Shopify-Webhook-Id", "long-" + o.id,
                "X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET, body));

        // no hub SKU for it yet: parked, and the reason names the whole code the mapping read
        HttpResponse<String> parked = post(port, "/api/webhooks/shopify", body, headers);
        assertThat(parked.statusCode()).as(parked.body()).isEqualTo(202);
        assertThat(json(parked).path("reasons").toString()).contains(channelSku);

        Path fixes = dataDir.resolve("mapping-fixes/long-sku-" + suffix);
        Files.createDirectories(fixes);
        Files.writeString(fixes.resolve("skus.csv"), "channel,channelSku,hubSku\nshopify," + channelSku + "," + hubSku + "\n");
        JsonNode redriven = json(post(port, "/api/needs-attention/redrive", new byte[0], Map.of()));
        assertThat(redriven.path("outcomes").path("CREATED").asInt()).as(redriven.toString()).isGreaterThanOrEqualTo(1);

        JsonNode stored = order(port, "shopify", WebhookChannelsTest.SHOPIFY_SHOP, o.id);
        assertThat(stored).as("stored order").isNotNull();
        String id = stored.path("id").asText();
        assertThat(row(pg, "SELECT hub_sku, channel_sku, name FROM order_items WHERE order_id = ? AND line_no = 1",
                UUID.fromString(id))).containsEntry("hub_sku", hubSku).containsEntry("channel_sku", channelSku)
                .containsEntry("name", title);
        assertThat(row(maria, "SELECT d.SKU_CODE, d.PLAT_SKU, d.GOODS_NAME FROM CRM_ORDER_DETAIL d"
                + " JOIN CRM_ORDER_HEAD h ON h.ORDER_NO = d.ORDER_NO WHERE h.HUB_ORDER_ID = ? AND d.LINE_NO = 1", id))
                .containsEntry("SKU_CODE", hubSku).containsEntry("PLAT_SKU", channelSku).containsEntry("GOODS_NAME", title);
    }
}
