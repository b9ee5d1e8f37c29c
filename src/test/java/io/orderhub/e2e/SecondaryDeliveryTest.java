package io.orderhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.config.HubProperties;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Phase;
import io.orderhub.cutover.Store;
import io.orderhub.embedded.FreePorts;
import io.orderhub.legacycrm.LegacyCrmPollSource;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.intake.SecondaryWrites;
import io.orderhub.support.HubTest;
import io.orderhub.support.KafkaEvents;
import io.orderhub.support.PollRuns;
import io.orderhub.sync.SecondaryApply;
import io.orderhub.sync.SyncChange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
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
 * Secondary deliveries sent on purpose, the way the sync consumers deliver them (SecondaryApply with
 * real stores): duplicates and out-of-order versions never regress a row; an apply leaves no sync
 * change and no event behind (reverse sync cannot loop or echo), and the legacy poll does not take in
 * again a row the hub itself wrote into the old store.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondaryDeliveryTest {

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
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    LegacyCrmPollSource legacyPoll;
    @Autowired
    jakarta.jms.ConnectionFactory jms;
    @Autowired
    org.springframework.beans.factory.ObjectProvider<SecondaryApply> hubApply;
    @Value("${orderhub.inbox.dir}")
    Path inbox;

    CutoverDriver hub;
    SecondaryApply apply;
    KafkaEvents events;
    String cohort;
    long rulesBefore;
    Server legacyCrm;
    StoreComparison stores;

    @BeforeAll
    void setUp() throws Exception {
        hub = new CutoverDriver(port, inbox);
        stores = new StoreComparison(pg, maria, newStore, oldReader, legacy);
        // the hub's own apply when the sync package offers it as a bean, else the same class over the real stores
        apply = hubApply.getIfAvailable(() -> new SecondaryWrites(newStore, oldStore));
        events = new KafkaEvents(kafka.servers(), props.getKafka().getTopic());
        cohort = hub.defaultCohort();
        rulesBefore = hub.version();
        if (hub.phase(cohort, Entity.ORDERS) != Phase.DUAL_WRITE) {
            hub.moveTo(cohort, Entity.ORDERS, Phase.DUAL_WRITE, "SecondaryDeliveryTest: old store authoritative");
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        events.close();
        legacyPoll.useLegacyCrm(null);
        if (legacyCrm != null) {
            legacyCrm.destroy();
        }
        if (hub.version() != rulesBefore) {
            hub.rollback(rulesBefore, "SecondaryDeliveryTest done");
        }
    }

    /** An order taken at the REST door in DUAL_WRITE: in the old store (authoritative) as version 1. */
    private CanonicalOrder takenInTheOldStore() throws Exception {
        CutoverDriver.Ack ack = hub.rest(Phase.DUAL_WRITE);
        String no = stores.legacyNo(ack).orElseThrow();
        CanonicalOrder v1 = stores.oldCanonical(no).orElseThrow();
        assertThat(v1.version()).isEqualTo(1L);
        return v1;
    }

    /** The order at version {@code v}, its seller remark naming the version, as a sync change for {@code target}. */
    private SyncChange change(CanonicalOrder base, long v, Store target) {
        ObjectNode doc = CanonicalJson.mapper().valueToTree(base);
        doc.put("version", v);
        doc.put("sellerRemark", "v" + v);
        return new SyncChange(Entity.ORDERS, base.id(), target, cohort, v, Instant.now(), doc.toString());
    }

    @Test
    void duplicateAndOutOfOrderDeliveriesNeverRegressTheNewStore() throws Exception {
        CanonicalOrder v1 = takenInTheOldStore();

        SecondaryApply.Applied first = apply.apply(Store.NEW, List.of(change(v1, 3, Store.NEW)));
        SecondaryApply.Applied older = apply.apply(Store.NEW, List.of(change(v1, 2, Store.NEW)));
        SecondaryApply.Applied again = apply.apply(Store.NEW, List.of(change(v1, 3, Store.NEW)));
        // the change the authoritative write left (v1), however late it arrives, is older still
        SecondaryApply.Applied late = apply.apply(Store.NEW, List.of(change(v1, 1, Store.NEW)));
        // several versions of one order in one batch: only the newest counts
        SecondaryApply.Applied batch = apply.apply(Store.NEW, List.of(change(v1, 2, Store.NEW), change(v1, 3, Store.NEW),
                change(v1, 2, Store.NEW)));

        assertThat(first.applied()).isEqualTo(1);
        assertThat(older).isEqualTo(new SecondaryApply.Applied(0, 1));
        assertThat(again).isEqualTo(new SecondaryApply.Applied(0, 1));
        assertThat(late).isEqualTo(new SecondaryApply.Applied(0, 1));
        assertThat(batch.applied()).isZero();
        CanonicalOrder stored = newStore.findByLegacyOrderNo(v1.legacyOrderNo()).orElseThrow();
        assertThat(stored.version()).isEqualTo(3L);
        assertThat(stored.sellerRemark()).isEqualTo("v3");
        assertThat(stored.legacyOrderNo()).isEqualTo(v1.legacyOrderNo());
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM orders WHERE legacy_order_no = ?", v1.legacyOrderNo()))
                .isEqualTo(1);
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM order_items WHERE order_id = ?::uuid", v1.id()))
                .isEqualTo(v1.items().size());
        // an apply is no authoritative write: no event and no sync change of its own in the new store
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM outbox WHERE aggregate_id = ?::uuid", v1.id())).isZero();
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM sync_outbox WHERE aggregate_id = ?", v1.id())).isZero();
        // and the old store, the authority, still has its own version 1
        assertThat(stores.oldCanonical(v1.legacyOrderNo()).orElseThrow().version()).isEqualTo(1L);
    }

    /** Sends changes to a sync queue as the relay does (SyncMessages' format), each its own message. */
    private void send(Store target, List<SyncChange> changes) throws Exception {
        try (jakarta.jms.Connection c = jms.createConnection()) {
            jakarta.jms.Session session = c.createSession(true, jakarta.jms.Session.SESSION_TRANSACTED);
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(
                    io.orderhub.sync.SyncMessages.queueFor(props.getSync(), target)));
            producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
            for (SyncChange change : changes) {
                // a duplicate id of its own for each: the broker must not drop the repeat, the store must skip it
                producer.send(io.orderhub.sync.SyncMessages.toMessage(session, change, java.util.UUID.randomUUID().toString()));
            }
            session.commit();
        }
    }

    @Test
    void throughTheRealQueueV3ThenV2ThenV3AgainLeavesV3() throws Exception {
        CanonicalOrder v1 = takenInTheOldStore();

        send(Store.NEW, List.of(change(v1, 3, Store.NEW), change(v1, 2, Store.NEW), change(v1, 3, Store.NEW)));

        Awaitility.await("v3 applied from orderhub.sync.to-new").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> newStore.findByLegacyOrderNo(v1.legacyOrderNo()).orElseThrow().version() == 3L);
        hub.awaitBacklogDrained(Duration.ofSeconds(60));
        CanonicalOrder stored = newStore.findByLegacyOrderNo(v1.legacyOrderNo()).orElseThrow();
        assertThat(stored.version()).isEqualTo(3L);
        assertThat(stored.sellerRemark()).isEqualTo("v3");
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM order_items WHERE order_id = ?::uuid", v1.id()))
                .isEqualTo(v1.items().size());
        // the older and repeated deliveries were skipped, not dead-lettered
        JsonNode dead = CutoverDriver.json(hub.send("GET", "/api/admin/cutover/dead-letters", null));
        assertThat(dead.toString()).doesNotContain(v1.id());
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM outbox WHERE aggregate_id = ?::uuid", v1.id())).isZero();
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM sync_outbox WHERE aggregate_id = ?", v1.id())).isZero();
    }

    @Test
    void reverseSyncIntoTheOldStoreEchoesNothingAndTheLegacyPollDoesNotTakeTheHubsRowAgain() throws Exception {
        CanonicalOrder v1 = takenInTheOldStore();
        // what the forward sync would have done: the new store at version 1 too
        apply.apply(Store.NEW, List.of(change(v1, 1, Store.NEW)));
        long oldSyncRows = StoreComparison.count(maria, "SELECT COUNT(*) FROM HUB_SYNC_OUTBOX WHERE AGGREGATE_ID = ? AND VERSION_NO > 1", v1.id());

        // reverse sync (LIVE: new -> old), delivered twice and out of order
        assertThat(apply.apply(Store.OLD, List.of(change(v1, 5, Store.OLD))).applied()).isEqualTo(1);
        assertThat(apply.apply(Store.OLD, List.of(change(v1, 4, Store.OLD), change(v1, 5, Store.OLD))).applied()).isZero();

        CanonicalOrder old = stores.oldCanonical(v1.legacyOrderNo()).orElseThrow();
        assertThat(old.version()).isEqualTo(5L);
        assertThat(old.sellerRemark()).isEqualTo("v5");
        assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", v1.legacyOrderNo()))
                .isEqualTo(1);
        assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_DETAIL WHERE ORDER_NO = ?", v1.legacyOrderNo()))
                .isEqualTo(v1.items().size());
        // no loop: nothing written back for the new store, no event from the apply
        assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM HUB_SYNC_OUTBOX WHERE AGGREGATE_ID = ? AND VERSION_NO > 1", v1.id()))
                .isEqualTo(oldSyncRows).isZero();
        assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX WHERE AGGREGATE_ID = ?"
                + " AND PAYLOAD LIKE '%\"version\":5%'", v1.id())).isZero();
        // the row carries the hub's mark: the head row's update time and version as the hub wrote them
        Map<String, Object> mark = StoreComparison.row(maria, "SELECT h.VERSION_NO, d.HUB_VERSION_NO, h.UPDATE_TIME, d.HUB_UPDATE_TIME,"
                + " d.HUB_VERSION FROM CRM_ORDER_HEAD h JOIN HUB_ORDER_DOC d ON d.ORDER_NO = h.ORDER_NO WHERE h.ORDER_NO = ?",
                v1.legacyOrderNo());
        assertThat(mark).isNotNull();
        assertThat(mark.get("HUB_VERSION_NO")).isEqualTo(mark.get("VERSION_NO"));
        assertThat(mark.get("HUB_UPDATE_TIME")).isEqualTo(mark.get("UPDATE_TIME"));
        assertThat(((Number) mark.get("HUB_VERSION")).longValue()).isEqualTo(5L);

        // the legacy CRM poll reads the old store's changes: the hub's own row is not taken in again
        int simPort = FreePorts.find();
        legacyCrm = io.orderhub.soap.legacycrm.LegacyCrm.start(simPort, maria);
        legacyPoll.useLegacyCrm("http://127.0.0.1:" + simPort + "/crm");
        PollRuns.run(producer, LegacyCrmPollSource.CHANNEL);
        CanonicalOrder inNew = newStore.findByLegacyOrderNo(v1.legacyOrderNo()).orElseThrow();
        assertThat(inNew.version()).as("the legacy poll did not re-ingest the hub's row").isEqualTo(1L);
        assertThat(StoreComparison.count(pg, "SELECT COUNT(*) FROM outbox WHERE aggregate_id = ?::uuid", v1.id())).isZero();
        assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM HUB_SYNC_OUTBOX WHERE AGGREGATE_ID = ? AND VERSION_NO > 1", v1.id()))
                .isZero();
        assertThat(StoreComparison.count(maria, "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX WHERE AGGREGATE_ID = ?"
                + " AND PAYLOAD LIKE '%\"version\":5%'", v1.id())).isZero();

        // on Kafka: the order's one OrderCreated from the authoritative write, and nothing from the applies or the poll
        assertThat(events.eventsFor(v1.id(), 1, Duration.ofSeconds(30))).as("the OrderCreated event").isNotEmpty();
        // a second event, were there one, would be relayed as soon as the first: look for one a while longer
        List<JsonNode> seen = events.eventsFor(v1.id(), 2, Duration.ofSeconds(5));
        assertThat(seen).as("events of order " + v1.id()).hasSize(1);
    }
}
