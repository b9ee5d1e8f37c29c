package io.orderhub.cutover;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write gate: decides each write on the rules in force ({@link CutoverState}); while the decided
 * cohort holds the write's entity (a switch of authority is in progress) the write waits, re-deciding
 * each time a new version comes into force (woken by the state, no spinning), for at most
 * {@code holdMaxMs}; then it is refused with {@link CutoverUnavailableException} (503 + Retry-After).
 *
 * <p>Admitted writes are counted per cohort and entity until closed. {@link #snapshot()} answers the
 * version in force with the count of admitted writes of the cohorts that version holds, taken under
 * the same lock admissions decide under: a write admitted before the snapshot is counted, a write
 * decided after it sees that version or a newer one — so once every instance reports the holding
 * version with nothing in flight, no write of the held cohort is under way anywhere.
 */
public class HeldWrites implements WriteGate {

    /** The version in force and the writes in flight for the cohorts it holds, seen at once. */
    public record Snapshot(long version, int inFlightHeld) {
    }

    private record Key(String cohort, Entity entity) {
    }

    private final CutoverState state;
    private final long holdMaxMs;
    private final Object lock = new Object();
    private final Map<Key, Integer> inFlight = new HashMap<>();

    public HeldWrites(CutoverState state, long holdMaxMs) {
        this.state = state;
        this.holdMaxMs = Math.max(0, holdMaxMs);
    }

    @Override
    public Admission admit(RequestFacts facts, Entity entity) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMaxMs);
        while (true) {
            long seen;
            String cohort;
            synchronized (lock) {
                CohortDecider decider = state.decider();
                Decision d = decider.decide(facts);
                boolean held = decider.rules().cohort(d.cohort()).map(c -> c.held(entity)).orElse(false);
                if (!held) {
                    Key key = new Key(d.cohort(), entity);
                    inFlight.merge(key, 1, Integer::sum);
                    state.count(d);
                    return new Admitted(d, key);
                }
                seen = decider.version();
                cohort = d.cohort();
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new CutoverUnavailableException("writes of " + entity + " for cohort " + cohort
                        + " are held for a switch of authority (rules version " + seen + "); retry shortly");
            }
            try {
                // woken by the next version; the cap re-decides now and then should a wake-up be missed
                state.awaitNewerThan(seen, Math.min(left, 250));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CutoverUnavailableException("interrupted while writes of cohort " + cohort + " are held");
            }
        }
    }

    /** The version in force and how many admitted writes of cohorts it holds are still open. */
    public Snapshot snapshot() {
        synchronized (lock) {
            CohortDecider d = state.decider();
            int n = 0;
            for (Map.Entry<Key, Integer> e : inFlight.entrySet()) {
                if (d.rules().cohort(e.getKey().cohort()).map(c -> c.held(e.getKey().entity())).orElse(false)) {
                    n += e.getValue();
                }
            }
            return new Snapshot(d.version(), n);
        }
    }

    /** Open admissions of one cohort's entity on this instance. */
    public int inFlight(String cohort, Entity entity) {
        synchronized (lock) {
            return inFlight.getOrDefault(new Key(cohort, entity), 0);
        }
    }

    private final class Admitted implements Admission {
        private final Decision decision;
        private final Key key;
        private final AtomicBoolean closed = new AtomicBoolean();

        Admitted(Decision decision, Key key) {
            this.decision = decision;
            this.key = key;
        }

        @Override
        public Decision decision() {
            return decision;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                synchronized (lock) {
                    inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        }
    }
}
