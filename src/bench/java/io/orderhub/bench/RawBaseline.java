package io.orderhub.bench;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.OrderIds;
import io.orderhub.canonical.OrderItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw I/O limit of the same machine: the same orders, parsed once and written with plain JDBC
 * batches into both schemas (header, lines, channel key) and produced to Kafka with the same
 * durability (acks=all, idempotent), by a minimal program with no hub, no validation and no outbox.
 */
final class RawBaseline {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final DataSource pg;
    private final DataSource maria;
    private final String bootstrap;
    private final String topic;

    RawBaseline(DataSource pg, DataSource maria, String bootstrap, String topic) {
        this.pg = pg;
        this.maria = maria;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** Orders per second over {@code duration}, with {@code threads} writers and batches of {@code batch}. */
    double run(OrderGenerator orders, AtomicLong sequence, int threads, int batch, Duration duration) throws Exception {
        AtomicLong written = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            long end = System.nanoTime() + duration.toNanos();
            long t0 = System.nanoTime();
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            List<CanonicalOrder> chunk = new ArrayList<>(batch);
                            for (int i = 0; i < batch; i++) {
                                CanonicalOrder o = CanonicalJson.mapper().readValue(orders.next(sequence.incrementAndGet()),
                                        CanonicalOrder.class);
                                chunk.add(o.withIdentity(OrderIds.newId(o.createdAt()).toString(),
                                        "L" + o.channelOrderId(), 1L));
                            }
                            writePg(chunk);
                            writeMaria(chunk);
                            List<Future<RecordMetadata>> acks = new ArrayList<>();
                            for (CanonicalOrder o : chunk) {
                                acks.add(producer.send(new ProducerRecord<>(topic, o.id(),
                                        CanonicalJson.mapper().writeValueAsString(o))));
                            }
                            for (Future<RecordMetadata> a : acks) {
                                a.get();
                            }
                            written.addAndGet(chunk.size());
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                }, "baseline-" + t);
                w.start();
            }
            done.await();
            if (!errors.isEmpty()) {
                throw new IllegalStateException("baseline failed", errors.get(0));
            }
            return written.get() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private void writePg(List<CanonicalOrder> chunk) throws Exception {
        try (Connection c = pg.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement o = c.prepareStatement("INSERT INTO orders (order_id, created_at, channel, shop_id,"
                    + " channel_order_id, source_system, status, on_hold, currency, goods_amount, shipping_amount,"
                    + " discount_amount, paid_amount, platform_modified_at, version, document)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, 1, ?::jsonb)");
                 PreparedStatement it = c.prepareStatement("INSERT INTO order_items (order_id, created_at, line_no,"
                         + " hub_sku, name, quantity, unit_price, discount, line_total, after_sale_status)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'NONE')");
                 PreparedStatement k = c.prepareStatement("INSERT INTO order_channel_keys (channel, shop_id,"
                         + " channel_order_id, order_id) VALUES (?, ?, ?, ?)")) {
                for (CanonicalOrder x : chunk) {
                    UUID id = UUID.fromString(x.id());
                    Timestamp created = Timestamp.from(x.createdAt());
                    o.setObject(1, id);
                    o.setTimestamp(2, created);
                    o.setString(3, x.channel());
                    o.setString(4, x.shopId());
                    o.setString(5, x.channelOrderId());
                    o.setString(6, x.sourceSystem());
                    o.setString(7, x.status().name());
                    o.setString(8, x.amounts().currency());
                    o.setBigDecimal(9, x.amounts().goods());
                    o.setBigDecimal(10, x.amounts().shipping());
                    o.setBigDecimal(11, x.amounts().discount());
                    o.setBigDecimal(12, x.amounts().paid());
                    o.setTimestamp(13, Timestamp.from(x.platformModifiedAt()));
                    o.setString(14, CanonicalJson.mapper().writeValueAsString(x));
                    o.addBatch();
                    int line = 1;
                    for (OrderItem i : x.items()) {
                        it.setObject(1, id);
                        it.setTimestamp(2, created);
                        it.setInt(3, line++);
                        it.setString(4, i.hubSku());
                        it.setString(5, i.name());
                        it.setInt(6, i.quantity());
                        it.setBigDecimal(7, i.unitPrice());
                        it.setBigDecimal(8, i.discount());
                        it.setBigDecimal(9, i.lineTotal());
                        it.addBatch();
                    }
                    k.setString(1, x.channel());
                    k.setString(2, x.shopId());
                    k.setString(3, x.channelOrderId());
                    k.setObject(4, id);
                    k.addBatch();
                }
                k.executeBatch();
                o.executeBatch();
                it.executeBatch();
            }
            c.commit();
        }
    }

    private void writeMaria(List<CanonicalOrder> chunk) throws Exception {
        try (Connection c = maria.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement h = c.prepareStatement("INSERT INTO CRM_ORDER_HEAD (ORDER_NO, HUB_ORDER_ID,"
                    + " SOURCE_CODE, SHOP_CODE, EXT_ORDER_NO, ORDER_STATUS, GOODS_AMT, PAY_AMT, ORDER_TIME,"
                    + " CREATE_TIME, UPDATE_TIME) VALUES (?, ?, 'API', ?, ?, '20', ?, ?, ?, ?, ?)");
                 PreparedStatement d = c.prepareStatement("INSERT INTO CRM_ORDER_DETAIL (ORDER_NO, LINE_NO, SKU_CODE,"
                         + " GOODS_NAME, QTY, PRICE, LINE_AMT) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                LocalDateTime now = LocalDateTime.now(SHANGHAI);
                for (CanonicalOrder x : chunk) {
                    h.setString(1, x.legacyOrderNo());
                    h.setString(2, x.id());
                    h.setString(3, x.shopId());
                    h.setString(4, x.channelOrderId());
                    h.setLong(5, x.amounts().goods().movePointRight(2).longValueExact());
                    h.setLong(6, x.amounts().paid().movePointRight(2).longValueExact());
                    h.setObject(7, LocalDateTime.ofInstant(x.createdAt(), SHANGHAI));
                    h.setObject(8, now);
                    h.setObject(9, now);
                    h.addBatch();
                    int line = 1;
                    for (OrderItem i : x.items()) {
                        d.setString(1, x.legacyOrderNo());
                        d.setInt(2, line++);
                        d.setString(3, i.hubSku());
                        d.setString(4, i.name());
                        d.setInt(5, i.quantity());
                        d.setLong(6, i.unitPrice().movePointRight(2).longValueExact());
                        d.setLong(7, i.lineTotal().movePointRight(2).longValueExact());
                        d.addBatch();
                    }
                }
                h.executeBatch();
                d.executeBatch();
            }
            c.commit();
        }
    }
}
