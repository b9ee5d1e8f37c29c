package io.orderhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.config.HubProperties;
import io.orderhub.cutover.CutoverState;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Phase;
import io.orderhub.embedded.EmbeddedInfrastructure;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A store stopped under load, in DUAL_WRITE (old store authoritative). The hub of this class runs in
 * an application context of its own (its own data directory, embedded servers and broker), so stopping
 * its stores disturbs no other test class.
 * <ul>
 *   <li>The non-authoritative new store (embedded PostgreSQL) down for 60 seconds: every order is still
 *       accepted (201), the sync backlog builds, the rules in force stay in force (they live in the new
 *       store), and once PostgreSQL is back the backlog drains and both stores hold the same orders.</li>
 *   <li>The authoritative old store (embedded MariaDB) down: callers get 503 with Retry-After; after
 *       the restart nothing is half-written — no head without lines, no order without its event and
 *       its sync change (the new store ends equal), by SQL.</li>
 * </ul>
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreOutageTest {

    private static final Path DATA = TestDirs.newDataDir("outage-");

    @DynamicPropertySource
    static void ownHub(DynamicPropertyRegistry r) {
        r.add("orderhub.data-dir", DATA::toString);
        // a second hub in the test JVM: out of JMX, its own Artemis id and CamelContext name
        r.add("spring.jmx.enabled", () -> "false");
        r.add("camel.main.jmx-enabled", () -> "false");
        r.add("camel.main.name", () -> "orderhub-outage");
        r.add("spring.artemis.embedded.server-id", () -> "37");
    }

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
    @Autowired
    EmbeddedInfrastructure infra;
    @Autowired
    CutoverState state;
    @Autowired
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;
    /** The sync package's backlog: the new store's side of it (old store outbox + to-new queue) needs no PostgreSQL. */
    @Autowired
    io.orderhub.sync.StoreSyncBacklog syncBacklog;
    @Value("${orderhub.inbox.dir}")
    Path inbox;

    CutoverDriver hub;
    StoreComparison stores;
    String cohort;
    /** What GET /api/admin/cutover/backlog answered while the new store was down. */
    final List<String> backlogAnswersDuringOutage = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        hub = new CutoverDriver(port, inbox);
        stores = new StoreComparison(pg, maria, newStore, oldReader, legacy);
        cohort = hub.defaultCohort();
        hub.moveTo(cohort, Entity.ORDERS, Phase.DUAL_WRITE, "outage: old store authoritative");
    }

    @AfterAll
    void restore() throws Exception {
        infra.restartNewStore();
        infra.restartOldStore();
    }

    private Traffic restLoad() {
        return new Traffic(() -> Phase.DUAL_WRITE, Map.of(CutoverDriver.Door.REST, hub::rest),
                Map.of(CutoverDriver.Door.REST, Duration.ofMillis(50)));
    }

    @Test
    @Order(1)
    void theNewStoreDownForAMinuteUnderLoadIsCaughtUpAfterwards() throws Exception {
        long rulesVersion = state.version();
        try (Traffic load = restLoad()) {
            load.resume(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.sent().size() >= 10);

            infra.stopNewStore();
            long stoppedAt = System.nanoTime();
            load.resume(2);
            try {
                // the backlog builds while PostgreSQL is away, and writes keep being taken
                Awaitility.await("backlog towards the new store builds").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> syncBacklog.ofTarget(io.orderhub.cutover.Store.NEW).pending() >= 20);
                var answer = hub.send("GET", "/api/admin/cutover/backlog", null);
                backlogAnswersDuringOutage.add(answer.statusCode() + " " + answer.body());
                // the rules in force stay in force: they were read from the new store, which is away
                assertThat(state.version()).isEqualTo(rulesVersion);
                assertThat(state.decider().version()).isEqualTo(rulesVersion);
                Awaitility.await("a minute of outage under load").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> System.nanoTime() - stoppedAt >= Duration.ofSeconds(60).toNanos());
                assertThat(load.failures()).as("every order accepted while the new store is down").isEmpty();
                assertThat(syncBacklog.ofTarget(io.orderhub.cutover.Store.NEW).pending())
                        .as("the backlog towards the new store is still there").isGreaterThanOrEqualTo(20);
                assertThat(load.countsIn(2).getOrDefault(CutoverDriver.Door.REST, 0)).isGreaterThanOrEqualTo(20);
            } finally {
                infra.restartNewStore();
            }
            load.resume(3);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.countsIn(3).size() == 1);
            load.pause();
            assertThat(load.failures()).isEmpty();

            hub.awaitBacklogDrained(Duration.ofSeconds(180));
            assertThat(hub.backlog().path("total").path("deadLettered").asLong(0)).as("nothing dead-lettered").isZero();
            Map<CutoverDriver.Ack, String> numbers = stores.awaitNumbers(load.sent().stream().map(Traffic.Sent::ack).toList(),
                    Duration.ofSeconds(30));
            SoftAssertions soft = new SoftAssertions();
            numbers.forEach((ack, no) -> {
                try {
                    stores.assertEqual(soft, "order " + no + " (interval " + ack.channelOrderId() + ")", no);
                } catch (java.sql.SQLException e) {
                    soft.fail(e.toString());
                }
            });
            soft.assertAll();
            System.out.println("new store outage: " + numbers.size() + " orders, all in both stores");
        }
    }

    @Test
    @Order(2)
    void theAuthoritativeStoreDownAnswers503AndLeavesNothingHalfWritten() throws Exception {
        try (Traffic load = restLoad()) {
            load.resume(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.sent().size() >= 10);
            // the old store goes away under the load: batches in flight fail, callers are answered 503
            infra.stopOldStore();
            try {
                Awaitility.await("503 with Retry-After").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> load.failures().stream().filter(Traffic.Failure::unavailable).count() >= 5);
            } finally {
                infra.restartOldStore();
            }
            load.pause();
            List<Traffic.Failure> failures = load.failures();
            assertThat(failures).as("while the authority is down callers get 503 with Retry-After, nothing else")
                    .allMatch(Traffic.Failure::unavailable);
            // after the restart writes are taken again
            load.resume(2);
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> load.countsIn(2).size() == 1);
            load.pause();

            hub.awaitBacklogDrained(Duration.ofSeconds(120));
            // nothing half-written in the authority: no head without lines, no hub order without its document
            assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD h WHERE h.EXT_ORDER_NO LIKE ?"
                    + " AND NOT EXISTS (SELECT 1 FROM CRM_ORDER_DETAIL d WHERE d.ORDER_NO = h.ORDER_NO)", "E2E-R%"))
                    .as("heads without lines").isZero();
            assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD h WHERE h.EXT_ORDER_NO LIKE ?"
                    + " AND NOT EXISTS (SELECT 1 FROM HUB_ORDER_DOC d WHERE d.ORDER_NO = h.ORDER_NO)", "E2E-R%"))
                    .as("hub orders without their document").isZero();
            // every order the old store holds has its sync change applied (the new store holds it, equal) and its event
            List<String> held = new java.util.ArrayList<>();
            try (var c = maria.getConnection(); var ps = c.prepareStatement(
                    "SELECT ORDER_NO, HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO LIKE 'E2E-R%'");
                 var rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            SoftAssertions soft = new SoftAssertions();
            List<String> ids = new java.util.ArrayList<>();
            for (String h : held) {
                String no = h.substring(0, h.indexOf(' '));
                ids.add(h.substring(h.indexOf(' ') + 1).trim());
                stores.assertEqual(soft, "order " + no, no);
            }
            try (EventLog events = new EventLog(kafka.servers(), props.getKafka().getTopic())) {
                soft.assertThat(events.withoutEvents(ids, Duration.ofSeconds(60))).as("orders of the old store without their event")
                        .isEmpty();
            }
            // and every order a caller was told 201 about is there
            stores.awaitNumbers(load.sent().stream().map(Traffic.Sent::ack).toList(), Duration.ofSeconds(10));
            soft.assertAll();
            System.out.println("old store outage: " + failures.size() + " refused with 503, " + held.size()
                    + " orders in the old store checked");
        }
    }

    /**
     * What an operator watches during the outage: the backlog endpoint answers while the new store is
     * down (its old-store side and the queue are readable; the part it cannot read may be named unknown).
     */
    @Test
    @Order(3)
    void theBacklogCanBeWatchedWhileTheNewStoreIsDown() {
        assertThat(backlogAnswersDuringOutage).as("GET /api/admin/cutover/backlog during the new store outage").isNotEmpty()
                .allMatch(a -> a.startsWith("200 "), "answered 200");
    }
}
