package io.orderhub.bench;

import io.orderhub.canonical.AfterSaleStatus;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.OrderIds;
import io.orderhub.canonical.OrderItem;
import io.orderhub.intake.OrderEvents;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw baseline of the cutover write path: a minimal program doing, for the same generated orders,
 * the same writes as the hub in one phase, with the best batching such a program can use (one
 * transaction per batch of orders, JDBC batches the drivers send as multi-row/bulk inserts).
 *
 * <p>Per batch, in the phase's order: legacy order numbers from MariaDB's SEQ_ORDER_NO (one round
 * trip); the authoritative store's transaction (DUAL_WRITE: CRM_ORDER_HEAD, CRM_ORDER_DETAIL,
 * CRM_MEMBER upsert, HUB_ORDER_DOC, HUB_SYNC_OUTBOX, HUB_EVENT_OUTBOX; LIVE: order_channel_keys,
 * orders, order_items, member_orders, sync_outbox, outbox); the Kafka records of the events (batched
 * producer, acks=all, idempotent); the secondary store's rows as a versioned upsert in one
 * transaction; then the two outbox batches deleted, as the hub's relays do once they handed them on.
 * No Artemis between the stores: the secondary write is done in memory from the authoritative batch.
 * No validation beyond filling the canonical defaults (the hub validates; this is the I/O limit).
 */
final class CutoverBaseline {

    /** Which store holds the authority: DUAL_WRITE (old) or LIVE (new). */
    enum Authority { OLD, NEW }

    record Result(double ordersPerSecond, long orders, double seconds, long retries) {
    }

    private static final DateTimeFormatter ORDER_NO_DATE = DateTimeFormatter.ofPattern("yyMMdd");

    private final DataSource pg;
    private final DataSource maria;
    private final LegacyMapping mapping;
    private final String bootstrap;
    private final String topic;
    private final String cohort;
    private final AtomicLong retries = new AtomicLong();

    // old store SQL, built from the legacy mapping's column names as the hub's OldStore does
    private final String insertHead;
    private final String upsertHead;
    private final String insertDetail;
    private final String upsertDetail;
    private final String upsertMember;

    CutoverBaseline(DataSource pg, DataSource maria, LegacyMapping mapping, String bootstrap, String topic,
                    String cohort) {
        this.pg = pg;
        this.maria = maria;
        this.mapping = mapping;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.cohort = cohort;
        LegacyMapping.Table h = mapping.header();
        LegacyMapping.Table d = mapping.detail();
        LegacyMapping.Table m = mapping.member();
        this.insertHead = "INSERT INTO " + h.name() + " (ORDER_NO, " + String.join(", ", h.columnNames())
                + ", VERSION_NO, CREATE_TIME, UPDATE_TIME) VALUES (?, " + marks(h.columns().size()) + ", ?, ?, ?)";
        // versioned: a row is replaced only by a newer version; VERSION_NO last, the IFs read the old one
        this.upsertHead = insertHead + " ON DUPLICATE KEY UPDATE " + h.columnNames().stream()
                .map(c -> c + " = IF(VALUES(VERSION_NO) > VERSION_NO, VALUES(" + c + "), " + c + ")")
                .collect(Collectors.joining(", "))
                + ", UPDATE_TIME = IF(VALUES(VERSION_NO) > VERSION_NO, VALUES(UPDATE_TIME), UPDATE_TIME)"
                + ", VERSION_NO = GREATEST(VERSION_NO, VALUES(VERSION_NO))";
        this.insertDetail = "INSERT INTO " + d.name() + " (ORDER_NO, " + String.join(", ", d.columnNames())
                + ") VALUES (?, " + marks(d.columns().size()) + ")";
        this.upsertDetail = insertDetail + " ON DUPLICATE KEY UPDATE " + d.columnNames().stream()
                .filter(c -> !c.equals("LINE_NO")).map(c -> c + " = VALUES(" + c + ")")
                .collect(Collectors.joining(", "));
        this.upsertMember = "INSERT INTO " + m.name() + " (" + String.join(", ", m.columnNames())
                + ", CREATE_TIME, UPDATE_TIME) VALUES (" + marks(m.columns().size()) + ", ?, ?)"
                + " ON DUPLICATE KEY UPDATE UNION_ID = COALESCE(VALUES(UNION_ID), UNION_ID),"
                + " UPDATE_TIME = VALUES(UPDATE_TIME)";
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** One order of a batch: the canonical order with its identity, its document and its event. */
    private record Row(CanonicalOrder order, UUID id, String document, String event) {
    }

    /** Orders per second over {@code duration}, {@code threads} writers, {@code batch} orders per transaction. */
    Result run(Authority authority, OrderGenerator orders, AtomicLong sequence, int threads, int batch,
               Duration duration) throws Exception {
        AtomicLong written = new AtomicLong();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new StringSerializer(), new StringSerializer())) {
            long end = System.nanoTime() + duration.toNanos();
            long t0 = System.nanoTime();
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end && errors.isEmpty()) {
                            List<CanonicalOrder> parsed = new ArrayList<>(batch);
                            for (int i = 0; i < batch; i++) {
                                parsed.add(withDefaults(CanonicalJson.mapper().readValue(
                                        orders.next(sequence.incrementAndGet()), CanonicalOrder.class)));
                            }
                            writeBatch(authority, parsed, producer);
                            written.addAndGet(parsed.size());
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                }, "cutover-baseline-" + t);
                w.start();
            }
            done.await();
            if (!errors.isEmpty()) {
                throw new IllegalStateException("cutover baseline failed", errors.get(0));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Result(written.get() / secs, written.get(), secs, retries.get());
        }
    }

    /** The canonical defaults the hub's reader fills: not on hold, no after-sale, per line. */
    private static CanonicalOrder withDefaults(CanonicalOrder o) {
        List<OrderItem> items = o.items().stream().map(i -> i.afterSaleStatus() == null
                ? i.withAfterSaleStatus(AfterSaleStatus.NONE) : i).toList();
        return new CanonicalOrder(o.id(), o.legacyOrderNo(), o.version(), o.channel(), o.shopId(),
                o.channelOrderId(), o.sourceSystem(), o.status(), o.onHold() == null ? Boolean.FALSE : o.onHold(),
                o.member(), o.buyer(), o.shippingAddress(), o.storeCode(), o.regionCode(), items, o.amounts(),
                o.payment(), o.createdAt(), o.paidAt(), o.shippedAt(), o.completedAt(), o.platformModifiedAt(),
                o.buyerRemark(), o.sellerRemark());
    }

    private void writeBatch(Authority authority, List<CanonicalOrder> parsed, KafkaProducer<String, String> producer)
            throws Exception {
        List<String> numbers = legacyNumbers(parsed.size());
        List<Row> rows = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            CanonicalOrder p = parsed.get(i);
            UUID id = OrderIds.newId(p.createdAt());
            CanonicalOrder o = p.withIdentity(id.toString(), numbers.get(i), 1L);
            NewStore.OutboxEvent e = OrderEvents.of(OrderEvents.CREATED, o);
            rows.add(new Row(o, id, e.document(), e.payload()));
        }
        long[][] outboxIds = retrying(() -> authority == Authority.OLD ? writeOldAuthoritative(rows)
                : writeNewAuthoritative(rows));
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row r : rows) {
            acks.add(producer.send(new ProducerRecord<>(topic, r.id().toString(), r.event())));
        }
        retrying(() -> {
            if (authority == Authority.OLD) {
                applyNew(rows);
            } else {
                applyOld(rows);
            }
            return null;
        });
        for (Future<RecordMetadata> a : acks) {
            a.get();
        }
        retrying(() -> {
            deleteOutbox(authority, outboxIds);
            return null;
        });
    }

    private interface Tx<T> {
        T run() throws Exception;
    }

    /** A deadlock (two batches upserting the same members) is retried, as any writer would. */
    private <T> T retrying(Tx<T> tx) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.run();
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (attempt >= 10 || !(state.startsWith("40") || e.getErrorCode() == 1213 || e.getErrorCode() == 1205)) {
                    throw e;
                }
                retries.incrementAndGet();
            }
        }
    }

    /** Legacy order numbers, one round trip per batch (SO + yyMMdd + 10-digit sequence). */
    private List<String> legacyNumbers(int n) throws SQLException {
        List<String> numbers = new ArrayList<>(n);
        String day = ORDER_NO_DATE.format(LocalDateTime.now(mapping.zone()));
        try (Connection c = maria.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT NEXTVAL(SEQ_ORDER_NO) FROM seq_1_to_" + n)) {
            while (rs.next()) {
                String seq = Long.toString(rs.getLong(1));
                numbers.add("SO" + day + "0".repeat(Math.max(0, 10 - seq.length())) + seq);
            }
        }
        return numbers;
    }

    // --- DUAL_WRITE: the old store decides, the new store follows -------------------------------

    private long[][] writeOldAuthoritative(List<Row> rows) throws SQLException {
        try (Connection c = maria.getConnection()) {
            c.setAutoCommit(false);
            try {
                LocalDateTime now = LocalDateTime.now(mapping.zone());
                writeOldRows(c, rows, now, false);
                long[] sync;
                long[] events;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO HUB_SYNC_OUTBOX (ENTITY, AGGREGATE_ID,"
                        + " COHORT, VERSION_NO, PAYLOAD) VALUES ('ORDERS', ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                     PreparedStatement e = c.prepareStatement("INSERT INTO HUB_EVENT_OUTBOX (AGGREGATE_ID, EVENT_TYPE,"
                             + " PAYLOAD) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    for (Row r : rows) {
                        s.setString(1, r.order().id());
                        s.setString(2, cohort);
                        s.setLong(3, r.order().version());
                        s.setString(4, r.document());
                        s.addBatch();
                        e.setString(1, r.order().id());
                        e.setString(2, OrderEvents.CREATED);
                        e.setString(3, r.event());
                        e.addBatch();
                    }
                    s.executeBatch();
                    sync = keys(s);
                    e.executeBatch();
                    events = keys(e);
                }
                c.commit();
                if (sync.length != rows.size() || events.length != rows.size()) {
                    throw new IllegalStateException("the driver answered " + sync.length + " and " + events.length
                            + " outbox ids for " + rows.size() + " rows");
                }
                return new long[][] {sync, events};
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** CRM_ORDER_HEAD, CRM_ORDER_DETAIL, CRM_MEMBER and HUB_ORDER_DOC of a batch; upserts when secondary. */
    private void writeOldRows(Connection c, List<Row> rows, LocalDateTime now, boolean upsert) throws SQLException {
        try (PreparedStatement h = c.prepareStatement(upsert ? upsertHead : insertHead);
             PreparedStatement d = c.prepareStatement(upsert ? upsertDetail : insertDetail);
             PreparedStatement m = c.prepareStatement(upsertMember);
             PreparedStatement doc = c.prepareStatement("INSERT INTO HUB_ORDER_DOC (ORDER_NO, HUB_ORDER_ID,"
                     + " HUB_VERSION, DOCUMENT, HUB_UPDATE_TIME, HUB_VERSION_NO) VALUES (?, ?, ?, ?, ?, ?)"
                     + (upsert ? " ON DUPLICATE KEY UPDATE"
                     + " DOCUMENT = IF(VALUES(HUB_VERSION) > HUB_VERSION, VALUES(DOCUMENT), DOCUMENT),"
                     + " HUB_UPDATE_TIME = IF(VALUES(HUB_VERSION) > HUB_VERSION, VALUES(HUB_UPDATE_TIME), HUB_UPDATE_TIME),"
                     + " HUB_VERSION_NO = IF(VALUES(HUB_VERSION) > HUB_VERSION, VALUES(HUB_VERSION_NO), HUB_VERSION_NO),"
                     + " HUB_VERSION = GREATEST(HUB_VERSION, VALUES(HUB_VERSION))" : ""))) {
            for (Row r : rows) {
                CanonicalOrder o = r.order();
                List<Object> v = new ArrayList<>();
                v.add(o.legacyOrderNo());
                v.addAll(mapping.values(mapping.header(), o, 0));
                v.add(o.version());
                v.add(now);
                v.add(now);
                bind(h, v);
                h.addBatch();
                for (int i = 0; i < o.items().size(); i++) {
                    List<Object> dv = new ArrayList<>();
                    dv.add(o.legacyOrderNo());
                    dv.addAll(mapping.values(mapping.detail(), o.items().get(i), i + 1));
                    bind(d, dv);
                    d.addBatch();
                }
                doc.setString(1, o.legacyOrderNo());
                doc.setString(2, o.id());
                doc.setLong(3, o.version());
                doc.setString(4, r.document());
                doc.setObject(5, now);
                doc.setLong(6, o.version());
                doc.addBatch();
            }
            // members in card order: concurrent batches take their row locks in one order
            List<Row> byCard = rows.stream().filter(r -> r.order().member() != null && r.order().member().cardNo() != null)
                    .sorted(Comparator.comparing(r -> r.order().member().cardNo())).toList();
            for (Row r : byCard) {
                List<Object> mv = new ArrayList<>(mapping.values(mapping.member(), r.order(), 0));
                mv.add(now);
                mv.add(now);
                bind(m, mv);
                m.addBatch();
            }
            h.executeBatch();
            d.executeBatch();
            if (!byCard.isEmpty()) {
                m.executeBatch();
            }
            doc.executeBatch();
        }
    }

    private void applyNew(List<Row> rows) throws SQLException {
        try (Connection c = pg.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeNewRows(c, rows, true);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // --- LIVE: the new store decides, the old store follows ---------------------------------------

    private long[][] writeNewAuthoritative(List<Row> rows) throws SQLException {
        try (Connection c = pg.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeNewRows(c, rows, false);
                long[] sync;
                long[] events;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO sync_outbox (entity, aggregate_id, cohort,"
                        + " version, payload) VALUES ('ORDERS', ?, ?, ?, ?)", new String[] {"id"});
                     PreparedStatement e = c.prepareStatement("INSERT INTO outbox (aggregate_id, event_type, payload)"
                             + " VALUES (?, ?, ?::jsonb)", new String[] {"id"})) {
                    for (Row r : rows) {
                        s.setString(1, r.order().id());
                        s.setString(2, cohort);
                        s.setLong(3, r.order().version());
                        s.setString(4, r.document());
                        s.addBatch();
                        e.setObject(1, r.id());
                        e.setString(2, OrderEvents.CREATED);
                        e.setString(3, r.event());
                        e.addBatch();
                    }
                    s.executeBatch();
                    sync = keys(s);
                    e.executeBatch();
                    events = keys(e);
                }
                c.commit();
                if (sync.length != rows.size() || events.length != rows.size()) {
                    throw new IllegalStateException("the driver answered " + sync.length + " and " + events.length
                            + " outbox ids for " + rows.size() + " rows");
                }
                return new long[][] {sync, events};
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** order_channel_keys, orders, order_items and member_orders of a batch; versioned upserts when secondary. */
    private void writeNewRows(Connection c, List<Row> rows, boolean upsert) throws SQLException {
        try (PreparedStatement k = c.prepareStatement("INSERT INTO order_channel_keys (channel, shop_id,"
                + " channel_order_id, order_id) VALUES (?, ?, ?, ?)" + (upsert ? " ON CONFLICT DO NOTHING" : ""));
             PreparedStatement o = c.prepareStatement("INSERT INTO orders (order_id, created_at, channel,"
                     + " shop_id, channel_order_id, source_system, legacy_order_no, member_union_id, member_card_no,"
                     + " store_code, region_code, status, on_hold, currency, goods_amount, shipping_amount,"
                     + " discount_amount, paid_amount, paid_at, shipped_at, completed_at, platform_modified_at,"
                     + " version, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                     + " ?, ?::jsonb)" + (upsert ? " ON CONFLICT (order_id, created_at) DO UPDATE SET"
                     + " legacy_order_no = EXCLUDED.legacy_order_no, member_union_id = EXCLUDED.member_union_id,"
                     + " member_card_no = EXCLUDED.member_card_no, store_code = EXCLUDED.store_code,"
                     + " region_code = EXCLUDED.region_code, status = EXCLUDED.status, on_hold = EXCLUDED.on_hold,"
                     + " currency = EXCLUDED.currency, goods_amount = EXCLUDED.goods_amount,"
                     + " shipping_amount = EXCLUDED.shipping_amount, discount_amount = EXCLUDED.discount_amount,"
                     + " paid_amount = EXCLUDED.paid_amount, paid_at = EXCLUDED.paid_at,"
                     + " shipped_at = EXCLUDED.shipped_at, completed_at = EXCLUDED.completed_at,"
                     + " platform_modified_at = EXCLUDED.platform_modified_at, version = EXCLUDED.version,"
                     + " document = EXCLUDED.document, updated_at = now() WHERE orders.version < EXCLUDED.version" : ""));
             PreparedStatement it = c.prepareStatement("INSERT INTO order_items (order_id, created_at, line_no,"
                     + " hub_sku, channel_sku, name, quantity, unit_price, discount, line_total, after_sale_status)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + (upsert ? " ON CONFLICT DO NOTHING" : ""));
             PreparedStatement mo = c.prepareStatement("INSERT INTO member_orders (member_union_id, order_id,"
                     + " created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            boolean members = false;
            for (Row r : rows) {
                CanonicalOrder x = r.order();
                Timestamp created = Timestamp.from(x.createdAt());
                k.setString(1, x.channel());
                k.setString(2, x.shopId());
                k.setString(3, x.channelOrderId());
                k.setObject(4, r.id());
                k.addBatch();
                int i = 1;
                o.setObject(i++, r.id());
                o.setTimestamp(i++, created);
                o.setString(i++, x.channel());
                o.setString(i++, x.shopId());
                o.setString(i++, x.channelOrderId());
                o.setString(i++, x.sourceSystem());
                o.setString(i++, x.legacyOrderNo());
                o.setString(i++, x.member() == null ? null : x.member().unionId());
                o.setString(i++, x.member() == null ? null : x.member().cardNo());
                o.setString(i++, x.storeCode());
                o.setString(i++, x.regionCode());
                o.setString(i++, x.status().name());
                o.setBoolean(i++, x.onHold());
                o.setString(i++, x.amounts().currency());
                o.setBigDecimal(i++, x.amounts().goods());
                o.setBigDecimal(i++, x.amounts().shipping());
                o.setBigDecimal(i++, x.amounts().discount());
                o.setBigDecimal(i++, x.amounts().paid());
                o.setTimestamp(i++, ts(x.paidAt()));
                o.setTimestamp(i++, ts(x.shippedAt()));
                o.setTimestamp(i++, ts(x.completedAt()));
                o.setTimestamp(i++, ts(x.platformModifiedAt()));
                o.setLong(i++, x.version());
                o.setString(i, r.document());
                o.addBatch();
                int line = 1;
                for (OrderItem item : x.items()) {
                    it.setObject(1, r.id());
                    it.setTimestamp(2, created);
                    it.setInt(3, line++);
                    it.setString(4, item.hubSku());
                    it.setString(5, item.channelSku());
                    it.setString(6, item.name());
                    it.setInt(7, item.quantity());
                    it.setBigDecimal(8, item.unitPrice());
                    it.setBigDecimal(9, item.discount());
                    it.setBigDecimal(10, item.lineTotal());
                    it.setString(11, item.afterSaleStatus().name());
                    it.addBatch();
                }
                if (x.member() != null && x.member().unionId() != null) {
                    mo.setString(1, x.member().unionId());
                    mo.setObject(2, r.id());
                    mo.setTimestamp(3, created);
                    mo.addBatch();
                    members = true;
                }
            }
            k.executeBatch();
            o.executeBatch();
            it.executeBatch();
            if (members) {
                mo.executeBatch();
            }
        }
    }

    private void applyOld(List<Row> rows) throws SQLException {
        try (Connection c = maria.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeOldRows(c, rows, LocalDateTime.now(mapping.zone()), true);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // --- the relays' deletes ------------------------------------------------------------------------

    private void deleteOutbox(Authority authority, long[][] ids) throws SQLException {
        if (authority == Authority.NEW) {
            try (Connection c = pg.getConnection();
                 PreparedStatement s = c.prepareStatement("DELETE FROM sync_outbox WHERE id = ANY(?)");
                 PreparedStatement e = c.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)")) {
                s.setArray(1, longs(c, ids[0]));
                s.executeUpdate();
                e.setArray(1, longs(c, ids[1]));
                e.executeUpdate();
            }
        } else {
            try (Connection c = maria.getConnection(); Statement st = c.createStatement()) {
                // ids are numbers this program read back: no text from outside goes into the statement
                st.executeUpdate("DELETE FROM HUB_SYNC_OUTBOX WHERE ID IN (" + join(ids[0]) + ")");
                st.executeUpdate("DELETE FROM HUB_EVENT_OUTBOX WHERE ID IN (" + join(ids[1]) + ")");
            }
        }
    }

    private static Array longs(Connection c, long[] ids) throws SQLException {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return c.createArrayOf("bigint", boxed);
    }

    private static String join(long[] ids) {
        StringBuilder b = new StringBuilder();
        for (long id : ids) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(id);
        }
        return b.toString();
    }

    private static long[] keys(Statement st) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = st.getGeneratedKeys()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static void bind(PreparedStatement ps, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }
}
