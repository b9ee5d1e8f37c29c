package io.orderhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Phase;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
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
 * SHADOW to LIVE under load with the secondary deliberately behind (the sync package's
 * consumers of orderhub.sync.to-new stopped): the dry run names the backlog it would wait for; a switch that cannot
 * drain in its bounded wait is refused with 409 naming the backlog and changes nothing; once the
 * consumers run again the switch drains and moves, and right after it every acknowledged order is
 * readable from the new store — over the API (LIVE reads from the new store) and by SQL.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwitchUnderLoadTest {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    NewStore newStore;
    @Autowired
    OldStore oldStore;
    @Autowired
    io.orderhub.stores.OldStoreOrderReader oldReader;
    @Autowired
    LegacyMapping legacy;
    /** The sync package's transacted consumers of orderhub.sync.to-new / to-old: stopped, the secondary falls behind. */
    @Autowired
    io.orderhub.sync.SyncConsumers syncConsumers;
    @Value("${orderhub.inbox.dir}")
    Path inbox;

    CutoverDriver hub;
    StoreComparison stores;
    Traffic traffic;
    String cohort;
    long rulesBefore;

    @BeforeAll
    void setUp() throws Exception {
        hub = new CutoverDriver(port, inbox);
        stores = new StoreComparison(pg, maria, newStore, oldReader, legacy);
        cohort = hub.defaultCohort();
        rulesBefore = hub.version();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        syncConsumers.start();
        if (hub.version() != rulesBefore) {
            HttpResponse<String> back = hub.rollback(rulesBefore, "SwitchUnderLoadTest: the rules as the class found them");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        }
    }

    @Test
    void aSwitchToLiveUnderLoadWithTheSecondaryBehindLosesNothing() throws Exception {
        hub.moveTo(cohort, Entity.ORDERS, Phase.DUAL_WRITE, "switch under load: from DUAL_WRITE");
        hub.moveTo(cohort, Entity.ORDERS, Phase.SHADOW, "switch under load: SHADOW");
        traffic = new Traffic(() -> Phase.SHADOW, Map.of(
                CutoverDriver.Door.REST, hub::rest,
                CutoverDriver.Door.SOAP, hub::soap), Map.of(
                CutoverDriver.Door.REST, Duration.ofMillis(40),
                CutoverDriver.Door.SOAP, Duration.ofMillis(120)));
        traffic.resume(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> traffic.sent().size() >= 10);

        // the secondary falls behind
        syncConsumers.stop();
        Awaitility.await("backlog builds").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> hub.pending(cohort, Entity.ORDERS) >= 20);

        // the dry run names what it would wait for and changes nothing
        HttpResponse<String> dry = hub.switchPhase(cohort, Entity.ORDERS, Phase.LIVE, true, 30, "dry run");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        List<Long> pending = CutoverDriver.json(dry).findValues("pending").stream().map(JsonNode::asLong).toList();
        assertThat(pending).as("the backlog the dry run would wait for: " + dry.body()).anyMatch(p -> p > 0);
        assertThat(hub.phase(cohort, Entity.ORDERS)).isEqualTo(Phase.SHADOW);

        // a switch that cannot drain in its wait is refused, naming the backlog, and changes nothing
        HttpResponse<String> refused = hub.switchPhase(cohort, Entity.ORDERS, Phase.LIVE, false, 2, "must not drain");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("backlog");
        assertThat(CutoverDriver.json(refused).findValues("pending").stream().map(JsonNode::asLong).toList())
                .as(refused.body()).anyMatch(p -> p > 0);
        assertThat(hub.phase(cohort, Entity.ORDERS)).isEqualTo(Phase.SHADOW);

        // the consumers run again; the switch drains the backlog while orders keep coming, then moves
        syncConsumers.start();
        HttpResponse<String> switched = hub.switchPhase(cohort, Entity.ORDERS, Phase.LIVE, false, 60, "switch under load");
        List<Traffic.Sent> acknowledged = traffic.sent();
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(hub.phase(cohort, Entity.ORDERS)).isEqualTo(Phase.LIVE);

        // right after the switch, nothing waited for: every order acknowledged before it is in the new store
        Map<CutoverDriver.Ack, String> numbers = stores.awaitNumbers(acknowledged.stream().map(Traffic.Sent::ack).toList(),
                Duration.ofSeconds(5));
        SoftAssertions soft = new SoftAssertions();
        for (Traffic.Sent s : acknowledged) {
            String no = numbers.get(s.ack());
            soft.assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM orders WHERE legacy_order_no = ?", no))
                    .as("new store row of " + s.ack().door() + " order " + no).isEqualTo(1);
            String id = StoreComparison.first(maria, "SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", no)
                    .orElse(null);
            soft.assertThat(id).as("hub id of " + no).isNotNull();
            if (id != null) {
                HttpResponse<String> read = hub.send("GET", "/api/orders/" + id.trim(), null);
                soft.assertThat(read.statusCode()).as("GET order " + id + ": " + read.body()).isEqualTo(200);
                if (read.statusCode() == 200) {
                    soft.assertThat(CutoverDriver.json(read).path("legacyOrderNo").asText()).isEqualTo(no);
                }
            }
        }
        soft.assertAll();
        System.out.println("switch under load: " + acknowledged.size() + " orders acknowledged before the switch; dry run "
                + dry.body() + "; switch " + switched.body());

        // and the orders after the switch go to the new store first, the old one by reverse sync
        int before = traffic.sent().size();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> traffic.sent().size() >= before + 10);
        traffic.pause();
        assertThat(traffic.failures()).as("refusals other than 503 with Retry-After")
                .allMatch(Traffic.Failure::unavailable);
        hub.awaitBacklogDrained(Duration.ofSeconds(60));
        Map<CutoverDriver.Ack, String> all = stores.awaitNumbers(traffic.sent().stream().map(Traffic.Sent::ack).toList(),
                Duration.ofSeconds(30));
        SoftAssertions equal = new SoftAssertions();
        for (Map.Entry<CutoverDriver.Ack, String> e : all.entrySet()) {
            stores.assertEqual(equal, e.getKey().door() + " order " + e.getValue(), e.getValue());
        }
        equal.assertAll();
    }
}
