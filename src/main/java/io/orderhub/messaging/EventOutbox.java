package io.orderhub.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One store's table of order events (the same payload in both, {@code io.orderhub.intake.OrderEvents}):
 * the new store's {@code outbox} (PostgreSQL) or the old store's {@code HUB_EVENT_OUTBOX} (MariaDB).
 * The SQL of the two differs only in names and in how a list of ids is bound; the relay does the rest.
 * The event id and the order's version are read from the payload by the database, once, when the
 * rows are locked.
 */
public abstract class EventOutbox {

    /** A locked event: its row id, order id, type, payload, event id and the order's version (null: none). */
    public record Event(long id, String orderId, String type, String payload, String eventId, Long version) {
    }

    /**
     * What an outbox still holds of one order, seen without locks (rows other relays hold locked
     * count too): its first row id and its lowest event version (null: no event with a version).
     */
    public record Pending(long firstId, Long lowestVersion) {
    }

    private final String name;
    private final DataSource ds;

    protected EventOutbox(String name, DataSource ds) {
        this.name = name;
        this.ds = ds;
    }

    /** The new store's {@code outbox} (PostgreSQL). */
    public static EventOutbox newStore(DataSource ds) {
        return new NewStoreOutbox(ds);
    }

    /** The old store's {@code HUB_EVENT_OUTBOX} (MariaDB). */
    public static EventOutbox oldStore(DataSource ds) {
        return new OldStoreOutbox(ds);
    }

    /** {@code new} or {@code old}: the store, in logs and metric tags. */
    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return ds;
    }

    /** Locks up to {@code limit} events in row order, skipping rows another relay holds. */
    public abstract List<Event> lock(Connection c, int limit) throws SQLException;

    /** Deletes the given rows (in the locking transaction). */
    public abstract void delete(Connection c, Collection<Long> ids) throws SQLException;

    /** What the outbox holds of each of the given orders, by order id (orders with no rows absent). */
    public abstract Map<String, Pending> pending(Connection c, Collection<String> orderIds) throws SQLException;

    /** The number of events waiting. */
    public abstract long count(Connection c) throws SQLException;

    /** {@link #pending(Connection, Collection)} on a connection of its own (a fresh snapshot per call). */
    public Map<String, Pending> pending(Collection<String> orderIds) throws SQLException {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            return pending(c, orderIds);
        }
    }

    /** The number of events waiting (a health and metrics figure). */
    public long backlog() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return count(c);
        }
    }

    static Long version(String text) {
        return text == null || text.isBlank() || "null".equals(text) ? null : Long.valueOf(text.trim());
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static Map<String, Pending> readPending(PreparedStatement ps) throws SQLException {
        Map<String, Pending> out = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long v = rs.getLong(3);
                out.put(rs.getString(1), new Pending(rs.getLong(2), rs.wasNull() ? null : v));
            }
        }
        return out;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final class NewStoreOutbox extends EventOutbox {

        NewStoreOutbox(DataSource ds) {
            super("new", ds);
        }

        @Override
        public List<Event> lock(Connection c, int limit) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, aggregate_id::text, event_type, payload::text,"
                    + " payload->>'eventId', payload->>'version'"
                    + " FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Event> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), version(rs.getString(6))));
                    }
                    return rows;
                }
            }
        }

        @Override
        public void delete(Connection c, Collection<Long> ids) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray(Long[]::new)));
                ps.executeUpdate();
            }
        }

        @Override
        public Map<String, Pending> pending(Connection c, Collection<String> orderIds) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT aggregate_id::text, min(id),"
                    + " min((payload->>'version')::bigint) FROM outbox WHERE aggregate_id = ANY (?) GROUP BY aggregate_id")) {
                ps.setArray(1, c.createArrayOf("uuid", orderIds.stream().map(UUID::fromString).toArray(UUID[]::new)));
                return readPending(ps);
            }
        }

        @Override
        public long count(Connection c) throws SQLException {
            return single(c, "SELECT count(*) FROM outbox");
        }
    }

    private static final class OldStoreOutbox extends EventOutbox {

        OldStoreOutbox(DataSource ds) {
            super("old", ds);
        }

        @Override
        public List<Event> lock(Connection c, int limit) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, AGGREGATE_ID, EVENT_TYPE, PAYLOAD,"
                    + " JSON_VALUE(PAYLOAD, '$.eventId'), JSON_VALUE(PAYLOAD, '$.version')"
                    + " FROM HUB_EVENT_OUTBOX ORDER BY ID LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Event> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), version(rs.getString(6))));
                    }
                    return rows;
                }
            }
        }

        @Override
        public void delete(Connection c, Collection<Long> ids) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM HUB_EVENT_OUTBOX WHERE ID IN (" + marks(ids.size()) + ")")) {
                int i = 1;
                for (Long id : ids) {
                    ps.setLong(i++, id);
                }
                ps.executeUpdate();
            }
        }

        @Override
        public Map<String, Pending> pending(Connection c, Collection<String> orderIds) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT AGGREGATE_ID, MIN(ID),"
                    + " MIN(CAST(JSON_VALUE(PAYLOAD, '$.version') AS SIGNED)) FROM HUB_EVENT_OUTBOX"
                    + " WHERE AGGREGATE_ID IN (" + marks(orderIds.size()) + ") GROUP BY AGGREGATE_ID")) {
                int i = 1;
                for (String id : orderIds) {
                    ps.setString(i++, id);
                }
                return readPending(ps);
            }
        }

        @Override
        public long count(Connection c) throws SQLException {
            return single(c, "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX");
        }
    }
}
