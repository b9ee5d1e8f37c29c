package io.orderhub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.config.HubProperties;
import io.orderhub.embedded.FreePorts;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.support.HubTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The order events of both stores' outboxes on Kafka: the old store's HUB_EVENT_OUTBOX is relayed
 * like the new store's outbox (keyed by order id, the event id as a header, once), an order's events
 * keep their order when they sit in both outboxes across a change of authority (either way), and a
 * relay that fails part-way loses nothing and doubles nothing.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderEventsRelayTest {

    static final String NEW_ROUTE = "relay-order-events";
    static final String OLD_ROUTE = "relay-old-store-order-events";

    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    @Qualifier("newStoreOutboxRelay")
    OutboxRelay newRelay;
    @Autowired
    @Qualifier("oldStoreOutboxRelay")
    OutboxRelay oldRelay;
    @Autowired
    @Qualifier("newStoreEventOutbox")
    EventOutbox newOutbox;
    @Autowired
    @Qualifier("oldStoreEventOutbox")
    EventOutbox oldOutbox;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;

    private Records records;

    @BeforeAll
    void subscribe() {
        records = new Records(kafka.servers(), props.getKafka().getTopic());
    }

    @AfterAll
    void close() throws Exception {
        records.close();
        startRelays();
    }

    @Test
    void eventsInTheOldStoresOutboxReachKafkaKeyedByOrderWithTheEventIdHeaderOnce() throws Exception {
        String order = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            ids.add(insertOld(order, v));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.forOrder(order).size() >= 3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> countOld(order) == 0);
        // a later event of the same order on the same partition: anything sent twice came before it
        ids.add(insertOld(order, 4));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.forOrder(order).size() >= 4);

        List<ConsumerRecord<String, String>> got = records.forOrder(order);
        assertThat(got).extracting(ConsumerRecord::key).containsOnly(order);
        assertThat(got).extracting(r -> header(r, OutboxRelay.EVENT_ID_HEADER)).containsExactlyElementsOf(ids);
        assertThat(got).extracting(r -> json(r).get("eventId").asText()).containsExactlyElementsOf(ids);
        assertThat(got).extracting(r -> json(r).get("version").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(countOld(order)).isZero();
    }

    /**
     * A cohort switches to LIVE while its order's v1 event still waits in the old store's outbox; the
     * order's v2 lands in the new store's outbox. Whichever relay runs first, v1 is on Kafka before v2
     * (two independent relays would publish v2 first here).
     */
    @Test
    void anOrdersOlderEventInTheOldOutboxGoesBeforeItsNewerEventInTheNewOutbox() throws Exception {
        String order = UUID.randomUUID().toString();
        stopRelays();
        try {
            String v1 = insertOld(order, 1);
            String v2 = insertNew(order, 2);

            newRelay.relay();
            assertThat(countNew(order)).as("v2 waits for v1").isEqualTo(1);
            oldRelay.relay();
            newRelay.relay();

            assertThat(countOld(order)).isZero();
            assertThat(countNew(order)).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.forOrder(order).size() >= 2);
            assertThat(records.forOrder(order)).extracting(r -> header(r, OutboxRelay.EVENT_ID_HEADER)).containsExactly(v1, v2);
        } finally {
            startRelays();
        }
    }

    /** The same after a rollback of the cohort: v1 in the new store's outbox, v2 in the old store's. */
    @Test
    void anOrdersOlderEventInTheNewOutboxGoesBeforeItsNewerEventInTheOldOutbox() throws Exception {
        String order = UUID.randomUUID().toString();
        stopRelays();
        try {
            String v1 = insertNew(order, 1);
            String v2 = insertOld(order, 2);

            oldRelay.relay();
            assertThat(countOld(order)).as("v2 waits for v1").isEqualTo(1);
            newRelay.relay();
            oldRelay.relay();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.forOrder(order).size() >= 2);
            assertThat(records.forOrder(order)).extracting(r -> header(r, OutboxRelay.EVENT_ID_HEADER)).containsExactly(v1, v2);
        } finally {
            startRelays();
        }
    }

    /**
     * Both relays running on their timers, an order's events spread over both outboxes (as two
     * switches of authority would leave them): Kafka gets them in version order, each once.
     */
    @Test
    void withBothRelaysRunningAnOrdersEventsFromBothOutboxesArriveInVersionOrderOnce() throws Exception {
        String order = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        stopRelays();
        try {
            ids.add(insertOld(order, 1));
            ids.add(insertOld(order, 2));
            ids.add(insertNew(order, 3));
            ids.add(insertNew(order, 4));
        } finally {
            startRelays();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> countOld(order) + countNew(order) == 0);
        ids.add(insertNew(order, 5));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.forOrder(order).size() >= 5);

        assertThat(records.forOrder(order)).extracting(r -> header(r, OutboxRelay.EVENT_ID_HEADER)).containsExactlyElementsOf(ids);
    }

    /**
     * The old store's relay publishes one batch, then Kafka cannot be reached for the next: the
     * failed batch's events stay in the outbox, and the relay's next run publishes them, each once,
     * in order after those already sent.
     */
    @Test
    void aRelayFailingPartWayLosesNothingAndDoublesNothing() throws Exception {
        String order = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        stopRelays();
        try {
            for (int v = 1; v <= 4; v++) {
                ids.add(insertOld(order, v));
            }
            OutboxRelay firstBatchOnly = new OutboxRelay(oldOutbox, newOutbox, producer, OutboxRelay.endpoint(props.getKafka().getTopic()), 2);
            assertThat(firstBatchOnly.relayBatch().published()).isEqualTo(2);
            String unreachable = OutboxRelay.endpoint(props.getKafka().getTopic()) + "&brokers=127.0.0.1:" + FreePorts.find()
                    + "&maxBlockMs=1500&requestTimeoutMs=1500&deliveryTimeoutMs=3000";
            OutboxRelay broken = new OutboxRelay(oldOutbox, newOutbox, producer, unreachable, 500);
            try {
                assertThatThrownBy(broken::relay).hasMessageContaining("Kafka did not take");
            } finally {
                try {
                    camel.removeEndpoints(unreachable);
                } catch (Exception e) {
                    // only tidying: the unreachable producer is not used again
                }
            }
            assertThat(countOld(order)).as("the failed batch is still there").isEqualTo(2);
        } finally {
            startRelays();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> countOld(order) == 0);
        ids.add(insertOld(order, 5));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.forOrder(order).size() >= 5);

        assertThat(records.forOrder(order)).extracting(r -> header(r, OutboxRelay.EVENT_ID_HEADER)).containsExactlyElementsOf(ids);
    }

    @Test
    void theBacklogOfEachStoreIsAFigure() throws Exception {
        String order = UUID.randomUUID().toString();
        stopRelays();
        try {
            long before = oldRelay.backlog();
            insertOld(order, 1);
            assertThat(oldRelay.backlog()).isEqualTo(before + 1);
            assertThat(oldRelay.store()).isEqualTo("old");
            assertThat(newRelay.store()).isEqualTo("new");
        } finally {
            startRelays();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void stopRelays() throws Exception {
        camel.getRouteController().stopRoute(NEW_ROUTE);
        camel.getRouteController().stopRoute(OLD_ROUTE);
    }

    private void startRelays() throws Exception {
        camel.getRouteController().startRoute(NEW_ROUTE);
        camel.getRouteController().startRoute(OLD_ROUTE);
    }

    /** An event as io.orderhub.intake.OrderEvents writes it; its event id. */
    private static String payload(String eventId, String order, long version) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"OrderUpdated\",\"orderId\":\"" + order
                + "\",\"version\":" + version + ",\"occurredAt\":\"" + Instant.now() + "\",\"order\":{\"id\":\""
                + order + "\",\"version\":" + version + "}}";
    }

    private String insertOld(String order, long version) throws Exception {
        String eventId = UUID.randomUUID().toString();
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO HUB_EVENT_OUTBOX (AGGREGATE_ID, EVENT_TYPE, PAYLOAD) VALUES (?, 'OrderUpdated', ?)")) {
            ps.setString(1, order);
            ps.setString(2, payload(eventId, order, version));
            ps.executeUpdate();
        }
        return eventId;
    }

    private String insertNew(String order, long version) throws Exception {
        String eventId = UUID.randomUUID().toString();
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (aggregate_id, event_type, payload) VALUES (?::uuid, 'OrderUpdated', ?::jsonb)")) {
            ps.setString(1, order);
            ps.setString(2, payload(eventId, order, version));
            ps.executeUpdate();
        }
        return eventId;
    }

    private long countOld(String order) throws Exception {
        return count(maria, "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX WHERE AGGREGATE_ID = ?", order);
    }

    private long countNew(String order) throws Exception {
        return count(pg, "SELECT count(*) FROM outbox WHERE aggregate_id = ?::uuid", order);
    }

    private static long count(DataSource ds, String sql, String order) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(ConsumerRecord<String, String> r) {
        try {
            return CanonicalJson.mapper().readTree(r.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The topic's records from the beginning, with their keys and headers. */
    static final class Records implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        Records(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                    new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
        }

        /** Polls once more, then the records keyed by the order so far, in partition order. */
        synchronized List<ConsumerRecord<String, String>> forOrder(String order) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> order.equals(r.key())).toList();
        }

        @Override
        public synchronized void close() {
            consumer.close();
        }
    }
}
