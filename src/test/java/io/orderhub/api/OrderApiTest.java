package io.orderhub.api;

import io.orderhub.support.HubHttp;
import static io.orderhub.support.Sql.count;
import static io.orderhub.support.Sql.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.config.HubProperties;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.OrderIds;
import io.orderhub.stores.OldStore;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.support.HubTest;
import io.orderhub.support.KafkaEvents;
import io.orderhub.support.Samples;
import io.orderhub.support.Secondary;
import io.orderhub.sync.SyncBacklog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The running hub over HTTP: both stores checked with SQL, the topic read with a real consumer. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderApiTest {

    private static final HubHttp HTTP = HubHttp.admin();

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;
    @Autowired
    OldStore oldStore;
    @Autowired
    SyncBacklog syncBacklog;

    private KafkaEvents events;

    @BeforeAll
    void subscribe() {
        events = new KafkaEvents(kafka.servers(), props.getKafka().getTopic());
    }

    @AfterAll
    void unsubscribe() {
        events.close();
    }

    @Test
    void postedOrderIsStoredInBothSchemasAndAnnouncedOnKafka() throws Exception {
        ObjectNode order = Samples.fresh();
        HttpResponse<String> res = post(order, null);

        assertThat(res.statusCode()).isEqualTo(201);
        JsonNode body = json(res);
        String id = body.get("id").asText();
        assertThat(res.headers().firstValue("Location")).contains("/api/orders/" + id);
        assertThat(body.get("version").asLong()).isEqualTo(1);

        Secondary.settled(syncBacklog);
        Map<String, Object> row = row(pg, "SELECT status, paid_amount, currency, legacy_order_no,"
                + " (SELECT count(*) FROM order_items i WHERE i.order_id = o.order_id) AS lines"
                + " FROM orders o WHERE order_id = ?::uuid", id);
        assertThat(row.get("status")).isEqualTo("PAID");
        assertThat(row.get("paid_amount").toString()).isEqualTo("168.9000");
        assertThat(row.get("lines")).isEqualTo(2L);
        Map<String, Object> legacy = row(maria, "SELECT ORDER_NO, ORDER_STATUS, PAY_AMT, EXT_ORDER_NO,"
                + " (SELECT COUNT(*) FROM CRM_ORDER_DETAIL d WHERE d.ORDER_NO = h.ORDER_NO) AS LINE_COUNT"
                + " FROM CRM_ORDER_HEAD h WHERE HUB_ORDER_ID = ?", id);
        assertThat(legacy.get("ORDER_STATUS")).isEqualTo("20");
        assertThat(legacy.get("PAY_AMT")).isEqualTo(16890L);
        assertThat(legacy.get("EXT_ORDER_NO")).isEqualTo(order.get("channelOrderId").asText());
        assertThat(legacy.get("LINE_COUNT")).isEqualTo(2L);
        assertThat(legacy.get("ORDER_NO")).isEqualTo(body.get("legacyOrderNo").asText())
                .isEqualTo(row.get("legacy_order_no"));

        List<JsonNode> published = events.eventsFor(id, 1, Duration.ofSeconds(30));
        assertThat(published).hasSize(1);
        assertThat(published.get(0).get("eventType").asText()).isEqualTo("OrderCreated");
        assertThat(published.get(0).get("order")).isEqualTo(body);

        HttpResponse<String> got = get("/api/orders/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got)).isEqualTo(body);
        HttpResponse<String> found = get("/api/orders?channel=tmall&shop=tmall-flagship-01&channelOrderId="
                + order.get("channelOrderId").asText());
        assertThat(json(found)).containsExactly(body);
    }

    @Test
    void aRepostedOrderIsADuplicateWithOneRowAndOneEvent() throws Exception {
        ObjectNode order = Samples.fresh();
        String id = json(post(order, null)).get("id").asText();

        HttpResponse<String> again = post(order, null);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Orderhub-Outcome")).contains("duplicate");
        assertThat(json(again).get("id").asText()).isEqualTo(id);
        assertStoredOnce(order.get("channelOrderId").asText());
        awaitOutboxEmpty();
        assertThat(events.eventsFor(id, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void concurrentDeliveriesOfOneOrderCreateItOnce() throws Exception {
        ObjectNode order = Samples.fresh();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return post(order, null);
            }));
        }
        start.countDown();
        List<Integer> codes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> f : answers) {
            codes.add(f.get().statusCode());
            ids.add(json(f.get()).get("id").asText());
        }
        pool.shutdown();

        assertThat(codes).containsOnly(200, 201).filteredOn(c -> c == 201).hasSize(1);
        assertThat(ids).containsOnly(ids.get(0));
        assertStoredOnce(order.get("channelOrderId").asText());
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesADifferentRequest() throws Exception {
        String key = "key-" + System.nanoTime();
        ObjectNode order = Samples.fresh();
        HttpResponse<String> first = post(order, key);
        HttpResponse<String> replay = post(order, key);
        ObjectNode other = Samples.fresh();
        HttpResponse<String> misuse = post(other, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json(replay).get("id")).isEqualTo(json(first).get("id"));
        assertThat(misuse.statusCode()).isEqualTo(422);
        assertThat(json(misuse).get("type").asText()).isEqualTo("urn:orderhub:problem:idempotency-key-reused");
        assertThat(json(misuse).at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        assertNotStored(other.get("channelOrderId").asText());
    }

    @Test
    void aNewerPlatformCopyMovesTheOrderForwardInBothStoresAndNeverBack() throws Exception {
        ObjectNode order = Samples.fresh();
        String id = json(post(order, null)).get("id").asText();

        ObjectNode shipped = order.deepCopy();
        shipped.put("status", "SHIPPED");
        shipped.put("shippedAt", "2026-11-23T09:00:00+08:00");
        shipped.put("platformModifiedAt", "2026-11-23T09:00:00+08:00");
        HttpResponse<String> updated = post(shipped, null);

        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("Orderhub-Outcome")).contains("updated");
        assertThat(json(updated).get("version").asLong()).isEqualTo(2);
        assertThat(statusInBothStores(id)).containsExactly("SHIPPED", "40");

        // an older copy is a duplicate, whatever status it claims
        ObjectNode stale = order.deepCopy();
        stale.put("status", "COMPLETED");
        stale.put("platformModifiedAt", "2026-11-22T11:00:00+08:00");
        assertThat(post(stale, null).headers().firstValue("Orderhub-Outcome")).contains("duplicate");

        // a newer copy that claims an earlier status keeps the later one
        ObjectNode backwards = order.deepCopy();
        backwards.put("status", "PAID");
        backwards.put("sellerRemark", "顺丰加急");
        backwards.put("platformModifiedAt", "2026-11-24T09:00:00+08:00");
        JsonNode after = json(post(backwards, null));
        assertThat(after.get("status").asText()).isEqualTo("SHIPPED");
        assertThat(after.get("sellerRemark").asText()).isEqualTo("顺丰加急");
        assertThat(statusInBothStores(id)).containsExactly("SHIPPED", "40");

        assertThat(events.eventsFor(id, 3, Duration.ofSeconds(30)))
                .extracting(e -> e.get("eventType").asText())
                .containsExactly("OrderCreated", "OrderUpdated", "OrderUpdated");
        assertStoredOnce(order.get("channelOrderId").asText());
    }

    @Test
    void anOrderLeftOnlyInTheOldStoreIsCompletedNotDoubled() throws Exception {
        // as if the hub stopped after the old-store write: the old store holds the order, the new store not
        ObjectNode order = Samples.fresh();
        CanonicalOrder read = CanonicalOrderReader.read(order.toString());
        String earlierId = OrderIds.newId(read.createdAt()).toString();
        OldStore.Insert half = oldStore.insert(read.withIdentity(earlierId, null, 1L));

        HttpResponse<String> res = post(order, null);

        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(json(res).get("id").asText()).isEqualTo(earlierId);
        assertThat(json(res).get("legacyOrderNo").asText()).isEqualTo(half.ref().legacyOrderNo());
        assertStoredOnce(order.get("channelOrderId").asText());
    }

    @Test
    void anOrderTheLegacyCrmTookItselfGetsAHubIdOnceAChannelDeliversIt() throws Exception {
        ObjectNode order = Samples.fresh();
        OldStore.Insert legacyOnly = oldStore.insert(CanonicalOrderReader.read(order.toString()).withIdentity(null, null, 1L));

        HttpResponse<String> res = post(order, null);

        assertThat(res.statusCode()).isEqualTo(201);
        String id = json(res).get("id").asText();
        assertThat(row(maria, "SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?",
                legacyOnly.ref().legacyOrderNo()).get("HUB_ORDER_ID")).isEqualTo(id);
        assertStoredOnce(order.get("channelOrderId").asText());
    }

    @Test
    void internalCommandsTakeOneLegalStepAndRefuseJumps() throws Exception {
        String id = json(post(Samples.fresh(), null)).get("id").asText();

        HttpResponse<String> jump = command(id, "{\"status\":\"COMPLETED\"}");
        assertThat(jump.statusCode()).isEqualTo(409);
        assertThat(json(jump).get("detail").asText()).contains("PAID").contains("COMPLETED");
        assertThat(statusInBothStores(id)).containsExactly("PAID", "20");

        HttpResponse<String> step = command(id, "{\"status\":\"PREPARING\"}");
        assertThat(step.statusCode()).isEqualTo(200);
        assertThat(json(step).get("version").asLong()).isEqualTo(2);
        assertThat(statusInBothStores(id)).containsExactly("PREPARING", "30");

        assertThat(command(id, "{\"status\":\"LOST\"}").statusCode()).isEqualTo(400);
        assertThat(command("01a20109-81d0-775c-aa7c-893db94c3191", "{\"status\":\"PAID\"}").statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> command(String id, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/orders/" + id + "/status"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneOrdersEventsReachKafkaInTheOrderTheyHappened() throws Exception {
        ObjectNode order = Samples.fresh();
        String id = json(post(order, null)).get("id").asText();
        for (int i = 1; i <= 10; i++) {
            ObjectNode next = order.deepCopy();
            next.put("sellerRemark", "change " + i);
            next.put("platformModifiedAt", "2026-11-22T11:" + String.format("%02d", i) + ":00+08:00");
            assertThat(post(next, null).headers().firstValue("Orderhub-Outcome")).contains("updated");
        }
        List<JsonNode> published = events.eventsFor(id, 11, Duration.ofSeconds(30));
        assertThat(published).extracting(e -> e.get("version").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("not JSON", "{\"channel\": \"tmall\",", 400, "malformed-request", "$"),
                Arguments.of("unknown field", Samples.set(Samples.fresh(), "colour", "red").toString(), 400,
                        "malformed-request", "colour"),
                Arguments.of("text for a quantity", Samples.set(Samples.fresh(), "items[0].quantity", "two").toString(),
                        400, "malformed-request", "items[0].quantity"),
                Arguments.of("paid does not add up", Samples.set(Samples.fresh(), "amounts.paid", "1.00").toString(),
                        422, "invalid-order", "amounts.paid"),
                Arguments.of("missing channel", Samples.set(Samples.fresh(), "channel", null).toString(), 422,
                        "invalid-order", "channel"),
                Arguments.of("line total wrong", Samples.set(Samples.fresh(), "items[1].lineTotal", "13.00").toString(),
                        422, "invalid-order", "items[1].lineTotal"),
                Arguments.of("channel unknown to the legacy CRM", Samples.set(Samples.fresh(), "channel", "douyin")
                        .toString(), 422, "invalid-order", "channel"),
                Arguments.of("district outside its city", Samples.set(Samples.fresh(), "shippingAddress.districtCode",
                        "320115").toString(), 422, "invalid-order", "shippingAddress.districtCode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputGetsProblemJsonAndNothingIsStored(String name, String body, int status, String type, String field)
            throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json(res);
        assertThat(problem.get("type").asText()).isEqualTo("urn:orderhub:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("errors")).anySatisfy(e -> assertThat(e.get("field").asText()).isEqualTo(field));
        assertThat(res.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode parsed = parseOrNull(body);
        if (parsed != null && parsed.has("channelOrderId")) {
            assertNotStored(parsed.get("channelOrderId").asText());
        }
    }

    @Test
    void anOverlongIdempotencyKeyIsRefused() throws Exception {
        ObjectNode order = Samples.fresh();
        HttpResponse<String> res = post(order, "k".repeat(256));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res).at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        assertNotStored(order.get("channelOrderId").asText());
    }

    @Test
    void unknownAndMalformedIdsAreAnsweredAsProblems() throws Exception {
        HttpResponse<String> unknown = get("/api/orders/01a20109-81d0-775c-aa7c-893db94c3191");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").asText()).isEqualTo("urn:orderhub:problem:order-not-found");
        HttpResponse<String> bad = get("/api/orders/12345");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/errors/0/field").asText()).isEqualTo("id");
        HttpResponse<String> query = get("/api/orders?channel=tmall");
        assertThat(query.statusCode()).isEqualTo(400);
        assertThat(json(query).get("errors")).hasSize(2);
    }

    @Test
    void operationsEndpointsShowStoresBrokersAndRoutes() throws Exception {
        JsonNode health = json(get("/actuator/health"));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        for (String part : List.of("kafka", "jms", "storeSchemas", "camelHealth")) {
            assertThat(health.at("/components/" + part + "/status").asText()).as(part).isEqualTo("UP");
        }
        assertThat(health.at("/components/db/components/newStoreDataSource/details/database").asText())
                .isEqualTo("PostgreSQL");
        assertThat(health.at("/components/db/components/oldStoreDataSource/details/database").asText())
                .isEqualTo("MariaDB");
        assertThat(get("/actuator/prometheus").body()).contains("camel_");
        assertThat(get("/actuator/hawtio/").statusCode()).isEqualTo(200);
        // what hawtio's Camel tree reads: the route MBeans over Jolokia
        HttpResponse<String> routes = HTTP.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"search\",\"mbean\":\"org.apache.camel:context=orderhub,type=routes,*\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(routes.body()).contains("canonical-order-intake", "post-order", "relay-order-events");
        HttpResponse<String> openapi = get("/api/openapi.json");
        assertThat(json(openapi).at("/paths/~1orders/post")).isNotNull();
        assertThat(openapi.body()).contains("Idempotency-Key");
    }

    // --- helpers -----------------------------------------------------------------------------

    private List<String> statusInBothStores(String id) throws SQLException {
        Secondary.settled(syncBacklog);
        String pgStatus = (String) row(pg, "SELECT status FROM orders WHERE order_id = ?::uuid", id).get("status");
        String legacy = (String) row(maria, "SELECT ORDER_STATUS FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", id)
                .get("ORDER_STATUS");
        return List.of(pgStatus, legacy);
    }

    private void assertStoredOnce(String channelOrderId) throws SQLException {
        Secondary.settled(syncBacklog);
        assertThat(count(pg, "SELECT count(*) FROM orders WHERE channel_order_id = ?", channelOrderId)).isEqualTo(1);
        assertThat(count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", channelOrderId))
                .isEqualTo(1);
    }

    private void assertNotStored(String channelOrderId) throws SQLException {
        Secondary.settled(syncBacklog);
        assertThat(count(pg, "SELECT count(*) FROM orders WHERE channel_order_id = ?", channelOrderId)).isZero();
        assertThat(count(pg, "SELECT count(*) FROM order_channel_keys WHERE channel_order_id = ?", channelOrderId))
                .isZero();
        assertThat(count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", channelOrderId)).isZero();
    }

    private void awaitOutboxEmpty() {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pg, "SELECT count(*) FROM outbox WHERE 1 = ?", 1) == 0
                && count(maria, "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX WHERE 1 = ?", 1) == 0);
    }

    private HttpResponse<String> post(JsonNode order, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString()));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> res) throws IOException {
        return CanonicalJson.mapper().readTree(res.body());
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
