package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.json;
import static io.orderhub.channels.ChannelSupport.newStoreRows;
import static io.orderhub.channels.ChannelSupport.oldStoreRows;
import static io.orderhub.channels.ChannelSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.embedded.FreePorts;
import io.orderhub.legacycrm.LegacyCrmPollSource;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import io.orderhub.support.Sql;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.cxf.endpoint.Server;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One door in, for the intake kinds DoorRoutesTest does not drive: a signed webhook, a platform
 * poll, a file drop, the legacy CRM poll and the needs-attention re-drive each hand their order to
 * direct:canonical-order-intake, from their own entry route, and the order is in both stores.
 * Each order is recognised at the door by its channel order id, which only that call carries, so
 * orders of other runs or other channels passing the door cannot make a kind pass.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelDoorsTest {

    private static final String DOOR = "direct://canonical-order-intake";

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    LegacyCrmPollSource legacyPoll;
    @Autowired
    LegacyMapping legacyMapping;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Value("${orderhub.data-dir}")
    Path dataDir;
    @Value("${orderhub.channels.wechat-shop.inbox}")
    Path wechatInbox;
    @Value("${orderhub.channels.wechat-shop.shop-id}")
    String wechatShop;

    private final PlatformSimulator sim = SimulatedPlatforms.SIM;
    private final Door door = new Door();
    private Server legacyCrm;

    /** One exchange sent to the door: the route it started in, the order's channel order id, its properties. */
    record Passage(String fromRouteId, String channelOrderId, Map<String, Object> properties) {
    }

    /**
     * Records every exchange sent to the door. The channel order id is read when it is sent, from
     * whichever form the body has there: a typed CanonicalOrder or canonical JSON (bytes, text or tree).
     */
    static final class Door extends EventNotifierSupport {
        final List<Passage> seen = new CopyOnWriteArrayList<>();

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSendingEvent s && DOOR.equals(s.getEndpoint().getEndpointUri())) {
                seen.add(new Passage(s.getExchange().getFromRouteId(), channelOrderId(s.getExchange().getMessage().getBody()),
                        Map.copyOf(s.getExchange().getProperties())));
            }
        }

        List<Passage> of(String channelOrderId) {
            return seen.stream().filter(p -> channelOrderId.equals(p.channelOrderId())).toList();
        }

        private static String channelOrderId(Object body) {
            try {
                JsonNode tree;
                if (body instanceof CanonicalOrder o) {
                    return o.channelOrderId();
                } else if (body instanceof JsonNode n) {
                    tree = n;
                } else if (body instanceof byte[] b) {
                    tree = CanonicalJson.mapper().readTree(b);
                } else if (body instanceof CharSequence c) {
                    tree = CanonicalJson.mapper().readTree(c.toString());
                } else {
                    // a stream would be used up here; an unknown form shows as no passage of the order
                    return null;
                }
                return tree.path("channelOrderId").asText(null);
            } catch (java.io.IOException e) {
                return null;
            }
        }
    }

    @BeforeAll
    void listen() {
        camel.getManagementStrategy().addEventNotifier(door);
        camel.getCamelContextExtension().setEventNotificationApplicable(true);
    }

    @AfterAll
    void stopListening() {
        camel.getManagementStrategy().removeEventNotifier(door);
        legacyPoll.useLegacyCrm(null);
        if (legacyCrm != null) {
            legacyCrm.destroy();
        }
    }

    @Test
    void aSignedWebhookPassesTheDoor() throws Exception {
        SimOrder o = sim.newOrder("shopify", "shopify", SimOrder.Stage.PAID);
        byte[] body = PlatformSimulator.shopifyOrder(o).toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(port, "/api/webhooks/shopify", body, Map.of(
                "X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", "orderhub-demo.myshopify.com",
                "X-Shopify-Webhook-Id", "door-" + o.id,
                "X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET, body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("outcome").asText()).isEqualTo("CREATED");

        assertThat(door.of(o.id)).singleElement().satisfies(p -> {
            assertThat(p.fromRouteId()).isEqualTo("rest-shopify-webhook");
            assertThat(p.properties()).containsEntry("idempotencyKey", "webhook:shopify:door-" + o.id);
        });
        assertInBothStores(o.id);
    }

    @Test
    void aPlatformPollPassesTheDoor() throws Exception {
        SimOrder o = sim.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID);
        // a poll reads only up to its lag (10 s in the tests) behind the platform clock
        sim.backdate(o, Duration.ofSeconds(30));
        sim.modifiedAt(o, Instant.now().minusSeconds(30));

        Map<String, Integer> counts = poll("taobao");

        assertThat(counts.getOrDefault("CREATED", 0)).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(door.of(o.id)).isNotEmpty().allSatisfy(p -> assertThat(p.fromRouteId()).isEqualTo("poll-channel"));
        assertInBothStores(o.id);
    }

    @Test
    void aFileDropPassesTheDoor() throws Exception {
        // the golden WeChat export line, under an order id and payment number no other file carries
        String id = "37" + (System.currentTimeMillis() % 10_000_000_000_000L) + String.format("%04d", (int) (System.nanoTime() % 10_000));
        String line = Files.readString(Path.of("mappings/wechat-shop/examples/01-paid-with-unionid.input.jsonl"), StandardCharsets.UTF_8)
                .replace("3705115058471208928", id).replace("420000298471208928", "4200" + id);
        assertThat(line).contains("\"order_id\": \"" + id + "\"");
        Files.createDirectories(wechatInbox);
        String name = "door-" + id + ".jsonl";
        Path tmp = wechatInbox.resolve(".incoming-" + name);
        Files.writeString(tmp, line, StandardCharsets.UTF_8);
        Files.move(tmp, wechatInbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> newStoreRows(pg, id) == 1);
        assertThat(door.of(id)).singleElement().satisfies(p -> {
            assertThat(p.fromRouteId()).isEqualTo("wechat-shop-drop");
            assertThat(p.properties()).containsEntry("shopId", wechatShop);
        });
        assertInBothStores(id);
    }

    @Test
    void theLegacyCrmPollPassesTheDoor() throws Exception {
        int simPort = FreePorts.find();
        legacyCrm = io.orderhub.soap.legacycrm.LegacyCrm.start(simPort, maria);
        legacyPoll.useLegacyCrm("http://127.0.0.1:" + simPort + "/crm");
        // an order the legacy CRM took itself (SO + 16 digits, as the contract has it), changed just now
        String no = String.format("SO%016d", 8_000_000_000_000_000L + System.nanoTime() % 1_000_000_000_000_000L);
        String ext = "DOOR-" + no;
        LocalDateTime now = LocalDateTime.now(legacyMapping.zone()).withNano(0);
        try (Connection c = maria.getConnection();
             PreparedStatement h = c.prepareStatement("INSERT INTO CRM_ORDER_HEAD (ORDER_NO, SOURCE_CODE, SHOP_CODE,"
                     + " EXT_ORDER_NO, STORE_CODE, ORDER_STATUS, GOODS_AMT, PAY_AMT, ORDER_TIME, PLAT_MODIFY_TIME,"
                     + " CREATE_TIME, UPDATE_TIME) VALUES (?, 'POS', 'OLD01', ?, 'GZ0003', '20', 100, 100, ?, ?, ?, ?)");
             PreparedStatement d = c.prepareStatement("INSERT INTO CRM_ORDER_DETAIL (ORDER_NO, LINE_NO, SKU_CODE,"
                     + " GOODS_NAME, QTY, PRICE, LINE_AMT) VALUES (?, 1, 'SKU-100234', '保温杯', 1, 100, 100)")) {
            h.setString(1, no);
            h.setString(2, ext);
            for (int i = 3; i <= 6; i++) {
                h.setObject(i, now);
            }
            h.executeUpdate();
            d.setString(1, no);
            d.executeUpdate();
        }

        Map<String, Integer> counts = poll(LegacyCrmPollSource.CHANNEL);

        assertThat(counts.getOrDefault("CREATED", 0)).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(door.of(ext)).isNotEmpty().allSatisfy(p -> assertThat(p.fromRouteId()).isEqualTo("poll-channel"));
        // the legacy row was there before; the hub's write-back gives it the new store's order id
        String hubId = (String) Sql.row(pg, "SELECT order_id::text AS order_id FROM orders WHERE legacy_order_no = ?", no).get("order_id");
        assertThat(Sql.row(maria, "SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", no))
                .containsEntry("HUB_ORDER_ID", hubId);
        assertInBothStores(ext);
    }

    @Test
    void theNeedsAttentionReDrivePassesTheDoor() throws Exception {
        // a WooCommerce order whose article no table knows: parked before the door
        SimOrder o = sim.newOrder("woocommerce", "woo", SimOrder.Stage.PAID);
        String article = "DOOR-" + UUID.randomUUID();
        ObjectNode woo = PlatformSimulator.wooOrder(o);
        ((ObjectNode) woo.path("line_items").get(0)).put("sku", article);
        byte[] body = woo.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(port, "/api/webhooks/woocommerce", body, Map.of(
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Source", "https://shop.orderhub-demo.cn/",
                "X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString(),
                "X-WC-Webhook-Signature", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.WOO_SECRET, body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(door.of(o.id)).as("a parked record has not reached the door").isEmpty();
        assertThat(newStoreRows(pg, o.id)).isZero();

        Path fixes = dataDir.resolve("mapping-fixes/door-" + UUID.randomUUID());
        Files.createDirectories(fixes);
        Files.writeString(fixes.resolve("skus.csv"), "channel,channelSku,hubSku\nwoocommerce," + article + ",SKU-900001\n");
        try {
            JsonNode redrive = json(post(port, "/api/needs-attention/redrive", new byte[0], Map.of()));
            assertThat(redrive.path("outcomes").path("CREATED").asInt()).as(redrive.toString()).isGreaterThanOrEqualTo(1);
        } finally {
            Files.delete(fixes.resolve("skus.csv"));
        }
        // only the re-drive gives a record a re-drive run and attempt
        assertThat(door.of(o.id)).singleElement().satisfies(p -> {
            assertThat(p.fromRouteId()).isEqualTo("channel-order-intake");
            assertThat(p.properties()).containsKey("redriveRun").containsEntry("redriveAttempt", 1);
        });
        assertInBothStores(o.id);
    }

    /** One poll run through the poll routes, as the scheduled route starts it, in a new clock second. */
    private Map<String, Integer> poll(String channel) throws Exception {
        return io.orderhub.support.PollRuns.run(producer, channel);
    }

    private void assertInBothStores(String channelOrderId) throws Exception {
        assertThat(newStoreRows(pg, channelOrderId)).as("new store rows of " + channelOrderId).isEqualTo(1);
        assertThat(oldStoreRows(maria, channelOrderId)).as("old store rows of " + channelOrderId).isEqualTo(1);
    }
}
