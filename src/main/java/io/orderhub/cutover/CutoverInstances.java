package io.orderhub.cutover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every instance's heartbeat in {@code cutover_instances} (V13, V14): its id, the rules version it
 * has in force and its open writes of held cohorts ({@link HeldWrites#snapshot()}), upserted every
 * {@code periodMs} (about the rules' version check, 500 ms). Instances silent for {@link #GONE_MS}
 * are taken as gone. The row is deleted when the instance stops, so a switch does not wait for it.
 */
public class CutoverInstances implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CutoverInstances.class);

    /** Silent this long: gone (its heartbeat is not waited for). */
    public static final long GONE_MS = 5_000;

    /** One live instance as last heard. */
    public record Instance(String id, long seenVersion, int inFlight, long silentMs) {
    }

    private final DataSource newStore;
    private final String id;
    private final HeldWrites writes;
    private final ScheduledExecutorService beat;

    public CutoverInstances(DataSource newStore, String id, HeldWrites writes, long periodMs) {
        this.newStore = newStore;
        this.id = id;
        this.writes = writes;
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleWithFixedDelay(this::beatQuietly, 0, Math.max(10, periodMs), TimeUnit.MILLISECONDS);
    }

    public String id() {
        return id;
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cutover heartbeat not written: {}", e.getMessage());
        }
    }

    /** Writes this instance's heartbeat now. */
    public void beat() throws SQLException {
        HeldWrites.Snapshot s = writes.snapshot();
        try (Connection c = newStore.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO cutover_instances (instance_id, seen_version, in_flight,"
                     + " heartbeat_at) VALUES (?, ?, ?, now()) ON CONFLICT (instance_id) DO UPDATE SET"
                     + " seen_version = EXCLUDED.seen_version, in_flight = EXCLUDED.in_flight, heartbeat_at = now()")) {
            ps.setString(1, id);
            ps.setLong(2, s.version());
            ps.setInt(3, s.inFlightHeld());
            ps.executeUpdate();
        }
    }

    /** The instances heard from within {@link #GONE_MS}, by id. */
    public List<Instance> live() throws SQLException {
        try (Connection c = newStore.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT instance_id, seen_version, in_flight,"
                     + " (EXTRACT(EPOCH FROM (now() - heartbeat_at)) * 1000)::bigint AS silent_ms FROM cutover_instances"
                     + " WHERE heartbeat_at > now() - make_interval(secs => ?) ORDER BY instance_id")) {
            ps.setDouble(1, GONE_MS / 1000.0);
            List<Instance> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Instance(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getLong(4)));
                }
            }
            return out;
        }
    }

    @Override
    public void close() throws InterruptedException {
        beat.shutdownNow();
        beat.awaitTermination(2, TimeUnit.SECONDS);
        try (Connection c = newStore.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM cutover_instances WHERE instance_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("cutover heartbeat not removed: {}", e.getMessage());
        }
    }
}
