package io.orderhub.stores;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the new store's monthly partitions of {@code orders} and {@code order_items}, on the
 * hub's own schedule only (start-up and the partition-maintenance route): a request never runs
 * DDL. An order of a month without a partition lands in the DEFAULT partition (migration V3_1);
 * when its month's partition is created later, such rows are moved into it in the same
 * transaction.
 */
public class PartitionMaintainer {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintainer.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("'y'yyyy'm'MM");
    private static final String[] TABLES = {"orders", "order_items"};
    /** PostgreSQL: rows in the default partition belong to the partition being created. */
    private static final String DEFAULT_HOLDS_ROWS = "23514";

    private final DataSource ds;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    public PartitionMaintainer(DataSource ds) {
        this.ds = ds;
    }

    /** Ensures partitions from {@code behind} months ago to {@code ahead} months from now; returns how many were checked. */
    public int ensureAround(YearMonth now, int behind, int ahead) throws SQLException {
        int n = 0;
        for (YearMonth m = now.minusMonths(behind); !m.isAfter(now.plusMonths(ahead)); m = m.plusMonths(1)) {
            ensure(m);
            n++;
        }
        return n;
    }

    public void ensure(YearMonth month) throws SQLException {
        if (known.contains(month)) {
            return;
        }
        for (String table : TABLES) {
            try {
                create(table, month);
            } catch (SQLException e) {
                if (!DEFAULT_HOLDS_ROWS.equals(e.getSQLState())) {
                    throw e;
                }
                moveOutOfDefault(table, month);
            }
        }
        known.add(month);
        LOG.debug("partitions for {} present", month);
    }

    private void create(String table, YearMonth month) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(createSql(table, month));
        } catch (SQLException e) {
            // another instance created it between our check and our CREATE
            if (!"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /**
     * Creates the month's partition while the default partition holds rows of that month: detach
     * the default, create the month, move its rows over, attach the default again, all in one
     * transaction (the detach locks the parent table, so writers wait instead of failing).
     */
    private void moveOutOfDefault(String table, YearMonth month) throws SQLException {
        String defaultPartition = table + "_default";
        Jdbc.inTransaction(ds, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + table + " DETACH PARTITION " + defaultPartition);
                st.execute(createSql(table, month));
            }
            int moved;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " SELECT * FROM " + defaultPartition
                    + " WHERE created_at >= ? AND created_at < ?")) {
                bindMonth(ps, month);
                moved = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + defaultPartition
                    + " WHERE created_at >= ? AND created_at < ?")) {
                bindMonth(ps, month);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + table + " ATTACH PARTITION " + defaultPartition + " DEFAULT");
            }
            LOG.info("partition {}_{} created; {} rows moved into it from {}", table, SUFFIX.format(month), moved,
                    defaultPartition);
            return moved;
        });
    }

    // table names are constants and bounds derive from a YearMonth, never from caller input
    private static String createSql(String table, YearMonth month) {
        return "CREATE TABLE IF NOT EXISTS " + table + "_" + SUFFIX.format(month) + " PARTITION OF " + table
                + " FOR VALUES FROM ('" + month.atDay(1) + " 00:00:00+00') TO ('" + month.plusMonths(1).atDay(1)
                + " 00:00:00+00')";
    }

    private static void bindMonth(PreparedStatement ps, YearMonth month) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        ps.setTimestamp(2, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
    }
}
