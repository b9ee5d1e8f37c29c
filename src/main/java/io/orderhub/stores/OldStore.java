package io.orderhub.stores;

import io.orderhub.canonical.CanonicalOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The old store: the legacy CRM's MariaDB schema, written the way the legacy system writes it. The
 * columns come from {@link LegacyMapping}; the SQL text is built once from that mapping's
 * identifiers and every value is a bound parameter.
 */
public class OldStore implements AuthoritativeOrders {

    private static final DateTimeFormatter ORDER_NO_DATE = DateTimeFormatter.ofPattern("yyMMdd");

    /** Where an order stands in the old store. */
    public record Ref(String hubOrderId, String legacyOrderNo, long version) {
    }

    /** Outcome of an insert: created, or the order that already held the channel identity. */
    public record Insert(boolean created, Ref ref) {
    }

    private final DataSource ds;
    private final LegacyMapping mapping;
    private final String insertHeader;
    private final String updateHeader;
    private final String insertDetail;
    private final String upsertMember;
    private final String selectHeader;
    private final String selectDetail;
    private final String updateHeaderVersioned;
    private final OldStoreOrderReader orderReader;

    public OldStore(DataSource ds, LegacyMapping mapping) {
        this.ds = ds;
        this.mapping = mapping;
        LegacyMapping.Table h = mapping.header();
        LegacyMapping.Table d = mapping.detail();
        LegacyMapping.Table m = mapping.member();
        this.insertHeader = "INSERT INTO " + h.name() + " (ORDER_NO, " + String.join(", ", h.columnNames())
                + ", VERSION_NO, CREATE_TIME, UPDATE_TIME) VALUES (?, " + marks(h.columns().size()) + ", ?, ?, ?)";
        this.updateHeader = "UPDATE " + h.name() + " SET " + String.join(" = ?, ", h.columnNames())
                + " = ?, VERSION_NO = ?, UPDATE_TIME = ? WHERE ORDER_NO = ?";
        this.insertDetail = "INSERT INTO " + d.name() + " (ORDER_NO, " + String.join(", ", d.columnNames())
                + ") VALUES (?, " + marks(d.columns().size()) + ")";
        this.upsertMember = "INSERT INTO " + m.name() + " (" + String.join(", ", m.columnNames())
                + ", CREATE_TIME, UPDATE_TIME) VALUES (" + marks(m.columns().size()) + ", ?, ?)"
                + " ON DUPLICATE KEY UPDATE UNION_ID = COALESCE(VALUES(UNION_ID), UNION_ID),"
                + " UPDATE_TIME = VALUES(UPDATE_TIME)";
        this.selectHeader = "SELECT ORDER_NO, VERSION_NO, UPDATE_TIME AS ROW_UPDATE_TIME, "
                + String.join(", ", h.columnNames()) + " FROM " + h.name();
        this.selectDetail = "SELECT " + String.join(", ", d.columnNames()) + " FROM " + d.name()
                + " WHERE ORDER_NO = ? ORDER BY LINE_NO";
        this.updateHeaderVersioned = updateHeader + " AND VERSION_NO = ?";
        this.orderReader = new OldStoreOrderReader(ds, mapping);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /**
     * Inserts a new order (header, lines, member) in one transaction; the legacy order number comes
     * from the legacy sequence. If the channel identity is already taken, nothing is written and the
     * holder is returned.
     */
    public Insert insert(CanonicalOrder order) throws SQLException {
        try {
            return Jdbc.inTransaction(ds, c -> {
                LocalDateTime now = LocalDateTime.now(mapping.zone());
                String orderNo = nextOrderNo(c, now);
                List<Object> values = new ArrayList<>();
                values.add(orderNo);
                values.addAll(mapping.values(mapping.header(), order, 0));
                values.add(order.version());
                values.add(now);
                values.add(now);
                try (PreparedStatement ps = c.prepareStatement(insertHeader)) {
                    Jdbc.bind(ps, values);
                    ps.executeUpdate();
                }
                insertDetails(c, orderNo, order);
                upsertMember(c, order, now);
                return new Insert(true, new Ref(order.id(), orderNo, order.version()));
            });
        } catch (SQLIntegrityConstraintViolationException duplicate) {
            Optional<Ref> holder = findByChannelKey(order.channelKey());
            if (holder.isPresent()) {
                return new Insert(false, holder.get());
            }
            throw duplicate;
        }
    }

    /** Replaces an order's header values and lines with the given version of it. */
    public void update(CanonicalOrder order) throws SQLException {
        Jdbc.inTransaction(ds, c -> {
            LocalDateTime now = LocalDateTime.now(mapping.zone());
            List<Object> values = new ArrayList<>(mapping.values(mapping.header(), order, 0));
            values.add(order.version());
            values.add(now);
            values.add(order.legacyOrderNo());
            try (PreparedStatement ps = c.prepareStatement(updateHeader)) {
                Jdbc.bind(ps, values);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("legacy order " + order.legacyOrderNo() + " is missing");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM " + mapping.detail().name() + " WHERE ORDER_NO = ?")) {
                ps.setString(1, order.legacyOrderNo());
                ps.executeUpdate();
            }
            insertDetails(c, order.legacyOrderNo(), order);
            upsertMember(c, order, now);
            return null;
        });
    }

    private String nextOrderNo(Connection c, LocalDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXTVAL(SEQ_ORDER_NO)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            String seq = Long.toString(rs.getLong(1));
            return "SO" + ORDER_NO_DATE.format(now) + "0".repeat(Math.max(0, 10 - seq.length())) + seq;
        }
    }

    private void insertDetails(Connection c, String orderNo, CanonicalOrder order) throws SQLException {
        List<io.orderhub.canonical.OrderItem> items = order.items();
        try (PreparedStatement ps = c.prepareStatement(insertDetail)) {
            for (int i = 0; i < items.size(); i++) {
                List<Object> values = new ArrayList<>();
                values.add(orderNo);
                values.addAll(mapping.values(mapping.detail(), items.get(i), i + 1));
                Jdbc.bind(ps, values);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void upsertMember(Connection c, CanonicalOrder order, LocalDateTime now) throws SQLException {
        upsertMembers(c, List.of(order), now);
    }

    private void upsertMembers(Connection c, List<CanonicalOrder> orders, LocalDateTime now) throws SQLException {
        List<CanonicalOrder> withCards = orders.stream()
                .filter(o -> o.member() != null && o.member().cardNo() != null).toList();
        if (withCards.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsertMember)) {
            for (CanonicalOrder order : withCards) {
                List<Object> values = new ArrayList<>(mapping.values(mapping.member(), order, 0));
                if (order.buyer() != null && Boolean.TRUE.equals(order.buyer().masked())) {
                    // a masked contact (张**, 138****1234) is no member's name or mobile: the legacy CRM looks
                    // members up by mobile, so a masked one would match strangers; the card alone is kept
                    List<LegacyMapping.Column> columns = mapping.member().columns();
                    for (int i = 0; i < columns.size(); i++) {
                        if (columns.get(i).path().startsWith("buyer.")) {
                            values.set(i, null);
                        }
                    }
                }
                values.add(now);
                values.add(now);
                Jdbc.bind(ps, values);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public DataSource dataSource() {
        return ds;
    }

    /** The next {@code n} legacy order numbers, from the legacy sequence, in one statement. */
    public List<String> nextOrderNumbers(Connection c, int n) throws SQLException {
        List<String> numbers = new ArrayList<>(n);
        if (n == 0) {
            return numbers;
        }
        LocalDateTime now = LocalDateTime.now(mapping.zone());
        // seq_1_to_<n> is MariaDB's Sequence engine; n is an int from the caller, never text from outside
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXTVAL(SEQ_ORDER_NO) FROM seq_1_to_" + n);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String seq = Long.toString(rs.getLong(1));
                numbers.add("SO" + ORDER_NO_DATE.format(now) + "0".repeat(Math.max(0, 10 - seq.length())) + seq);
            }
        }
        return numbers;
    }

    /** {@link #nextOrderNumbers(Connection, int)} in a connection of its own (the new store is the authority). */
    public List<String> nextOrderNumbers(int n) throws SQLException {
        return Jdbc.withConnection(ds, c -> nextOrderNumbers(c, n));
    }

    @Override
    public Map<CanonicalOrder.ChannelKey, Current> lockByChannelKeys(Connection c,
                                                                   Map<CanonicalOrder.ChannelKey, CanonicalOrder> copies)
            throws SQLException {
        java.util.Collection<CanonicalOrder.ChannelKey> keys = copies.keySet();
        Map<CanonicalOrder.ChannelKey, Current> found = new LinkedHashMap<>();
        Map<List<String>, CanonicalOrder.ChannelKey> bySource = new LinkedHashMap<>();
        for (CanonicalOrder.ChannelKey k : keys) {
            String source = mapping.code("channel", k.channel());
            if (source != null) {
                bySource.put(List.of(source, k.shopId(), k.channelOrderId()), k);
            }
        }
        if (bySource.isEmpty()) {
            return found;
        }
        String h = mapping.header().name();
        String sql = "SELECT h.*, d.DOCUMENT AS HUB_DOCUMENT, d.HUB_VERSION_NO AS HUB_DOC_VERSION_NO,"
                + " d.HUB_UPDATE_TIME AS HUB_DOC_UPDATE_TIME FROM " + h + " h LEFT JOIN HUB_ORDER_DOC d"
                + " ON d.ORDER_NO = h.ORDER_NO WHERE (h.SOURCE_CODE, h.SHOP_CODE, h.EXT_ORDER_NO) IN ("
                + String.join(", ", Collections.nCopies(bySource.size(), "(?, ?, ?)")) + ") FOR UPDATE";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (List<String> k : bySource.keySet()) {
                for (String part : k) {
                    ps.setString(i++, part);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        for (Map<String, Object> row : rows) {
            CanonicalOrder.ChannelKey key = bySource.get(List.of((String) row.get("SOURCE_CODE"),
                    (String) row.get("SHOP_CODE"), (String) row.get("EXT_ORDER_NO")));
            if (key != null) {
                found.put(key, current(c, row, copies.get(key)));
            }
        }
        return found;
    }

    /**
     * The order as this store holds it: the hub's document while the head row is as the hub last wrote
     * it; otherwise (the legacy CRM took it itself, or changed it since) the legacy columns first and,
     * for what they cannot hold, the hub's document or else the copy at hand — marked for adoption, so
     * the hub records it and passes it on.
     */
    private Current current(Connection c, Map<String, Object> row, CanonicalOrder copy) throws SQLException {
        long version = ((Number) row.get("VERSION_NO")).longValue();
        String doc = (String) row.get("HUB_DOCUMENT");
        if (doc != null && Objects.equals(row.get("HUB_DOC_UPDATE_TIME"), row.get("UPDATE_TIME"))
                && row.get("HUB_DOC_VERSION_NO") != null
                && ((Number) row.get("HUB_DOC_VERSION_NO")).longValue() == version) {
            return new Current(readDocument(doc));
        }
        String orderNo = (String) row.get("ORDER_NO");
        List<Map<String, Object>> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(selectDetail)) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(row(rs));
                }
            }
        }
        if (doc == null && copy != null) {
            // new to the hub: the copy at hand is this row read through its channel's mapping (a legacy
            // poll) or the platform's own copy of it; it keeps the row's number, version and hub id
            return new Current(copy.withIdentity((String) row.get("HUB_ORDER_ID"), orderNo, version), true, false);
        }
        com.fasterxml.jackson.databind.JsonNode base;
        try {
            base = doc != null ? io.orderhub.canonical.CanonicalJson.mapper().readTree(doc)
                    : copy != null ? io.orderhub.canonical.CanonicalJson.mapper().valueToTree(copy) : null;
        } catch (java.io.IOException e) {
            throw new SQLException("a hub document in the old store is not canonical JSON", e);
        }
        if (base instanceof com.fasterxml.jackson.databind.node.ObjectNode o && doc == null) {
            // the copy is no hub document: its id, number and version are not the row's
            o.remove(List.of("id", "legacyOrderNo", "version"));
        }
        CanonicalOrder held = orderReader.toCanonical(row, lines,
                base == null ? null : new OldStoreOrderReader.Document(null, base));
        return new Current(held, true, doc != null);
    }

    private static CanonicalOrder readDocument(String json) throws SQLException {
        try {
            return io.orderhub.canonical.CanonicalJson.mapper().readValue(json, CanonicalOrder.class);
        } catch (java.io.IOException e) {
            throw new SQLException("a hub document in the old store is not canonical JSON", e);
        }
    }

    @Override
    public Map<String, NewStore.IdempotencyRecord> idempotency(Connection c, java.util.Collection<String> keys)
            throws SQLException {
        Map<String, NewStore.IdempotencyRecord> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT IDEMPOTENCY_KEY, REQUEST_HASH, ORDER_ID FROM"
                + " HUB_IDEMPOTENCY WHERE IDEMPOTENCY_KEY IN (" + marks(keys.size()) + ")")) {
            Jdbc.bind(ps, new ArrayList<>(keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new NewStore.IdempotencyRecord(rs.getString(1), rs.getString(2),
                            java.util.UUID.fromString(rs.getString(3))));
                }
            }
        }
        return found;
    }

    @Override
    public Map<String, CanonicalOrder> byIds(Connection c, java.util.Collection<String> ids) throws SQLException {
        Map<String, CanonicalOrder> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT DOCUMENT FROM HUB_ORDER_DOC WHERE HUB_ORDER_ID IN ("
                + marks(ids.size()) + ")")) {
            Jdbc.bind(ps, new ArrayList<>(ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CanonicalOrder o = readDocument(rs.getString(1));
                    found.put(o.id(), o);
                }
            }
        }
        return found;
    }

    /**
     * Writes a batch in the caller's transaction, statements of one kind together (JDBC batches):
     * head rows, lines, members, the hub's documents, events, sync changes, idempotency records.
     * Creates carry their legacy order number already ({@link #nextOrderNumbers}). Row times are whole
     * seconds, as the DATETIME columns keep them, so the document records exactly what the head holds.
     */
    @Override
    public void write(Connection c, List<OrderWrite> writes, List<NewStore.IdempotencyRecord> keys) throws SQLException {
        LocalDateTime now = LocalDateTime.now(mapping.zone()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<OrderWrite> creates = writes.stream().filter(w -> w.kind() == OrderWrite.Kind.CREATE).toList();
        List<OrderWrite> updates = writes.stream().filter(w -> w.kind() == OrderWrite.Kind.UPDATE).toList();
        List<OrderWrite> adopts = writes.stream().filter(w -> w.kind() == OrderWrite.Kind.ADOPT).toList();
        if (!creates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(insertHeader)) {
                for (OrderWrite w : creates) {
                    List<Object> values = new ArrayList<>();
                    values.add(w.order().legacyOrderNo());
                    values.addAll(mapping.values(mapping.header(), w.order(), 0));
                    values.add(w.order().version());
                    values.add(now);
                    values.add(now);
                    Jdbc.bind(ps, values);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(updateHeaderVersioned)) {
                for (OrderWrite w : updates) {
                    List<Object> values = new ArrayList<>(mapping.values(mapping.header(), w.order(), 0));
                    values.add(w.order().version());
                    values.add(now);
                    values.add(w.order().legacyOrderNo());
                    values.add(w.expectedVersion());
                    Jdbc.bind(ps, values);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int k = 0; k < counts.length; k++) {
                    if (counts[k] == 0) {
                        throw new StaleWriteException("legacy order " + updates.get(k).order().legacyOrderNo()
                                + " is no longer at version " + updates.get(k).expectedVersion());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + mapping.detail().name()
                    + " WHERE ORDER_NO IN (" + marks(updates.size()) + ")")) {
                Jdbc.bind(ps, updates.stream().map(w -> w.order().legacyOrderNo()).toList());
                ps.executeUpdate();
            }
        }
        if (!adopts.isEmpty()) {
            // a row the legacy CRM took itself gets the hub's id; its values stay as the legacy CRM wrote them
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + mapping.header().name()
                    + " SET HUB_ORDER_ID = ? WHERE ORDER_NO = ? AND HUB_ORDER_ID IS NULL")) {
                for (OrderWrite w : adopts) {
                    ps.setString(1, w.order().id());
                    ps.setString(2, w.order().legacyOrderNo());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        // an order created and changed in one batch: its last version's lines
        Map<String, OrderWrite> last = new LinkedHashMap<>();
        creates.forEach(w -> last.put(w.order().legacyOrderNo(), w));
        updates.forEach(w -> last.put(w.order().legacyOrderNo(), w));
        List<OrderWrite> rewritten = new ArrayList<>(last.values());
        if (!rewritten.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(insertDetail)) {
                for (OrderWrite w : rewritten) {
                    List<io.orderhub.canonical.OrderItem> items = w.order().items();
                    for (int i = 0; i < items.size(); i++) {
                        List<Object> values = new ArrayList<>();
                        values.add(w.order().legacyOrderNo());
                        values.addAll(mapping.values(mapping.detail(), items.get(i), i + 1));
                        Jdbc.bind(ps, values);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            upsertMembers(c, rewritten.stream().map(OrderWrite::order).toList(), now);
        }
        writeDocuments(c, writes, now);
        writeEvents(c, writes);
        OrderWrite.writeSyncChanges(c, "INSERT INTO HUB_SYNC_OUTBOX (ENTITY, AGGREGATE_ID, COHORT, VERSION_NO, PAYLOAD)"
                + " VALUES ('ORDERS', ?, ?, ?, ?)", writes);
        writeIdempotency(c, writes, keys);
    }

    // The head's UPDATE_TIME and VERSION_NO as the hub leaves them: an adopted row keeps the legacy
    // CRM's own values, read back in this transaction (the row is locked).
    private void writeDocuments(Connection c, List<OrderWrite> writes, LocalDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO HUB_ORDER_DOC (ORDER_NO, HUB_ORDER_ID,"
                + " HUB_VERSION, DOCUMENT, HUB_UPDATE_TIME, HUB_VERSION_NO)"
                + " SELECT ORDER_NO, ?, ?, ?, UPDATE_TIME, VERSION_NO FROM " + mapping.header().name()
                + " WHERE ORDER_NO = ? ON DUPLICATE KEY UPDATE HUB_ORDER_ID = VALUES(HUB_ORDER_ID),"
                + " HUB_VERSION = VALUES(HUB_VERSION), DOCUMENT = VALUES(DOCUMENT),"
                + " HUB_UPDATE_TIME = VALUES(HUB_UPDATE_TIME), HUB_VERSION_NO = VALUES(HUB_VERSION_NO)")) {
            for (OrderWrite w : writes) {
                ps.setString(1, w.order().id());
                ps.setLong(2, w.order().version());
                ps.setString(3, w.event().document());
                ps.setString(4, w.order().legacyOrderNo());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeEvents(Connection c, List<OrderWrite> writes) throws SQLException {
        List<NewStore.OutboxEvent> events = writes.stream().map(OrderWrite::event)
                .filter(e -> e != null && e.type() != null).toList();
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO HUB_EVENT_OUTBOX (AGGREGATE_ID, EVENT_TYPE, PAYLOAD) VALUES (?, ?, ?)")) {
            for (NewStore.OutboxEvent e : events) {
                ps.setString(1, e.aggregateId().toString());
                ps.setString(2, e.type());
                ps.setString(3, e.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }


    private static void writeIdempotency(Connection c, List<OrderWrite> writes, List<NewStore.IdempotencyRecord> keys)
            throws SQLException {
        List<NewStore.IdempotencyRecord> records = new ArrayList<>(keys);
        writes.stream().map(OrderWrite::idempotency).filter(Objects::nonNull).forEach(records::add);
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO HUB_IDEMPOTENCY (IDEMPOTENCY_KEY,"
                + " REQUEST_HASH, ORDER_ID) VALUES (?, ?, ?)")) {
            for (NewStore.IdempotencyRecord r : records) {
                ps.setString(1, r.key());
                ps.setString(2, r.requestHash());
                ps.setString(3, r.orderId().toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<Ref> findByChannelKey(CanonicalOrder.ChannelKey key) throws SQLException {
        String source = mapping.code("channel", key.channel());
        if (source == null) {
            return Optional.empty();
        }
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT HUB_ORDER_ID, ORDER_NO, VERSION_NO FROM "
                    + mapping.header().name() + " WHERE SOURCE_CODE = ? AND SHOP_CODE = ? AND EXT_ORDER_NO = ?")) {
                ps.setString(1, source);
                ps.setString(2, key.shopId());
                ps.setString(3, key.channelOrderId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Ref(rs.getString(1), rs.getString(2), rs.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** The order as the legacy schema holds it, mapped back to canonical form. */
    public Optional<CanonicalOrder> findByHubId(String hubOrderId) throws SQLException {
        return find(" WHERE HUB_ORDER_ID = ?", hubOrderId);
    }

    public Optional<CanonicalOrder> findByLegacyOrderNo(String orderNo) throws SQLException {
        return find(" WHERE ORDER_NO = ?", orderNo);
    }

    private Optional<CanonicalOrder> find(String where, String value) throws SQLException {
        Optional<LegacyRow> row = findRow(where, value);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> head = row.get().head();
        long version = ((Number) head.get("VERSION_NO")).longValue();
        return Optional.of(mapping.toCanonical(head, row.get().lines(), (String) head.get("ORDER_NO"), version));
    }

    /** An order exactly as the legacy tables hold it: header columns and detail rows, by column name. */
    public record LegacyRow(Map<String, Object> head, List<Map<String, Object>> lines) {
    }

    public Optional<LegacyRow> findRowByLegacyOrderNo(String orderNo) throws SQLException {
        return findRow(" WHERE ORDER_NO = ?", orderNo);
    }

    /**
     * The legacy CRM's own status change: status code, business time, the shipped or finished time,
     * version and row time, in one statement; false if there is no such order.
     */
    public boolean updateStatus(String orderNo, String statusCode, LocalDateTime at, String timeColumn)
            throws SQLException {
        String extra = timeColumn == null ? "" : ", " + timeColumn + " = ?";
        if (timeColumn != null && !timeColumn.matches("[A-Z_]+")) {
            throw new IllegalArgumentException("not a column: " + timeColumn);
        }
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + mapping.header().name()
                    + " SET ORDER_STATUS = ?, PLAT_MODIFY_TIME = ?, VERSION_NO = VERSION_NO + 1, UPDATE_TIME = ?"
                    + extra + " WHERE ORDER_NO = ?")) {
                int i = 1;
                ps.setString(i++, statusCode);
                ps.setObject(i++, at);
                ps.setObject(i++, LocalDateTime.now(mapping.zone()));
                if (timeColumn != null) {
                    ps.setObject(i++, at);
                }
                ps.setString(i, orderNo);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private Optional<LegacyRow> findRow(String where, String value) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            Map<String, Object> head;
            try (PreparedStatement ps = c.prepareStatement(selectHeader + where)) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    head = row(rs);
                }
            }
            String orderNo = (String) head.get("ORDER_NO");
            List<Map<String, Object>> lines = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(selectDetail)) {
                ps.setString(1, orderNo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(row(rs));
                    }
                }
            }
            return Optional.of(new LegacyRow(head, lines));
        });
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Timestamp t) {
                v = t.toLocalDateTime();
            }
            row.put(md.getColumnLabel(i).toUpperCase(java.util.Locale.ROOT), v);
        }
        return row;
    }

    /** A member as the legacy CRM knows it. */
    public record Member(String cardNo, String unionId, String name, String mobile, String levelCode, int points,
                         String regionCode) {
    }

    /** A member by card number, or else by mobile (the first one registered with it). */
    public Optional<Member> findMember(String cardNo, String mobile) throws SQLException {
        String where = cardNo != null ? "CARD_NO = ?" : "MOBILE = ?";
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE,"
                    + " POINTS, REGION_CODE FROM " + mapping.member().name() + " WHERE " + where + " ORDER BY MEMBER_ID LIMIT 1")) {
                ps.setString(1, cardNo != null ? cardNo : mobile);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getInt(6), rs.getString(7)))
                            : Optional.empty();
                }
            }
        });
    }

    /** One page of legacy order numbers changed at or after {@code since}, oldest change first, and the total. */
    public record ChangedPage(long total, List<String> orderNos) {
    }

    public ChangedPage findChangedSince(LocalDateTime since, int offset, int limit) throws SQLException {
        return Jdbc.withConnection(ds, c -> changedSince(c, mapping, since, offset, limit));
    }

    /** The changed-since page query, in the caller's connection (the order reader reads the orders in it too). */
    static ChangedPage changedSince(Connection c, LegacyMapping mapping, LocalDateTime since, int offset, int limit)
            throws SQLException {
        String table = mapping.header().name();
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE UPDATE_TIME >= ?")) {
            ps.setObject(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<String> nos = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ORDER_NO FROM " + table
                + " WHERE UPDATE_TIME >= ? ORDER BY UPDATE_TIME, ORDER_NO LIMIT ? OFFSET ?")) {
            ps.setObject(1, since);
            ps.setInt(2, limit);
            ps.setInt(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nos.add(rs.getString(1));
                }
            }
        }
        return new ChangedPage(total, nos);
    }

    /** Row counts of the legacy order tables, for operators and tests. */
    public long countOrders() throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + mapping.header().name());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
