package io.orderhub.stores;

import io.orderhub.config.HubProperties;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Brings both schemas up to date with their own Flyway migrations and creates the coming months'
 * partitions. A store that is down does not kill start-up: the migration is retried in the
 * background and the hub answers 503 for orders until both stores are ready.
 */
public class StoreSchemas implements HealthIndicator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSchemas.class);

    private final DataSource newStore;
    private final DataSource oldStore;
    private final PartitionMaintainer partitions;
    private final HubProperties props;
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-schemas");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean newReady;
    private volatile boolean oldReady;
    private volatile String lastError;

    public StoreSchemas(DataSource newStore, DataSource oldStore, PartitionMaintainer partitions,
                        HubProperties props) {
        this.newStore = newStore;
        this.oldStore = oldStore;
        this.partitions = partitions;
        this.props = props;
        attempt();
    }

    private void attempt() {
        try {
            if (!newReady) {
                migrate(newStore, "db/newstore");
                partitions.ensureAround(YearMonth.now(ZoneOffset.UTC), props.getPartitions().getMonthsBehind(),
                        props.getPartitions().getMonthsAhead());
                newReady = true;
                LOG.info("new store schema ready");
            }
            if (!oldReady) {
                migrate(oldStore, "db/oldstore");
                oldReady = true;
                LOG.info("old store schema ready");
            }
            lastError = null;
        } catch (RuntimeException | java.sql.SQLException e) {
            lastError = e.getMessage();
            long delay = Math.max(1, props.getNewStore().getRetrySeconds());
            LOG.warn("store not ready ({}); retrying in {} s", e.getMessage(), delay);
            retry.schedule(this::attempt, delay, TimeUnit.SECONDS);
        }
    }

    private static void migrate(DataSource ds, String location) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:" + location)
                .table("orderhub_schema_history")
                .baselineOnMigrate(false)
                .load()
                .migrate();
    }

    /** The scheduled partition job: this month's neighbours, as configured. */
    public int ensurePartitions() throws java.sql.SQLException {
        return partitions.ensureAround(YearMonth.now(ZoneOffset.UTC), props.getPartitions().getMonthsBehind(),
                props.getPartitions().getMonthsAhead());
    }

    public boolean ready() {
        return newReady && oldReady;
    }

    @Override
    public Health health() {
        Health.Builder b = ready() ? Health.up() : Health.down();
        b.withDetail("newStore", newReady ? "migrated" : "pending").withDetail("oldStore", oldReady ? "migrated" : "pending");
        if (lastError != null) {
            b.withDetail("lastError", lastError);
        }
        return b.build();
    }

    @Override
    public void close() {
        retry.shutdownNow();
    }
}
