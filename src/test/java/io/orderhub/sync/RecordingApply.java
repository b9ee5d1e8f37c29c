package io.orderhub.sync;

import io.orderhub.cutover.Store;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A stand-in for the integrator's SecondaryApply: records what each call gets, in order, as one
 * all-or-nothing transaction (a poisoned change fails the whole call, nothing recorded), versioned like
 * the real upserts (a version not newer than the stored one is skipped). A cohort can be held at a gate
 * (a batch mid-apply).
 */
final class RecordingApply implements SecondaryApply {

    record Got(Store target, SyncChange change) {
    }

    final List<Got> applied = new ArrayList<>();
    final Map<String, Long> stored = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> failedCalls = new ConcurrentHashMap<>();
    volatile Predicate<SyncChange> poison = c -> false;
    volatile String gatedCohort;
    volatile CountDownLatch gate = new CountDownLatch(0);
    final List<Integer> gatedBatchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Applied apply(Store target, List<SyncChange> changes) throws SQLException {
        for (SyncChange c : changes) {
            if (poison.test(c)) {
                failedCalls.computeIfAbsent(c.aggregateId(), k -> new AtomicInteger()).incrementAndGet();
                throw new SQLException("value too long for column: change " + c.aggregateId() + " v" + c.version());
            }
        }
        if (gatedCohort != null && changes.stream().anyMatch(c -> gatedCohort.equals(c.cohort()))) {
            gatedBatchSizes.add(changes.size());
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new SQLException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted");
            }
        }
        int applied = 0;
        int skipped = 0;
        synchronized (this) {
            for (SyncChange c : changes) {
                this.applied.add(new Got(target, c));
                String key = target + "/" + c.entity() + "/" + c.aggregateId();
                Long have = stored.get(key);
                if (have != null && have >= c.version()) {
                    skipped++;
                } else {
                    stored.put(key, c.version());
                    applied++;
                }
            }
        }
        return new Applied(applied, skipped);
    }

    synchronized List<Got> of(String cohort) {
        return applied.stream().filter(g -> g.change().cohort().equals(cohort)).toList();
    }
}
