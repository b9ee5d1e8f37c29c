package io.orderhub.stores;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC in one transaction, with parameters always bound, never spliced into SQL. The stores use
 * all of it; the hub's own tables elsewhere (cutover rules, mismatches) take their transactions here.
 */
public final class Jdbc {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {
    }

    public static <T> T inTransaction(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A unique key refused the row (PostgreSQL 23505, MariaDB 1062). */
    public static boolean uniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("23505".equals(s.getSQLState()) || s.getErrorCode() == 1062
                    || t instanceof java.sql.SQLIntegrityConstraintViolationException && s.getErrorCode() != 1452)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure that trying the same transaction again can cure: a unique key taken concurrently, a
     * stale version, a deadlock or serialisation failure, a lock wait that timed out.
     */
    public static boolean retryable(SQLException e) {
        if (e instanceof StaleWriteException || uniqueViolation(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                    || s.getErrorCode() == 1213 || s.getErrorCode() == 1205)) {
                return true;
            }
        }
        return false;
    }

    /** The store could not be reached or the connection broke (SQLState class 08, pool time-outs). */
    public static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    static <T> T withConnection(DataSource ds, Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        }
    }

    static void bind(PreparedStatement ps, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(ps, i + 1, values.get(i));
        }
    }

    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Instant t) {
            ps.setTimestamp(index, Timestamp.from(t));
        } else {
            ps.setObject(index, value);
        }
    }

    static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
