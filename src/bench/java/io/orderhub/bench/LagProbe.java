package io.orderhub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * Secondary lag seen from outside: every n-th accepted order is looked for in the secondary store
 * every {@link #POLL_MS} ms; its lag is the time from its 201 at the load generator to the first
 * poll that finds it (so an upper bound, at most one poll interval plus the query above the truth,
 * and it starts at the 201, not at the authoritative commit a little before it).
 */
final class LagProbe implements AutoCloseable {

    static final long POLL_MS = 20;

    private record Pending(String id, long acceptedNanos) {
    }

    private final DataSource secondary;
    private final boolean oldStore;
    private final int sampleEvery;
    private final AtomicLong seen = new AtomicLong();
    private final ConcurrentLinkedQueue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final Histogram lagMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Thread poller;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile int unresolved;

    /** @param oldStore true when the secondary is the old store (LIVE), false for the new store (DUAL_WRITE) */
    LagProbe(DataSource secondary, boolean oldStore, int sampleEvery) {
        this.secondary = secondary;
        this.oldStore = oldStore;
        this.sampleEvery = sampleEvery;
        this.poller = new Thread(this::poll, "lag-probe");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    void accepted(String id, long nanos) {
        if (seen.incrementAndGet() % sampleEvery == 0) {
            incoming.add(new Pending(id, nanos));
        }
    }

    private void poll() {
        Map<String, Long> pending = new HashMap<>();
        try {
            while (true) {
                for (Pending p; (p = incoming.poll()) != null; ) {
                    pending.put(p.id(), p.acceptedNanos());
                }
                if (stopping && pending.isEmpty()) {
                    break;
                }
                if (!pending.isEmpty()) {
                    List<String> ids = new ArrayList<>(pending.keySet());
                    for (int from = 0; from < ids.size(); from += 500) {
                        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                        for (String found : present(chunk)) {
                            long at = System.nanoTime();
                            Long accepted = pending.remove(found);
                            if (accepted != null) {
                                lagMicros.recordValue(Math.max(1, Math.min(lagMicros.getHighestTrackableValue(),
                                        (at - accepted) / 1000)));
                            }
                        }
                    }
                }
                unresolved = pending.size();
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException stop) {
            unresolved = pending.size();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private List<String> present(List<String> ids) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = secondary.getConnection()) {
            PreparedStatement ps;
            if (oldStore) {
                ps = c.prepareStatement("SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID IN ("
                        + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")");
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 1, ids.get(i));
                }
            } else {
                ps = c.prepareStatement("SELECT order_id::text FROM orders WHERE order_id = ANY(?)");
                ps.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            }
            try (ps; ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** Waits up to {@code seconds} for the samples still missing, then stops polling. */
    Histogram finish(long seconds) throws InterruptedException {
        stopping = true;
        poller.join(TimeUnit.SECONDS.toMillis(seconds));
        poller.interrupt();
        poller.join(5000);
        if (failure != null) {
            throw new IllegalStateException("lag probe failed", failure);
        }
        return lagMicros;
    }

    /** Sampled orders never found in the secondary store. */
    int unresolved() {
        return unresolved;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        poller.interrupt();
        poller.join(5000);
    }
}
