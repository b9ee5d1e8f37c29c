package io.orderhub.sync;

import io.orderhub.config.HubProperties;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed sync outbox rows to Artemis: the new store's {@code sync_outbox} (changes for the old
 * store) to {@code orderhub.sync.to-old}, the old store's {@code HUB_SYNC_OUTBOX} (changes for the new
 * store) to {@code orderhub.sync.to-new}. A batch of rows is locked in id order ({@code FOR UPDATE SKIP
 * LOCKED}: PostgreSQL and MariaDB 10.6+, so several hub instances relay side by side), sent as
 * persistent messages in one JMS transaction, and only after the broker committed them deleted in the
 * same database transaction that locked them.
 *
 * <p>Why an outbox and a relay rather than XA across the store and the broker: the authoritative write
 * stays one local transaction in one database (no coordinator, no in-doubt transactions to recover by
 * hand after a crash, no XA support needed from MariaDB/PostgreSQL pools or the external broker), and
 * the order write never waits for or fails on the broker. The price is at-least-once hand-off: a relay
 * that dies after the broker took the batch and before its delete commits sends the rows again. That
 * repeat is dropped by Artemis duplicate detection ({@code _AMQ_DUPL_ID = <store>:<outbox id>}), and
 * what still gets through twice is harmless because the apply is idempotent and versioned
 * ({@link SecondaryApply}).
 *
 * <p>One relay loop per store and instance (a store's rounds never overlap within an instance, so one
 * instance sends an aggregate's rows in id order; rows taken by different instances at the same moment
 * can overtake each other, which the apply's version check absorbs). The loop runs from the timer route
 * {@code relay-sync-outbox} (rows other instances wrote) and at once on {@link #wake()}, which the
 * writer calls after each commit.
 */
public class SyncRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRelay.class);

    /** A store's sync outbox: where its rows go, and its SQL (PostgreSQL lower case, MariaDB upper). */
    enum Outbox {
        NEW_STORE(Store.NEW, Store.OLD,
                "SELECT id, entity, aggregate_id, cohort, version, payload,"
                        + " CAST(floor(extract(epoch FROM committed_at) * 1000) AS BIGINT)"
                        + " FROM sync_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                "DELETE FROM sync_outbox WHERE id = ?",
                "SELECT cohort, entity, count(*), CAST(floor(extract(epoch FROM min(committed_at)) * 1000) AS BIGINT)"
                        + " FROM sync_outbox GROUP BY cohort, entity"),
        OLD_STORE(Store.OLD, Store.NEW,
                "SELECT ID, ENTITY, AGGREGATE_ID, COHORT, VERSION_NO, PAYLOAD,"
                        + " CAST(FLOOR(UNIX_TIMESTAMP(COMMITTED_AT) * 1000) AS SIGNED)"
                        + " FROM HUB_SYNC_OUTBOX ORDER BY ID LIMIT ? FOR UPDATE SKIP LOCKED",
                "DELETE FROM HUB_SYNC_OUTBOX WHERE ID = ?",
                "SELECT COHORT, ENTITY, COUNT(*), CAST(FLOOR(UNIX_TIMESTAMP(MIN(COMMITTED_AT)) * 1000) AS SIGNED)"
                        + " FROM HUB_SYNC_OUTBOX GROUP BY COHORT, ENTITY");

        final Store source;
        final Store target;
        final String lock;
        final String delete;
        /** Rows per cohort and entity, with the oldest commit (epoch ms): the backlog's outbox part. */
        final String tally;

        Outbox(Store source, Store target, String lock, String delete, String tally) {
            this.source = source;
            this.target = target;
            this.lock = lock;
            this.delete = delete;
            this.tally = tally;
        }

        static Outbox towards(Store target) {
            return target == Store.OLD ? NEW_STORE : OLD_STORE;
        }
    }

    private record Row(long id, SyncChange change) {
    }

    private final Map<Outbox, DataSource> stores = new EnumMap<>(Outbox.class);
    private final Map<Outbox, Object> loops = new EnumMap<>(Outbox.class);
    private final ConnectionFactory jms;
    private final HubProperties.Sync settings;
    private final ExecutorService waker;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Map<Outbox, Boolean> failing = new EnumMap<>(Outbox.class);
    private jakarta.jms.Connection connection;
    /** Test hook: runs after the broker took a batch and before its rows are deleted. */
    volatile Runnable afterSend = () -> { };

    public SyncRelay(DataSource newStore, DataSource oldStore, ConnectionFactory jms, HubProperties.Sync settings) {
        stores.put(Outbox.NEW_STORE, newStore);
        stores.put(Outbox.OLD_STORE, oldStore);
        for (Outbox o : Outbox.values()) {
            loops.put(o, new Object());
            failing.put(o, false);
        }
        this.jms = jms;
        this.settings = settings;
        this.waker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sync-relay-wake");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Relays at once, on another thread (the writer calls it after its commit and does not wait). Wakes
     * that come while a round is due are folded into it.
     */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakePending.set(false);
                    relay();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakePending.set(false); // closing
            }
        }
    }

    /**
     * Relays both outboxes until empty (or until a store or the broker fails: that store's rows stay and
     * the next round takes them); returns the number of changes sent. Called by the timer route.
     */
    public int relay() {
        int total = 0;
        for (Outbox o : Outbox.values()) {
            try {
                total += relayOutbox(o);
                if (failing.put(o, false)) {
                    LOG.info("sync relay of the {} store's outbox works again", o.source);
                }
            } catch (Exception e) {
                // one line when it starts failing, not one every 200 ms while a store is down
                if (!failing.put(o, true)) {
                    LOG.warn("sync relay of the {} store's outbox failed (rows stay, retried every round): {}",
                            o.source, e.toString());
                } else {
                    LOG.debug("sync relay of the {} store's outbox still failing: {}", o.source, e.toString());
                }
            }
        }
        return total;
    }

    int relayOutbox(Outbox o) throws SQLException, JMSException {
        synchronized (loops.get(o)) {
            int total = 0;
            int n;
            do {
                n = relayBatch(o);
                total += n;
            } while (n == settings.getRelayBatchSize());
            return total;
        }
    }

    private int relayBatch(Outbox o) throws SQLException, JMSException {
        try (Connection c = stores.get(o).getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Row> rows = lock(c, o);
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                send(o, rows);
                afterSend.run();
                delete(c, o, rows);
                c.commit();
                LOG.debug("relayed {} sync changes from the {} store", rows.size(), o.source);
                return rows.size();
            } catch (SQLException | JMSException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private List<Row> lock(Connection c, Outbox o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(o.lock)) {
            ps.setInt(1, settings.getRelayBatchSize());
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), new SyncChange(Entity.valueOf(rs.getString(2)), rs.getString(3),
                            o.target, rs.getString(4), rs.getLong(5), Instant.ofEpochMilli(rs.getLong(7)), rs.getString(6))));
                }
                return rows;
            }
        }
    }

    private static void delete(Connection c, Outbox o, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(o.delete)) {
            for (Row r : rows) {
                ps.setLong(1, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void send(Outbox o, List<Row> rows) throws JMSException {
        String queue = SyncMessages.queueFor(settings, o.target);
        jakarta.jms.Connection conn = connection();
        try {
            // one broker transaction per batch: one journal sync instead of one per message
            try (Session s = conn.createSession(true, Session.SESSION_TRANSACTED)) {
                MessageProducer p = producer(s, queue);
                for (Row r : rows) {
                    p.send(SyncMessages.toMessage(s, r.change(), duplicateId(o, r)));
                }
                try {
                    s.commit();
                    return;
                } catch (JMSException e) {
                    // Artemis refuses a whole transaction that repeats a duplicate id: a batch sent before
                    // by a relay that died before its delete. Sent again one by one, the repeats are dropped
                    // by the broker and the rows new since then go through. (A broker that is gone fails
                    // the one-by-one sends too, and the rows stay for the next round.)
                    String why = String.valueOf(e.getMessage());
                    LOG.info("sync relay batch of the {} store was refused ({}), probably holding changes the broker"
                            + " already took; sending one by one", o.source, why.length() > 80 ? why.substring(0, 80) + "..." : why);
                }
            }
            try (Session s = conn.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                MessageProducer p = producer(s, queue);
                for (Row r : rows) {
                    p.send(SyncMessages.toMessage(s, r.change(), duplicateId(o, r)));
                }
            }
        } catch (JMSException | RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    private static MessageProducer producer(Session s, String queue) throws JMSException {
        MessageProducer p = s.createProducer(s.createQueue(queue));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        return p;
    }

    static String duplicateId(Outbox o, Row r) {
        return o.source.name() + ":" + r.id();
    }

    private synchronized jakarta.jms.Connection connection() throws JMSException {
        if (connection == null) {
            connection = jms.createConnection();
        }
        return connection;
    }

    private synchronized void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("closing the sync relay's broker connection: {}", e.toString());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        waker.shutdownNow();
        dropConnection();
    }
}
