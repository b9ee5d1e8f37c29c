package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.cutover.CutoverMismatches;
import io.orderhub.cutover.CutoverState;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11 item 8, shadow reads of members: with one store's {@code QueryMember} in SHADOW the legacy
 * table answers and the new store is read in the background and compared; a member that differs
 * between the stores shows up in {@code GET /api/admin/cutover/mismatches} with both versions and the
 * cohort, and {@code orderhub.cutover.shadow.reads} counts it; an equal member counts a match and
 * keeps no row. In LIVE the new store answers and the legacy table is the shadow. The rules are
 * rolled back at the end. The mismatch table keeps only the newest N rows per entity.
 */
@HubTest
class ShadowMemberReadsTest {

    MemberCutoverHub hub;

    @LocalServerPort
    int port;
    @Autowired
    NewStoreMembers newStoreMembers;
    @Autowired
    CutoverState cutover;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;

    @Test
    void onlyTheNewestMismatchesPerEntityAreKept() throws Exception {
        // ORDERS: no order read is shadowed yet, so this test's rows are the entity's only ones
        CutoverMismatches kept = new CutoverMismatches(pg, 3);
        String cohort = "keep-" + ThreadLocalRandom.current().nextInt(1_000_000);
        try {
            for (int i = 1; i <= 5; i++) {
                kept.record(new CutoverMismatches.Mismatch(Entity.ORDERS, cohort, 1, "orderId", "k" + i, Store.OLD,
                        CanonicalJson.mapper().createObjectNode().put("n", i), null));
            }
            List<String> left = new ArrayList<>();
            kept.newest(Entity.ORDERS, cohort, 500).forEach(r -> left.add(r.path("key").path("orderId").asText()));
            assertThat(left).containsExactly("k5", "k4", "k3");
            assertThat(kept.newest(Entity.ORDERS, cohort, 2)).hasSize(2);
        } finally {
            try (var c = pg.getConnection(); var ps = c.prepareStatement("DELETE FROM cutover_mismatches WHERE cohort = ?")) {
                ps.setString(1, cohort);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void shadowAndLiveAnswerFromTheirStoreAndKeepMismatchesWithBothVersions() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        hub = new MemberCutoverHub(port, maria, newStoreMembers, cutover);
        String store = "SR" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        String cohort = "shadow-" + store;
        String differs = fresh("66");
        String differsMobile = fresh("15");
        String same = fresh("66");
        String sameMobile = fresh("15");
        hub.oldMember(differs, "旧名字", differsMobile);
        hub.newMember(differs, "新名字", differsMobile, store);
        hub.oldMember(same, "同名", sameMobile);
        hub.newMember(same, "同名", sameMobile, store);

        long before = hub.rulesVersion();
        long shadowVersion = hub.queryMemberIn(before, cohort, store, "SHADOW");
        try {
            // SHADOW: the legacy table answers at once; the new store is read and compared behind it
            assertThat(hub.nameAt(store, differs)).isEqualTo("旧名字");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(cohort, "mismatch") >= 1);
            JsonNode row = only(mismatches(cohort), differs, "OLD");
            assertThat(row.path("entity").asText()).isEqualTo("MEMBERS");
            assertThat(row.path("cohort").asText()).isEqualTo(cohort);
            assertThat(row.path("rulesVersion").asLong()).isEqualTo(shadowVersion);
            assertThat(row.path("old").path("name").asText()).isEqualTo("旧名字");
            assertThat(row.path("new").path("name").asText()).isEqualTo("新名字");
            assertThat(row.path("old").path("mobile").asText()).isEqualTo(differsMobile);
            assertThat(row.path("new").path("mobile").asText()).isEqualTo(differsMobile);
            assertThat(count(cohort, "mismatch")).isEqualTo(1);

            // an equal member: a match, no row
            assertThat(hub.nameAt(store, same)).isEqualTo("同名");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(cohort, "match") >= 1);
            assertThat(keys(mismatches(cohort))).doesNotContain(same);
            assertThat(count(cohort, "mismatch")).isEqualTo(1);

            // LIVE: the new store answers, the legacy table is the shadow
            long liveVersion = hub.queryMemberIn(shadowVersion, cohort, store, "LIVE");
            assertThat(hub.nameAt(store, differs)).isEqualTo("新名字");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(cohort, "mismatch") >= 2);
            JsonNode live = only(mismatches(cohort), differs, "NEW");
            assertThat(live.path("rulesVersion").asLong()).isEqualTo(liveVersion);
            assertThat(live.path("old").path("name").asText()).isEqualTo("旧名字");
            assertThat(live.path("new").path("name").asText()).isEqualTo("新名字");
            assertThat(mismatches(cohort).get(0).path("authoritative").asText()).as("newest first").isEqualTo("NEW");

            // the endpoint's parameters are checked, naming the field
            HttpResponse<String> bad = hub.admin("GET", "/api/admin/cutover/mismatches?entity=CUSTOMERS&limit=0", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("application/problem+json"));
            assertThat(bad.body()).contains("\"entity\"").contains("\"limit\"");
        } finally {
            hub.rollBackTo(before, "end of the shadow-read test");
        }
    }

    private double count(String cohort, String outcome) {
        Counter c = meters.find("orderhub.cutover.shadow.reads")
                .tags("cohort", cohort, "entity", "MEMBERS", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private JsonNode mismatches(String cohort) throws Exception {
        HttpResponse<String> r = hub.admin("GET", "/api/admin/cutover/mismatches?entity=MEMBERS&cohort=" + cohort
                + "&limit=500", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return CanonicalJson.mapper().readTree(r.body());
    }

    private static JsonNode only(JsonNode rows, String card, String authoritative) {
        List<JsonNode> found = new ArrayList<>();
        rows.forEach(r -> {
            if (card.equals(r.path("key").path("cardNo").asText()) && authoritative.equals(r.path("authoritative").asText())) {
                found.add(r);
            }
        });
        assertThat(found).as("mismatches of %s answered by %s in %s", card, authoritative, rows).hasSize(1);
        return found.get(0);
    }

    private static List<String> keys(JsonNode rows) {
        List<String> keys = new ArrayList<>();
        rows.forEach(r -> keys.add(r.path("key").path("cardNo").asText()));
        return keys;
    }

    private static String fresh(String prefix) {
        return prefix + String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
    }
}
