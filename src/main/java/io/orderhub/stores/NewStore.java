package io.orderhub.stores;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.OrderIds;
import io.orderhub.canonical.OrderItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The new store: the canonical schema in PostgreSQL. Every write of an order carries its outbox
 * event in the same transaction, so no stored change misses its Kafka event.
 */
public class NewStore implements AuthoritativeOrders {

    /**
     * An event to publish once the transaction commits, and the order's document JSON it embeds:
     * the same text is written to the orders.document column, so an order is serialised once per write.
     */
    public record OutboxEvent(UUID aggregateId, String type, String payload, String document) {
    }

    /** A caller's Idempotency-Key and the hash of the request it was first used with. */
    public record IdempotencyRecord(String key, String requestHash, UUID orderId) {
    }

    private final DataSource ds;

    public NewStore(DataSource ds) {
        this.ds = ds;
    }

    public DataSource dataSource() {
        return ds;
    }

    /**
     * Inserts a new order with its lines, index rows, idempotency record and event. Returns false,
     * writing nothing, when the channel identity is already held by another order. An order of a
     * month without a partition goes to the default partition: a request never runs DDL.
     */
    public boolean insert(CanonicalOrder order, OutboxEvent event, IdempotencyRecord idempotency) throws SQLException {
        try {
            Jdbc.inTransaction(ds, c -> {
                write(c, List.of(new OrderWrite(OrderWrite.Kind.CREATE, order, 0, event, null, false, idempotency)), List.of());
                return null;
            });
            return true;
        } catch (SQLException e) {
            if (Jdbc.uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Replaces an order with its next version if the stored version is still {@code expectedVersion}.
     * Returns false, writing nothing, when another writer got there first.
     */
    public boolean update(CanonicalOrder order, long expectedVersion, OutboxEvent event) throws SQLException {
        try {
            Jdbc.inTransaction(ds, c -> {
                write(c, List.of(new OrderWrite(OrderWrite.Kind.UPDATE, order, expectedVersion, event, null, false, null)), List.of());
                return null;
            });
            return true;
        } catch (StaleWriteException e) {
            return false;
        }
    }

    @Override
    public Map<CanonicalOrder.ChannelKey, Current> lockByChannelKeys(Connection c,
                                                                   Map<CanonicalOrder.ChannelKey, CanonicalOrder> copies)
            throws SQLException {
        Collection<CanonicalOrder.ChannelKey> keys = copies.keySet();
        Map<CanonicalOrder.ChannelKey, Current> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT o.document FROM order_channel_keys k"
                + " JOIN orders o ON o.order_id = k.order_id"
                + " WHERE (k.channel, k.shop_id, k.channel_order_id) IN"
                + " (SELECT * FROM unnest(?::text[], ?::text[], ?::text[])) FOR UPDATE OF o")) {
            ps.setArray(1, c.createArrayOf("text", keys.stream().map(CanonicalOrder.ChannelKey::channel).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(CanonicalOrder.ChannelKey::shopId).toArray()));
            ps.setArray(3, c.createArrayOf("text", keys.stream().map(CanonicalOrder.ChannelKey::channelOrderId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CanonicalOrder o = document(rs.getString(1));
                    found.put(o.channelKey(), new Current(o));
                }
            }
        }
        return found;
    }

    @Override
    public Map<String, IdempotencyRecord> idempotency(Connection c, Collection<String> keys) throws SQLException {
        Map<String, IdempotencyRecord> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT idempotency_key, request_hash, order_id"
                + " FROM idempotency_keys WHERE idempotency_key = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new IdempotencyRecord(rs.getString(1), rs.getString(2),
                            rs.getObject(3, UUID.class)));
                }
            }
        }
        return found;
    }

    @Override
    public Map<String, CanonicalOrder> byIds(Connection c, Collection<String> ids) throws SQLException {
        Map<String, CanonicalOrder> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT document FROM orders WHERE order_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CanonicalOrder o = document(rs.getString(1));
                    found.put(o.id(), o);
                }
            }
        }
        return found;
    }

    private static CanonicalOrder document(String json) throws SQLException {
        try {
            return CanonicalJson.mapper().readValue(json, CanonicalOrder.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored order is not canonical JSON", e);
        }
    }

    /**
     * Writes a batch in the caller's transaction: statements of one kind for all orders together
     * (JDBC batches; reWriteBatchedInserts makes the inserts multi-row). Creates go first, so an order
     * created and changed in one batch is inserted, then updated.
     */
    @Override
    public void write(Connection c, List<OrderWrite> writes, List<IdempotencyRecord> keys) throws SQLException {
        List<OrderWrite> creates = writes.stream().filter(w -> w.kind() == OrderWrite.Kind.CREATE).toList();
        List<OrderWrite> updates = writes.stream().filter(w -> w.kind() != OrderWrite.Kind.CREATE).toList();
        if (!creates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_channel_keys"
                    + " (channel, shop_id, channel_order_id, order_id) VALUES (?, ?, ?, ?)")) {
                for (OrderWrite w : creates) {
                    CanonicalOrder order = w.order();
                    ps.setString(1, order.channel());
                    ps.setString(2, order.shopId());
                    ps.setString(3, order.channelOrderId());
                    ps.setObject(4, UUID.fromString(order.id()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, created_at, channel,"
                    + " shop_id, channel_order_id, source_system, legacy_order_no, member_union_id, member_card_no,"
                    + " store_code, region_code, status, on_hold, currency, goods_amount, shipping_amount,"
                    + " discount_amount, paid_amount, paid_at, shipped_at, completed_at, platform_modified_at,"
                    + " version, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?::jsonb)")) {
                for (OrderWrite w : creates) {
                    CanonicalOrder order = w.order();
                    ps.setObject(1, UUID.fromString(order.id()));
                    ps.setTimestamp(2, Jdbc.ts(order.createdAt()));
                    ps.setString(3, order.channel());
                    ps.setString(4, order.shopId());
                    ps.setString(5, order.channelOrderId());
                    ps.setString(6, order.sourceSystem());
                    bindColumns(ps, 7, order, w.event().document());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            insertItems(c, creates);
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET legacy_order_no = ?,"
                    + " member_union_id = ?, member_card_no = ?, store_code = ?, region_code = ?, status = ?,"
                    + " on_hold = ?, currency = ?, goods_amount = ?, shipping_amount = ?, discount_amount = ?,"
                    + " paid_amount = ?, paid_at = ?, shipped_at = ?, completed_at = ?, platform_modified_at = ?,"
                    + " version = ?, document = ?::jsonb, updated_at = now()"
                    + " WHERE order_id = ? AND created_at = ? AND version = ?")) {
                for (OrderWrite w : updates) {
                    CanonicalOrder order = w.order();
                    int i = bindColumns(ps, 1, order, w.event().document());
                    ps.setObject(i++, UUID.fromString(order.id()));
                    ps.setTimestamp(i++, Jdbc.ts(order.createdAt()));
                    ps.setLong(i, w.expectedVersion());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int k = 0; k < counts.length; k++) {
                    if (counts[k] == 0) {
                        throw new StaleWriteException("order " + updates.get(k).order().id() + " is no longer at version "
                                + updates.get(k).expectedVersion());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM order_items WHERE order_id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("uuid", updates.stream().map(w -> UUID.fromString(w.order().id())).toArray()));
                ps.executeUpdate();
            }
            insertItems(c, updates);
        }
        indexMembers(c, writes);
        writeIdempotency(c, writes, keys);
        writeOutbox(c, writes);
        writeSyncChanges(c, writes);
    }

    /** Binds the mutable columns, from legacy_order_no to document; returns the next index. */
    private static int bindColumns(PreparedStatement ps, int i, CanonicalOrder o, String document) throws SQLException {
        ps.setString(i++, o.legacyOrderNo());
        ps.setString(i++, o.member() == null ? null : o.member().unionId());
        ps.setString(i++, o.member() == null ? null : o.member().cardNo());
        ps.setString(i++, o.storeCode());
        ps.setString(i++, o.regionCode());
        ps.setString(i++, o.status().name());
        ps.setBoolean(i++, o.onHold());
        ps.setString(i++, o.amounts().currency());
        ps.setBigDecimal(i++, o.amounts().goods());
        ps.setBigDecimal(i++, o.amounts().shipping());
        ps.setBigDecimal(i++, o.amounts().discount());
        ps.setBigDecimal(i++, o.amounts().paid());
        ps.setTimestamp(i++, Jdbc.ts(o.paidAt()));
        ps.setTimestamp(i++, Jdbc.ts(o.shippedAt()));
        ps.setTimestamp(i++, Jdbc.ts(o.completedAt()));
        ps.setTimestamp(i++, Jdbc.ts(o.platformModifiedAt()));
        ps.setLong(i++, o.version());
        ps.setString(i++, document);
        return i;
    }

    private static void insertItems(Connection c, List<OrderWrite> writes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_items (order_id, created_at, line_no,"
                + " hub_sku, channel_sku, name, quantity, unit_price, discount, line_total, after_sale_status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OrderWrite w : writes) {
                CanonicalOrder order = w.order();
                UUID id = UUID.fromString(order.id());
                Timestamp created = Jdbc.ts(order.createdAt());
                List<OrderItem> items = order.items();
                for (int i = 0; i < items.size(); i++) {
                    OrderItem it = items.get(i);
                    ps.setObject(1, id);
                    ps.setTimestamp(2, created);
                    ps.setInt(3, i + 1);
                    ps.setString(4, it.hubSku());
                    ps.setString(5, it.channelSku());
                    ps.setString(6, it.name());
                    ps.setInt(7, it.quantity());
                    ps.setBigDecimal(8, it.unitPrice());
                    ps.setBigDecimal(9, it.discount());
                    ps.setBigDecimal(10, it.lineTotal());
                    ps.setString(11, it.afterSaleStatus().name());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void indexMembers(Connection c, List<OrderWrite> writes) throws SQLException {
        List<CanonicalOrder> members = writes.stream().map(OrderWrite::order)
                .filter(o -> o.member() != null && o.member().unionId() != null).toList();
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_orders (member_union_id, order_id,"
                + " created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (CanonicalOrder order : members) {
                ps.setString(1, order.member().unionId());
                ps.setObject(2, UUID.fromString(order.id()));
                ps.setTimestamp(3, Jdbc.ts(order.createdAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeIdempotency(Connection c, List<OrderWrite> writes, List<IdempotencyRecord> keys)
            throws SQLException {
        List<IdempotencyRecord> records = new ArrayList<>(keys);
        writes.stream().map(OrderWrite::idempotency).filter(r -> r != null).forEach(records::add);
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_keys (idempotency_key,"
                + " request_hash, order_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (IdempotencyRecord r : records) {
                ps.setString(1, r.key());
                ps.setString(2, r.requestHash());
                ps.setObject(3, r.orderId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeOutbox(Connection c, List<OrderWrite> writes) throws SQLException {
        List<OutboxEvent> events = writes.stream().map(OrderWrite::event).filter(e -> e != null && e.type() != null).toList();
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (aggregate_id, event_type, payload) VALUES (?, ?, ?::jsonb)")) {
            for (OutboxEvent e : events) {
                ps.setObject(1, e.aggregateId());
                ps.setString(2, e.type());
                ps.setString(3, e.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeSyncChanges(Connection c, List<OrderWrite> writes) throws SQLException {
        List<OrderWrite> syncs = writes.stream().filter(OrderWrite::sync).toList();
        if (syncs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_outbox (entity, aggregate_id, cohort,"
                + " version, payload) VALUES ('ORDERS', ?, ?, ?, ?)")) {
            for (OrderWrite w : syncs) {
                ps.setString(1, w.order().id());
                ps.setString(2, w.cohort());
                ps.setLong(3, w.order().version());
                ps.setString(4, w.event().document());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records an Idempotency-Key used for an order that already existed. */
    public void rememberIdempotency(IdempotencyRecord r) throws SQLException {
        if (r != null) {
            Jdbc.withConnection(ds, c -> {
                writeIdempotency(c, List.of(), List.of(r));
                return null;
            });
        }
    }

    public Optional<IdempotencyRecord> findIdempotency(String key) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT request_hash, order_id FROM idempotency_keys WHERE idempotency_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new IdempotencyRecord(key, rs.getString(1), rs.getObject(2, UUID.class)))
                            : Optional.empty();
                }
            }
        });
    }

    public Optional<UUID> findIdByChannelKey(CanonicalOrder.ChannelKey key) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT order_id FROM order_channel_keys"
                    + " WHERE channel = ? AND shop_id = ? AND channel_order_id = ?")) {
                ps.setString(1, key.channel());
                ps.setString(2, key.shopId());
                ps.setString(3, key.channelOrderId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
                }
            }
        });
    }

    /** Reads an order by id, touching only the partition of the month carried in the id. */
    public Optional<CanonicalOrder> find(UUID id) throws SQLException {
        YearMonth month = OrderIds.month(id);
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT document FROM orders"
                    + " WHERE order_id = ? AND created_at >= ? AND created_at < ?")) {
                ps.setObject(1, id);
                ps.setTimestamp(2, Timestamp.from(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
                ps.setTimestamp(3, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(CanonicalJson.mapper().readValue(rs.getString(1), CanonicalOrder.class));
                } catch (JsonProcessingException e) {
                    throw new SQLException("stored order " + id + " is not canonical JSON", e);
                }
            }
        });
    }

    /** An order by its legacy order number (every partition is searched: the number carries no month). */
    public Optional<CanonicalOrder> findByLegacyOrderNo(String legacyOrderNo) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT document FROM orders WHERE legacy_order_no = ? ORDER BY created_at LIMIT 1")) {
                ps.setString(1, legacyOrderNo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(CanonicalJson.mapper().readValue(rs.getString(1), CanonicalOrder.class))
                            : Optional.empty();
                } catch (JsonProcessingException e) {
                    throw new SQLException("stored order " + legacyOrderNo + " is not canonical JSON", e);
                }
            }
        });
    }

    /** One page of orders changed at or after {@code since} (oldest change first), and how many there are. */
    public record ChangedPage(long total, List<CanonicalOrder> orders) {
    }

    public ChangedPage findChangedSince(java.time.Instant since, int offset, int limit) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders WHERE updated_at >= ?")) {
                ps.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<CanonicalOrder> orders = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT document FROM orders WHERE updated_at >= ?"
                    + " ORDER BY updated_at, order_id LIMIT ? OFFSET ?")) {
                ps.setTimestamp(1, Timestamp.from(since));
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        orders.add(CanonicalJson.mapper().readValue(rs.getString(1), CanonicalOrder.class));
                    }
                } catch (JsonProcessingException e) {
                    throw new SQLException("a stored order is not canonical JSON", e);
                }
            }
            return new ChangedPage(total, orders);
        });
    }

    /** The persisted cursor of a pulled source, if it has been read before. */
    public Optional<String> cursor(String source) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cursor_value FROM poll_cursors WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void saveCursor(String source, String value) throws SQLException {
        Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO poll_cursors (source, cursor_value)"
                    + " VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET cursor_value = EXCLUDED.cursor_value,"
                    + " updated_at = now()")) {
                ps.setString(1, source);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Orders in the new store whose member index lists this UnionID. */
    public List<UUID> findIdsByMember(String unionId) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT order_id FROM member_orders WHERE member_union_id = ? ORDER BY created_at")) {
                ps.setString(1, unionId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<UUID> ids = new ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                    return ids;
                }
            }
        });
    }
}
