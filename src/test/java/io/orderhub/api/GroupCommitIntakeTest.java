package io.orderhub.api;

import static io.orderhub.support.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.cutover.CutoverState;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import io.orderhub.support.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Concurrent orders at the door, group-committed in the store their cohort's phase makes
 * authoritative: DUAL_WRITE orders in the old store, LIVE orders (one store's, by rule) in the new
 * one — each channel order created exactly once however many deliveries race, every create numbered
 * by the legacy sequence first, and every answer given only after the commit (the rows are there).
 */
@HubTest
class GroupCommitIntakeTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String LIVE_STORE = "GCLIVE01";

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    CutoverState cutover;

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header(HubHttp.HEADER, TestCredentials.ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private long inForce(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        long version = CanonicalJson.mapper().readTree(answer.body()).path("version").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cutover.version() >= version);
        return version;
    }

    private HttpResponse<String> post(ObjectNode order) throws Exception {
        return CLIENT.send(HubHttp.admin().authorize(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Samples.json(order))).build()), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void racingDeliveriesAreCreatedOnceInTheirAuthoritativeStore() throws Exception {
        long before = CanonicalJson.mapper().readTree(admin("GET", "/api/admin/cutover/rules", null).body()).path("version").asLong();
        String rules = """
                {"defaultCohort": "everyone",
                 "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "DUAL_WRITE"}},
                             {"name": "gc-live", "phases": {"ORDERS": "LIVE", "MEMBERS": "DUAL_WRITE"}}],
                 "rules": [{"id": "gc-live-store", "cohort": "gc-live", "match": {"storeCodes": ["%s"]}}]}"""
                .formatted(LIVE_STORE);
        inForce(admin("PUT", "/api/admin/cutover/rules", "{\"reason\": \"group commit test\", \"basedOnVersion\": "
                + before + ", \"rules\": " + rules + "}"));
        try {
            List<ObjectNode> orders = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                orders.add(Samples.fresh());
                orders.add(Samples.set(Samples.fresh(), "storeCode", LIVE_STORE));
            }
            ExecutorService pool = Executors.newFixedThreadPool(24);
            Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
            List<Future<?>> sent = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (ObjectNode o : orders) {
                    sent.add(pool.submit(() -> {
                        HttpResponse<String> res = post(o);
                        assertThat(res.statusCode()).as(res.body()).isIn(200, 201);
                        JsonNode body = CanonicalJson.mapper().readTree(res.body());
                        outcomes.computeIfAbsent(o.get("channelOrderId").asText(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(res.statusCode() + " " + body.path("id").asText() + " " + body.path("legacyOrderNo").asText());
                        return null;
                    }));
                }
            }
            for (Future<?> f : sent) {
                f.get();
            }
            pool.shutdown();
            Set<String> numbers = new HashSet<>();
            for (ObjectNode o : orders) {
                String channelOrderId = o.get("channelOrderId").asText();
                List<String> answers = outcomes.get(channelOrderId);
                assertThat(answers).hasSize(3);
                assertThat(answers.stream().filter(a -> a.startsWith("201")).count()).as(answers.toString()).isEqualTo(1);
                assertThat(answers.stream().map(a -> a.substring(4)).distinct()).as("one id and number for all three answers")
                        .hasSize(1);
                String legacyNo = answers.get(0).split(" ")[2];
                assertThat(legacyNo).matches("SO\\d{16}");
                numbers.add(legacyNo);
                boolean live = LIVE_STORE.equals(o.path("storeCode").asText());
                // answered after the commit: the authoritative store holds it once, by channel identity
                if (live) {
                    assertThat(count(pg, "SELECT count(*) FROM order_channel_keys WHERE channel_order_id = ?", channelOrderId))
                            .isEqualTo(1);
                    assertThat(count(pg, "SELECT count(*) FROM orders WHERE channel_order_id = ? AND legacy_order_no = ?",
                            channelOrderId, legacyNo)).isEqualTo(1);
                } else {
                    assertThat(count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ? AND ORDER_NO = ?",
                            channelOrderId, legacyNo)).isEqualTo(1);
                    assertThat(count(maria, "SELECT COUNT(*) FROM HUB_ORDER_DOC WHERE ORDER_NO = ?", legacyNo)).isEqualTo(1);
                }
            }
            assertThat(numbers).as("every create has a legacy number of its own").hasSize(orders.size());
        } finally {
            long now = CanonicalJson.mapper().readTree(admin("GET", "/api/admin/cutover/rules", null).body()).path("version").asLong();
            if (now > before) {
                inForce(admin("POST", "/api/admin/cutover/rollback/" + before, "{\"reason\": \"group commit test done\"}"));
            }
        }
    }
}
