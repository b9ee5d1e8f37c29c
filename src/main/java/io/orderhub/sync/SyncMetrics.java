package io.orderhub.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orderhub.cutover.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secondary sync's meters (on /actuator/prometheus): backlog and age of the oldest unapplied change
 * per target store (read when scraped), changes applied or skipped per cohort/entity/target, failed
 * apply calls, dead letters, commit-to-applied lag (p50, p99) and batch sizes.
 */
public class SyncMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SyncMetrics.class);

    private final MeterRegistry registry;
    private final Map<Store, Counter> failures = new EnumMap<>(Store.class);
    private final Map<Store, Counter> deadLetters = new EnumMap<>(Store.class);
    private final Map<Store, Timer> lag = new EnumMap<>(Store.class);
    private final Map<Store, DistributionSummary> batchSize = new EnumMap<>(Store.class);

    public SyncMetrics(MeterRegistry registry, StoreSyncBacklog backlog) {
        this.registry = registry;
        for (Store target : Store.values()) {
            String t = target.name();
            Gauge.builder("orderhub.sync.backlog", backlog, b -> safely(() -> (double) b.ofTarget(target).pending()))
                    .description("Secondary changes for this store not yet applied (sync outbox + queue, in delivery too)")
                    .tag("target", t).register(registry);
            Gauge.builder("orderhub.sync.oldest.seconds", backlog, b -> safely(() -> b.ofTarget(target).oldest()
                            .map(d -> d.toMillis() / 1000.0).orElse(0.0)))
                    .description("Age of the oldest secondary change for this store not yet applied (0: none)")
                    .tag("target", t).register(registry);
            failures.put(target, Counter.builder("orderhub.sync.failures")
                    .description("Apply calls that failed (a batch, or one change after a batch failed)")
                    .tag("target", t).register(registry));
            deadLetters.put(target, Counter.builder("orderhub.sync.dead.letters")
                    .description("Changes sent to the dead-letter queue after their last attempt")
                    .tag("target", t).register(registry));
            lag.put(target, Timer.builder("orderhub.sync.lag")
                    .description("From the authoritative commit to the change applied (or skipped) in this store")
                    .publishPercentiles(0.5, 0.99)
                    .tag("target", t).register(registry));
            batchSize.put(target, DistributionSummary.builder("orderhub.sync.batch.size")
                    .description("Changes taken from the queue per consumer transaction")
                    .tag("target", t).register(registry));
        }
    }

    private interface Reading {
        double get() throws Exception;
    }

    private static double safely(Reading r) {
        try {
            return r.get();
        } catch (Exception e) {
            LOG.debug("sync backlog not readable: {}", e.toString());
            return Double.NaN;
        }
    }

    void applied(String cohort, String entity, Store target, SecondaryApply.Applied a) {
        if (a.applied() > 0) {
            outcome(cohort, entity, target, "applied").increment(a.applied());
        }
        if (a.skipped() > 0) {
            outcome(cohort, entity, target, "skipped").increment(a.skipped());
        }
    }

    private Counter outcome(String cohort, String entity, Store target, String outcome) {
        return Counter.builder("orderhub.sync.applied")
                .description("Secondary changes applied, or skipped as already applied or older")
                .tag("cohort", cohort).tag("entity", entity).tag("target", target.name()).tag("outcome", outcome)
                .register(registry);
    }

    void lag(Store target, Instant committedAt) {
        Duration d = Duration.between(committedAt, Instant.now());
        lag.get(target).record(d.isNegative() ? Duration.ZERO : d);
    }

    void failure(Store target) {
        failures.get(target).increment();
    }

    void deadLetter(Store target) {
        deadLetters.get(target).increment();
    }

    void batch(Store target, int size) {
        batchSize.get(target).record(size);
    }
}
