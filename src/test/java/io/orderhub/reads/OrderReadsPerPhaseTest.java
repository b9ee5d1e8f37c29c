package io.orderhub.reads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.cutover.CutoverState;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStoreOrderReader;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11 item 8, order reads per migration phase: GET /api/orders/{id} answers from the legacy CRM's
 * tables in DUAL_WRITE (a change the legacy side makes in MariaDB is what the caller sees), from the new
 * store in COMPLETE; in SHADOW the new store is read behind the answer and compared — an order equal in
 * both stores counts a match (with or without the hub's document beside the legacy row), a legacy-side
 * change is kept as an ORDERS mismatch with both versions and counted. A rich order written by the hub
 * reads back from the old store equal to the canonical order. Rules are changed through the admin API
 * for the function orders.read only, and rolled back at the end of each test.
 */
@HubTest
class OrderReadsPerPhaseTest {

    private static final HubHttp HTTP = HubHttp.admin();

    @LocalServerPort
    int port;
    @Autowired
    NewStore newStore;
    @Autowired
    OldStoreOrderReader oldStoreReader;
    @Autowired
    CutoverState cutover;
    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    @Test
    void aRichOrderWrittenByTheHubReadsBackFromTheOldStoreAsTheCanonicalOrder() throws Exception {
        CanonicalOrder stored = post(rich());
        HubOrderDocs.write(maria, stored);

        assertThat(oldStoreReader.findByHubId(UUID.fromString(stored.id()))).contains(stored);
        assertThat(oldStoreReader.findByLegacyOrderNo(stored.legacyOrderNo())).contains(stored);
        assertThat(oldStoreReader.findByChannelKey(stored.channelKey())).contains(stored);
        OldStoreOrderReader.ChangedPage page = oldStoreReader.findChangedSince(Instant.now().minusSeconds(60), 0, 500);
        assertThat(page.orders()).contains(stored);
        assertThat(page.total()).isGreaterThanOrEqualTo(page.orders().size());

        // without the hub's document the legacy columns alone answer: what they hold, as they hold it
        CanonicalOrder bare = post(rich());
        CanonicalOrder fromColumns = oldStoreReader.findByHubId(UUID.fromString(bare.id())).orElseThrow();
        assertThat(fromColumns.sourceSystem()).isNull();
        assertThat(fromColumns.createdAt()).isEqualTo(bare.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(OrderReads.comparable(fromColumns)).isEqualTo(OrderReads.comparable(bare));

        // a legacy column is the truth over the document
        legacyStatus(stored.legacyOrderNo(), "40");
        CanonicalOrder changed = oldStoreReader.findByHubId(UUID.fromString(stored.id())).orElseThrow();
        assertThat(changed.status().name()).isEqualTo("SHIPPED");
        assertThat(changed.version()).isEqualTo(stored.version() + 1);
        assertThat(changed.sourceSystem()).isEqualTo(stored.sourceSystem());
        assertThat(oldStoreReader.findByHubId(UUID.randomUUID())).isEmpty();
    }

    @Test
    void dualWriteAnswersFromTheLegacyTablesAndCompleteFromTheNewStore() throws Exception {
        CanonicalOrder stored = post(rich());
        HubOrderDocs.write(maria, stored);
        String cohort = "reads-" + ThreadLocalRandom.current().nextInt(1_000_000);
        long before = rulesVersion();
        try {
            ordersReadIn(before, cohort, "DUAL_WRITE");
            assertThat(get(stored.id())).isEqualTo(stored);

            legacyStatus(stored.legacyOrderNo(), "40");
            CanonicalOrder answered = get(stored.id());
            assertThat(answered.status().name()).as("the legacy CRM's own change").isEqualTo("SHIPPED");
            assertThat(answered.version()).isEqualTo(stored.version() + 1);

            ordersReadIn(rulesVersion(), cohort, "COMPLETE");
            assertThat(get(stored.id())).as("the new store, which never saw the legacy change").isEqualTo(stored);
        } finally {
            rollBackTo(before);
        }
    }

    @Test
    void shadowCountsEqualOrdersAsMatchesAndKeepsALegacySideChangeAsAMismatch() throws Exception {
        CanonicalOrder same = post(rich());
        HubOrderDocs.write(maria, same);
        CanonicalOrder noDocument = post(rich());
        CanonicalOrder differs = post(rich());
        HubOrderDocs.write(maria, differs);
        legacyStatus(differs.legacyOrderNo(), "40");
        String cohort = "shadow-orders-" + ThreadLocalRandom.current().nextInt(1_000_000);
        long before = rulesVersion();
        try {
            long shadowVersion = ordersReadIn(before, cohort, "SHADOW");

            assertThat(get(same.id())).isEqualTo(same);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(cohort, "match") >= 1);
            assertThat(get(noDocument.id()).status()).isEqualTo(noDocument.status());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(cohort, "match") >= 2);
            assertThat(count(cohort, "mismatch")).isZero();

            assertThat(get(differs.id()).status().name()).as("SHADOW answers from the old store").isEqualTo("SHIPPED");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(cohort, "mismatch") >= 1);
            JsonNode rows = mismatches(cohort);
            assertThat(rows).hasSize(1);
            JsonNode row = rows.get(0);
            assertThat(row.path("entity").asText()).isEqualTo("ORDERS");
            assertThat(row.path("rulesVersion").asLong()).isEqualTo(shadowVersion);
            assertThat(row.path("key").path("orderId").asText()).isEqualTo(differs.id());
            assertThat(row.path("authoritative").asText()).isEqualTo("OLD");
            assertThat(row.path("old").path("status").asText()).isEqualTo("SHIPPED");
            assertThat(row.path("new").path("status").asText()).isEqualTo("PAID");
            assertThat(row.path("old").path("version").asLong()).isEqualTo(differs.version() + 1);
            assertThat(row.path("new").path("items")).hasSize(differs.items().size());
            assertThat(count(cohort, "match")).isEqualTo(2);

            // counted on the Prometheus endpoint too
            HttpResponse<String> prometheus = HTTP.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prometheus.body()).contains("orderhub_cutover_shadow_reads_total{cohort=\"" + cohort
                    + "\",entity=\"ORDERS\",outcome=\"mismatch\"}");
        } finally {
            rollBackTo(before);
        }
    }

    // ---- the hub as a migration team drives it

    /** A rich order: two lines, one without a discount, a masked buyer with e-mail, fractions of seconds, remarks. */
    private static ObjectNode rich() {
        ObjectNode o = Samples.fresh();
        Samples.set(o, "buyer.name", "张**");
        Samples.set(o, "buyer.mobile", "135*******");
        Samples.set(o, "buyer.email", "buyer@example.com");
        Samples.set(o, "createdAt", "2026-11-22T10:15:30.123456+08:00");
        Samples.set(o, "paidAt", "2026-11-22T10:16:02.9+08:00");
        Samples.set(o, "platformModifiedAt", "2026-11-22T10:16:02.9+08:00");
        Samples.set(o, "sellerRemark", "赠品：杯套");
        return o;
    }

    /** Posts an order; the stored canonical order as the new store holds it. */
    private CanonicalOrder post(JsonNode order) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        String id = CanonicalJson.mapper().readTree(res.body()).path("id").asText();
        return newStore.find(UUID.fromString(id)).orElseThrow();
    }

    private CanonicalOrder get(String id) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(uri("/api/orders/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return CanonicalJson.mapper().readValue(res.body(), CanonicalOrder.class);
    }

    /** The legacy CRM's staff setting ORDER_STATUS, as the legacy system writes it. */
    private void legacyStatus(String orderNo, String code) throws Exception {
        try (var c = maria.getConnection(); var ps = c.prepareStatement("UPDATE CRM_ORDER_HEAD SET ORDER_STATUS = ?,"
                + " VERSION_NO = VERSION_NO + 1, UPDATE_TIME = ? WHERE ORDER_NO = ?")) {
            ps.setString(1, code);
            ps.setObject(2, java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")));
            ps.setString(3, orderNo);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private long rulesVersion() throws Exception {
        return CanonicalJson.mapper().readTree(admin("GET", "/api/admin/cutover/rules", null).body()).path("version").asLong();
    }

    /** orders.read in a cohort of its own with ORDERS in {@code phase}; the new version, once in force. */
    private long ordersReadIn(long basedOn, String cohort, String phase) throws Exception {
        String rules = """
                {"defaultCohort": "everyone",
                 "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "DUAL_WRITE"}},
                             {"name": "%s", "phases": {"ORDERS": "%s", "MEMBERS": "DUAL_WRITE"}}],
                 "rules": [{"id": "orders-read-%s", "cohort": "%s", "match": {"functions": ["orders.read"]}}]}"""
                .formatted(cohort, phase, phase.toLowerCase(), cohort);
        return inForce(admin("PUT", "/api/admin/cutover/rules", "{\"reason\": \"orders.read in " + phase
                + "\", \"basedOnVersion\": " + basedOn + ", \"rules\": " + rules + "}"));
    }

    private void rollBackTo(long version) throws Exception {
        inForce(admin("POST", "/api/admin/cutover/rollback/" + version, "{\"reason\": \"end of the order reads test\"}"));
    }

    private long inForce(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        long version = CanonicalJson.mapper().readTree(answer.body()).path("version").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cutover.version() >= version);
        return version;
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private double count(String cohort, String outcome) {
        Counter c = meters.find("orderhub.cutover.shadow.reads")
                .tags("cohort", cohort, "entity", "ORDERS", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private JsonNode mismatches(String cohort) throws Exception {
        HttpResponse<String> r = admin("GET", "/api/admin/cutover/mismatches?entity=ORDERS&cohort=" + cohort
                + "&limit=500", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        CanonicalJson.mapper().readTree(r.body()).forEach(rows::add);
        return CanonicalJson.mapper().valueToTree(rows);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
