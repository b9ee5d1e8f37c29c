package io.orderhub.messaging;

import io.orderhub.config.HubProperties;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one store's committed order events to Kafka, keyed by order id, with the event id as the
 * {@value #EVENT_ID_HEADER} header. There is one relay per store: the old store's
 * {@code HUB_EVENT_OUTBOX} while a cohort's old store is authoritative (OFF, DUAL_WRITE, SHADOW),
 * the new store's {@code outbox} once the new store is (LIVE, RAMPDOWN, COMPLETE). Rows are locked
 * (SKIP LOCKED, so several hub instances can relay side by side), sent, acknowledged by the broker,
 * and only then deleted in the same transaction: an event is delivered at least once and never
 * lost; a failure anywhere before the commit leaves the rows for the next round. Consumers
 * de-duplicate on the event id.
 *
 * <p><b>Per-order order across the two outboxes.</b> When a cohort switches authority, an order's
 * last event from the old authority may still wait in that store's outbox while its next event
 * already lands in the other one (and the other way round when a cohort is rolled back). Two
 * independent relays would publish them in whichever order their timers fire. So each relay, after
 * locking a batch, asks its <em>peer</em> outbox (the other store's) what it still holds of the
 * batch's orders, and holds back every event of an order whose peer still holds an event with a
 * <em>lower version</em>; the held-back rows stay (unlocked at commit) and go in a later round, after
 * the peer relay has published and deleted the older one. Why the version and not the outboxes'
 * times or ids: the two stores' clocks and sequences are unrelated, but the order's version is one
 * sequence across both stores (the new authority continues from the synchronised version), and it
 * is in every event. Why this cannot stall: the lowest-version event of an order is never held back,
 * so one of the two relays can always move. Why it cannot slip: the switch of authority waits until
 * every write admitted under the old authority has committed ({@code cutover.WriteGate}), so when
 * the newer event is committed the older one is already visible in the peer outbox; the peer is
 * read on a connection of its own in autocommit (a fresh snapshot, also under MariaDB's REPEATABLE
 * READ), and rows the peer relay holds locked while it publishes are still visible to this plain
 * read until the peer commits its delete, which happens only after Kafka acknowledged them — so the
 * older event is on its partition before the newer one is sent. Events without a version take no
 * part (never hold back, never held back).
 *
 * <p>The same check on the relay's own outbox keeps an order's events in row order when several
 * hub instances relay one store side by side: an event is held back while an earlier row of the
 * same order is locked by another instance (SKIP LOCKED passed over it).
 *
 * <p>The price: a relay cannot publish while its peer store is unreachable (the round fails and is
 * retried), and each round costs one more query per store, by the batch's order ids.
 */
public class OutboxRelay {

    /** The Kafka header that carries the event id (consumers de-duplicate on it). */
    public static final String EVENT_ID_HEADER = "orderhub-event-id";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final EventOutbox outbox;
    private final EventOutbox peer;
    private final ProducerTemplate producer;
    private final String endpoint;
    private final int batchSize;

    public OutboxRelay(EventOutbox outbox, EventOutbox peer, ProducerTemplate producer, HubProperties props) {
        this(outbox, peer, producer, endpoint(props.getKafka().getTopic()), props.getOutbox().getBatchSize());
    }

    /**
     * The producer endpoint of a topic. A batch (a list of messages as the body) takes each record's
     * headers from its own message only with batchWithIndividualHeaders; without it every record
     * would carry the exchange's headers, and no event id.
     */
    static String endpoint(String topic) {
        return "kafka:" + topic + "?batchWithIndividualHeaders=true";
    }

    OutboxRelay(EventOutbox outbox, EventOutbox peer, ProducerTemplate producer, String endpoint, int batchSize) {
        this.outbox = outbox;
        this.peer = peer;
        this.producer = producer;
        this.endpoint = endpoint;
        this.batchSize = batchSize;
    }

    /** {@code new} or {@code old}: the store whose outbox this relay empties. */
    public String store() {
        return outbox.name();
    }

    /**
     * Relays until the outbox holds no more it may publish now, or a batch fails; returns the number
     * of events published.
     */
    public int relay() throws SQLException {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            Batch b = relayBatch();
            total += b.published();
            // a full batch, some of it sent: there may be more; a batch held back entirely waits for the peer
            if (b.locked() < batchSize || b.published() == 0) {
                break;
            }
        }
        return total;
    }

    /** One round: how many rows were locked, and how many of them were published. */
    record Batch(int locked, int published) {
    }

    Batch relayBatch() throws SQLException {
        try (Connection c = outbox.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                List<EventOutbox.Event> rows = outbox.lock(c, batchSize);
                List<EventOutbox.Event> ready = rows.isEmpty() ? rows : publishable(c, rows);
                if (!ready.isEmpty()) {
                    publish(ready);
                    outbox.delete(c, ready.stream().map(EventOutbox.Event::id).toList());
                }
                c.commit();
                return new Batch(rows.size(), ready.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The locked events that may go now, in row order: all but those of an order whose peer outbox
     * holds an older version, or whose earlier row in this outbox another relay holds.
     */
    private List<EventOutbox.Event> publishable(Connection c, List<EventOutbox.Event> rows) throws SQLException {
        Set<String> orders = new LinkedHashSet<>();
        for (EventOutbox.Event e : rows) {
            orders.add(e.orderId());
        }
        Map<String, EventOutbox.Pending> elsewhere = peer == null ? Map.of() : peer.pending(orders);
        Map<String, EventOutbox.Pending> here = outbox.pending(c, orders);
        Set<String> held = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<EventOutbox.Event> ready = new ArrayList<>(rows.size());
        for (EventOutbox.Event e : rows) {
            String order = e.orderId();
            if (!held.contains(order)) {
                boolean first = seen.add(order);
                EventOutbox.Pending p = elsewhere.get(order);
                EventOutbox.Pending own = here.get(order);
                if (p != null && p.lowestVersion() != null && e.version() != null && p.lowestVersion() < e.version()) {
                    LOG.debug("{} outbox: event {} of order {} (version {}) waits for version {} in the {} outbox",
                            outbox.name(), e.eventId(), order, e.version(), p.lowestVersion(), peer.name());
                    held.add(order);
                } else if (first && own != null && own.firstId() < e.id()) {
                    LOG.debug("{} outbox: event {} of order {} waits for row {}, held by another relay",
                            outbox.name(), e.eventId(), order, own.firstId());
                    held.add(order);
                }
            }
            if (!held.contains(order)) {
                ready.add(e);
            }
        }
        return ready;
    }

    // One exchange whose body is the batch: camel-kafka sends the records in list order from one
    // thread (per-order event order is kept on the partition) and waits for every acknowledgement.
    // Separate async sends would go through a thread pool and could overtake one another.
    private void publish(List<EventOutbox.Event> rows) {
        List<Message> batch = new ArrayList<>(rows.size());
        for (EventOutbox.Event r : rows) {
            Message m = new DefaultMessage(producer.getCamelContext());
            m.setHeader(KafkaConstants.KEY, r.orderId());
            m.setHeader("orderhub-event-type", r.type());
            if (r.eventId() != null) {
                m.setHeader(EVENT_ID_HEADER, r.eventId());
            }
            m.setBody(r.payload());
            batch.add(m);
        }
        Exchange ex = producer.send(endpoint, e -> e.getIn().setBody(batch));
        if (ex.getException() != null) {
            throw new IllegalStateException("Kafka did not take the " + outbox.name() + " store's outbox events: "
                    + ex.getException().getMessage(), ex.getException());
        }
        LOG.debug("published {} order events from the {} store's outbox", rows.size(), outbox.name());
    }

    /** Events waiting in this relay's outbox (a health and metrics figure). */
    public long backlog() throws SQLException {
        return outbox.backlog();
    }
}
