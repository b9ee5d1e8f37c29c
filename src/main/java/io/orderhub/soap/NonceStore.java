package io.orderhub.soap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The WS-Security nonces accepted by any hub instance, in the new store's ws_security_nonces
 * (V5 migration): one row per user and nonce until it expires. Shared by every instance (a replay to
 * a second instance is refused) and bounded (rows past their expiry are purged, at most every
 * purge interval, by whichever instance records a nonce).
 */
public class NonceStore {

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration purgeEvery;
    private final AtomicLong nextPurge = new AtomicLong();

    public NonceStore(DataSource dataSource, Clock clock, Duration purgeEvery) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.purgeEvery = purgeEvery;
    }

    /**
     * Records the nonce; true when no instance has recorded it before (or its earlier use expired),
     * false for a replay. Atomic across instances: the primary key decides between two racing calls.
     */
    public boolean firstUse(String user, String nonce, Instant expiresAt) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            purgeIfDue(c, now);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ws_security_nonces (nonce_key, expires_at) VALUES (?, ?) "
                            + "ON CONFLICT (nonce_key) DO UPDATE SET expires_at = EXCLUDED.expires_at "
                            + "WHERE ws_security_nonces.expires_at < ?")) {
                ps.setString(1, key(user, nonce));
                ps.setTimestamp(2, Timestamp.from(expiresAt));
                ps.setTimestamp(3, Timestamp.from(now));
                return ps.executeUpdate() == 1;
            }
        }
    }

    /** Deletes the expired rows now; the number deleted. */
    public int purge() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return delete(c, clock.instant());
        }
    }

    private void purgeIfDue(Connection c, Instant now) throws SQLException {
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due && nextPurge.compareAndSet(due, now.plus(purgeEvery).toEpochMilli())) {
            delete(c, now);
        }
    }

    private static int delete(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ws_security_nonces WHERE expires_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            return ps.executeUpdate();
        }
    }

    static String key(String user, String nonce) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(nonce.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
