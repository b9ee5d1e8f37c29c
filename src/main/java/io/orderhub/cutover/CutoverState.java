package io.orderhub.cutover;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The rules in force on this instance. One decider (rules + version) is held in a volatile field and
 * replaced whole, so a request sees one version from start to end. A daemon thread keeps it current:
 * it LISTENs on {@link CutoverRules#CHANNEL} on a connection of its own (not the pool's: a pooled
 * connection would be handed to others while it listens) and, woken by a notification or after
 * {@code checkMs} at the latest, compares the stored version with its own: the version check is the
 * fallback for a notification missed while reconnecting. A broken connection is opened again.
 */
public class CutoverState implements HealthIndicator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CutoverState.class);

    /** Where to open the listening connection (the new store's URL and credentials). */
    public record Listen(String url, String user, String password) {
    }

    private final CutoverRules rules;
    private final RuleSet seed;
    private final String seedSource;
    private final Listen listen;
    private final long checkMs;
    private final MeterRegistry meters;
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object versionChanged = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile CohortDecider decider;
    private volatile Instant inForceSince;
    private volatile String lastError;
    private volatile Connection listening;

    public CutoverState(CutoverRules rules, RuleSet seed, String seedSource, Listen listen, long checkMs,
                        MeterRegistry meters) {
        this.rules = rules;
        this.seed = seed;
        this.seedSource = seedSource;
        this.listen = listen;
        this.checkMs = Math.max(10, checkMs);
        this.meters = meters;
        Gauge.builder("orderhub.cutover.rules.version", this, s -> {
                    CohortDecider d = s.decider;
                    return d == null ? 0 : d.version();
                })
                .description("The cutover rules version in force on this instance (0: not loaded yet)")
                .register(meters);
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            lastError = e.getMessage();
            LOG.warn("cutover rules not loaded yet ({}); retrying", e.getMessage());
        }
        thread = new Thread(this::listen, "cutover-rules-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** The decider in force; refused (503) until the rules have been read once from the store. */
    public CohortDecider decider() {
        CohortDecider d = decider;
        if (d == null) {
            throw new CutoverUnavailableException("the cutover rules have not been read from the new store yet"
                    + (lastError == null ? "" : ": " + lastError));
        }
        return d;
    }

    /**
     * The cohort and phases of one request under the rules in force, counted in
     * {@code orderhub.cutover.decisions} (tags cohort, entity, phase: one count per entity).
     */
    public Decision decide(RequestFacts facts) {
        return count(decider().decide(facts));
    }

    /** Counts a decision made on {@link #decider()} as {@link #decide} does (the write gate decides first). */
    public Decision count(Decision d) {
        for (Map.Entry<Entity, Phase> e : d.phases().entrySet()) {
            String key = d.cohort() + '\u0000' + e.getKey() + '\u0000' + e.getValue();
            decisions.computeIfAbsent(key, k -> Counter.builder("orderhub.cutover.decisions")
                    .description("Requests decided by the cutover rules, per cohort and per entity's phase")
                    .tag("cohort", d.cohort())
                    .tag("entity", e.getKey().name())
                    .tag("phase", e.getValue().name())
                    .register(meters)).increment();
        }
        return d;
    }

    /** The version in force here, 0 before the first load. */
    public long version() {
        CohortDecider d = decider;
        return d == null ? 0 : d.version();
    }

    /**
     * Waits until a version newer than {@code version} is in force here, or {@code maxMs} have passed
     * (no spinning: woken when a refresh puts a new version in force). Answers the version in force.
     */
    public long awaitNewerThan(long version, long maxMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        synchronized (versionChanged) {
            while (version() <= version) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                versionChanged.wait(left);
            }
        }
        return version();
    }

    /** When the version in force here came into force on this instance. */
    public Instant inForceSince() {
        return inForceSince;
    }

    /** Reads the stored version and, if it is newer than ours, puts it in force; seeds an empty store. */
    public synchronized void refresh() throws SQLException {
        long stored = rules.currentVersion();
        if (stored == 0) {
            rules.seedIfEmpty(seed, seedSource, "initial rules from " + seedSource).ifPresent(v ->
                    LOG.info("cutover rules seeded from {} as version {}", seedSource, v.version()));
            stored = rules.currentVersion();
        }
        CohortDecider d = decider;
        if (d != null && d.version() >= stored) {
            return;
        }
        CutoverRules.Version v = rules.current().orElseThrow(() -> new SQLException("no cutover rules stored"));
        decider = new CohortDecider(v.version(), v.rules());
        inForceSince = Instant.now();
        synchronized (versionChanged) {
            versionChanged.notifyAll();
        }
        lastError = null;
        LOG.info("cutover rules version {} in force ({} by {}: {})", v.version(),
                v.rollbackOf() == null ? "change" : "rollback to " + v.rollbackOf(), v.author(), v.reason());
    }

    private void listen() {
        boolean warned = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(listen.url(), listen.user(), listen.password())) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CutoverRules.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (warned) {
                    LOG.info("cutover rules listener connected again");
                    warned = false;
                }
                // listening before the check: a change committed in between is seen by one or the other
                while (running) {
                    refresh();
                    // wakes at a notification, else after checkMs for the fallback version check
                    pg.getNotifications((int) checkMs);
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                lastError = e.getMessage();
                if (!warned) {
                    LOG.warn("cutover rules listener: {}; checking the version every {} ms until it reconnects",
                            e.getMessage(), checkMs);
                    warned = true;
                }
            }
            // not listening: the version check alone keeps the rules current, at the same pace
            try {
                refresh();
            } catch (SQLException | RuntimeException e) {
                lastError = e.getMessage();
            }
            try {
                if (stopped.await(checkMs, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public Health health() {
        CohortDecider d = decider;
        Health.Builder b = d == null ? Health.down() : Health.up();
        b.withDetail("version", d == null ? 0 : d.version());
        if (inForceSince != null) {
            b.withDetail("inForceSince", inForceSince.toString());
        }
        if (lastError != null) {
            b.withDetail("lastError", lastError);
        }
        return b.build();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        stopped.countDown();
        // a thread blocked in getNotifications wakes when its connection is aborted (JDBC's way to end a
        // connection from another thread without waiting for the one using it)
        Connection c = listening;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.debug("closing the cutover listener connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        thread.join(2_000);
    }
}
