package io.orderhub.stores;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the new store's monthly partitions of {@code orders} and {@code order_items}: ahead of
 * time on a schedule, and on demand when an older order arrives (backfill, late channels).
 */
public class PartitionMaintainer {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintainer.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("'y'yyyy'm'MM");

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
        // partition bounds are derived from a YearMonth, never from caller input
        String from = month.atDay(1) + " 00:00:00+00";
        String to = month.plusMonths(1).atDay(1) + " 00:00:00+00";
        String suffix = SUFFIX.format(month);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String table : new String[] {"orders", "order_items"}) {
                try {
                    st.execute("CREATE TABLE IF NOT EXISTS " + table + "_" + suffix + " PARTITION OF " + table
                            + " FOR VALUES FROM ('" + from + "') TO ('" + to + "')");
                } catch (SQLException e) {
                    // another instance created it between our check and our CREATE
                    if (!"42P07".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
        known.add(month);
        LOG.debug("partitions for {} present", month);
    }
}
