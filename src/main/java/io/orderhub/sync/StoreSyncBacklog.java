package io.orderhub.sync;

import io.orderhub.config.HubProperties;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The secondary backlog: rows in both sync outboxes, plus messages on both sync queues, counting those
 * waiting for a redelivery and those in delivery or in an open consumer transaction (see
 * {@link QueueInspector}), so a batch mid-apply keeps its cohort's backlog above 0 until it commits.
 * Messages the broker holds but could not attribute to a cohort count for every cohort (the drain waits
 * a moment longer rather than switching early). Dead letters are the dead-letter queue's messages.
 */
public class StoreSyncBacklog implements SyncBacklog {

    /** A cohort's entity (the order of the admin report). */
    public record Key(String cohort, String entity) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = String.valueOf(cohort).compareTo(String.valueOf(o.cohort));
            return c != 0 ? c : String.valueOf(entity).compareTo(String.valueOf(o.entity));
        }
    }

    /** A count in progress. */
    static final class Tally {
        long pending;
        long dead;
        long oldestMs = Long.MAX_VALUE;

        void pending(long n, Long committedAt) {
            pending += n;
            if (committedAt != null && committedAt < oldestMs) {
                oldestMs = committedAt;
            }
        }

        void add(Tally t) {
            pending(t.pending, t.oldestMs == Long.MAX_VALUE ? null : t.oldestMs);
            dead += t.dead;
        }

        Backlog backlog(Instant now) {
            Optional<Duration> oldest = pending == 0 || oldestMs == Long.MAX_VALUE ? Optional.empty()
                    : Optional.of(max0(Duration.between(Instant.ofEpochMilli(oldestMs), now)));
            return new Backlog(pending, dead, oldest);
        }

        private static Duration max0(Duration d) {
            return d.isNegative() ? Duration.ZERO : d;
        }
    }

    /** Per cohort/entity, and what could not be attributed to one. */
    /**
     * The backlog per cohort/entity and in total. {@code unreadable}: the outboxes that could not be
     * read (a store down), by the store they feed, with the reason — their changes are not counted.
     */
    public record Report(Map<Key, Backlog> byCohort, Backlog total, long unattributed, Map<Store, String> unreadable) {
    }

    private final Map<Store, DataSource> sources = new EnumMap<>(Store.class);
    private final QueueInspector inspector;
    private final HubProperties.Sync settings;

    public StoreSyncBacklog(DataSource newStore, DataSource oldStore, QueueInspector inspector, HubProperties.Sync settings) {
        sources.put(Store.NEW, newStore);
        sources.put(Store.OLD, oldStore);
        this.inspector = inspector;
        this.settings = settings;
    }

    @Override
    public Backlog of(String cohort, Entity entity) {
        Key key = new Key(cohort, entity.name());
        Counted c = count(key::equals, Store.values(), true, false);
        Tally t = c.byKey.getOrDefault(key, new Tally());
        t.pending += c.unattributed;
        return t.backlog(Instant.now());
    }

    @Override
    public Backlog total() {
        return report(false).total();
    }

    /**
     * Everything, per cohort/entity and in total, for operators: an outbox whose store is down is named
     * unreadable instead of failing the report (the queue and the other store still answer). A drain
     * uses {@link #of}, which fails instead: it must never read a store it cannot see as empty.
     */
    public Report report() {
        return report(true);
    }

    private Report report(boolean tolerant) {
        Counted c = count(k -> true, Store.values(), true, tolerant);
        Instant now = Instant.now();
        Map<Key, Backlog> by = new TreeMap<>();
        Tally total = new Tally();
        c.byKey.forEach((k, t) -> {
            by.put(k, t.backlog(now));
            total.add(t);
        });
        total.pending += c.unattributed;
        return new Report(by, total.backlog(now), c.unattributed, c.unreadable);
    }

    /** Pending changes for one target store (its source's outbox and its queue); no dead letters. */
    public Backlog ofTarget(Store target) {
        Counted c = count(k -> true, new Store[] {target}, false, false);
        Tally total = new Tally();
        c.byKey.values().forEach(total::add);
        total.pending += c.unattributed;
        return total.backlog(Instant.now());
    }

    private record Counted(Map<Key, Tally> byKey, long unattributed, Map<Store, String> unreadable) {
    }

    private Counted count(Predicate<Key> which, Store[] targets, boolean withDead, boolean tolerant) {
        Map<Key, Tally> by = new TreeMap<>();
        Map<Store, String> unreadable = new EnumMap<>(Store.class);
        long unattributed = 0;
        try {
            for (Store target : targets) {
                SyncRelay.Outbox o = SyncRelay.Outbox.towards(target);
                try {
                    outbox(o, which, by);
                } catch (SQLException e) {
                    if (!tolerant) {
                        throw e;
                    }
                    unreadable.put(target, "the outbox towards " + target + " cannot be read: " + e.getMessage());
                }
                unattributed += inspector.scan(SyncMessages.queueFor(settings, target), s -> {
                    Key k = new Key(s.cohort(), s.entity());
                    if (which.test(k)) {
                        by.computeIfAbsent(k, x -> new Tally()).pending(1, s.committedAt());
                    }
                });
            }
            if (withDead) {
                inspector.scan(settings.getDeadLetterQueue(), s -> {
                    Key k = new Key(s.cohort(), s.entity());
                    if (which.test(k)) {
                        by.computeIfAbsent(k, x -> new Tally()).dead++;
                    }
                });
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("sync backlog not readable: " + e.getMessage(), e);
        }
        return new Counted(by, unattributed, unreadable);
    }

    private void outbox(SyncRelay.Outbox o, Predicate<Key> which, Map<Key, Tally> by) throws SQLException {
        try (Connection c = sources.get(o.source).getConnection();
             PreparedStatement ps = c.prepareStatement(o.tally);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Key k = new Key(rs.getString(1), rs.getString(2));
                if (which.test(k)) {
                    long oldest = rs.getLong(4);
                    by.computeIfAbsent(k, x -> new Tally()).pending(rs.getLong(3), rs.wasNull() ? null : oldest);
                }
            }
        }
    }
}
