package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import java.io.IOException;
import io.orderhub.stores.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The rule versions and the journal in the new store (V10__cutover_rules.sql). Writers serialise on
 * a transaction-scoped advisory lock, so versions are gap-free and each diff is against the version
 * it replaced; the NOTIFY in the same transaction reaches the other instances at commit.
 */
public class CutoverRules {

    /** The LISTEN/NOTIFY channel; the payload is the new version number. */
    public static final String CHANNEL = "orderhub_cutover";
    // any constant: serialises rule writers across instances (pg_advisory_xact_lock)
    private static final long LOCK_KEY = 0x0C07_0BE4L;

    private static final String COLUMNS = "version, rules, author, reason, created_at, diff, rollback_of";

    /** One stored version. */
    public record Version(long version, RuleSet rules, JsonNode rulesJson, String author, String reason,
                          Instant createdAt, JsonNode diff, Long rollbackOf) {
    }

    private final DataSource newStore;

    public CutoverRules(DataSource newStore) {
        this.newStore = newStore;
    }

    /** The newest version number, 0 when none is stored yet. */
    public long currentVersion() throws SQLException {
        try (Connection c = newStore.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM cutover_rule_versions");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Optional<Version> current() throws SQLException {
        try (Connection c = newStore.getConnection()) {
            return current(c);
        }
    }

    public Optional<Version> version(long version) throws SQLException {
        try (Connection c = newStore.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cutover_rule_versions WHERE version = ?")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The newest {@code limit} versions, newest first. */
    public List<Version> history(int limit) throws SQLException {
        try (Connection c = newStore.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM cutover_rule_versions ORDER BY version DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<Version> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /** Stores {@code seed} as version 1 if no version exists yet (every instance may try; one wins). */
    public Optional<Version> seedIfEmpty(RuleSet seed, String author, String reason) throws SQLException {
        return write(c -> {
            if (current(c).isPresent()) {
                return Optional.<Version>empty();
            }
            return Optional.of(insert(c, 1, seed, author, reason, null, null, "seed"));
        });
    }

    /**
     * Stores {@code rules} as the next version. With {@code basedOn}, refuses when another change
     * came in since that version ({@link RulesVersionConflictException}).
     */
    public Version change(RuleSet rules, String author, String reason, Long basedOn) throws SQLException {
        return write(c -> {
            Optional<Version> cur = current(c);
            long curVersion = cur.map(Version::version).orElse(0L);
            if (basedOn != null && basedOn != curVersion) {
                throw new RulesVersionConflictException(basedOn, curVersion);
            }
            cur.ifPresent(v -> checkHoldsKept(v.rules(), rules));
            return insert(c, curVersion + 1, rules, author, reason, cur.map(Version::rulesJson).orElse(null), null,
                    "change");
        });
    }

    /**
     * Holds are set and cleared only by the switch: a change must carry the current holds unchanged
     * and must not move the phase of an entity a cohort holds (its switch is in progress).
     */
    static void checkHoldsKept(RuleSet current, RuleSet proposed) {
        List<io.orderhub.canonical.FieldError> bad = new ArrayList<>();
        for (int i = 0; i < proposed.cohorts().size(); i++) {
            Cohort p = proposed.cohorts().get(i);
            java.util.Set<Entity> now = current.cohort(p.name()).map(Cohort::holds).orElse(java.util.Set.of());
            if (!p.holds().equals(now)) {
                bad.add(new io.orderhub.canonical.FieldError("rules.cohorts[" + i + "].holds", "is " + now
                        + " now and is set and cleared only by POST /api/admin/cutover/switch"));
            }
        }
        for (Cohort c : current.cohorts()) {
            for (Entity e : c.holds()) {
                java.util.Optional<Cohort> p = proposed.cohort(c.name());
                if (p.isEmpty() || p.get().phase(e) != c.phase(e)) {
                    bad.add(new io.orderhub.canonical.FieldError("rules.cohorts[" + c.name() + "].phases." + e,
                            "is held by a switch of authority in progress; change it when the switch is done"));
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRulesException(false, bad);
        }
    }

    /**
     * A new version made from the current one by {@code edit}, under the rules' lock (so nothing comes
     * in between the read and the write); {@code edit} may refuse by throwing.
     */
    public Version update(java.util.function.UnaryOperator<RuleSet> edit, String author, String reason)
            throws SQLException {
        return write(c -> {
            Version cur = current(c).orElseThrow(() -> new CutoverUnavailableException("no cutover rules are stored yet"));
            return insert(c, cur.version() + 1, edit.apply(cur.rules()), author, reason, cur.rulesJson(), null, "change");
        });
    }

    /**
     * A new version whose rules equal those of {@code target}: the one-call rollback. Holds are not
     * rolled back to: the new version holds nothing. Refused while a switch holds writes, unless
     * {@code releasing} (the switch's own last step).
     */
    public Version rollback(long target, String author, String reason) throws SQLException {
        return rollback(target, author, reason, false);
    }

    Version rollback(long target, String author, String reason, boolean releasing) throws SQLException {
        return write(c -> {
            Version old = versionIn(c, target).orElseThrow(() -> new UnknownRulesVersionException(target));
            Version cur = current(c).orElseThrow(() -> new UnknownRulesVersionException(target));
            if (!releasing && cur.rules().anyHeld()) {
                throw SwitchRefusedException.inProgress(cur.rules());
            }
            return insert(c, cur.version() + 1, old.rules().withoutHolds(), author, reason, cur.rulesJson(), target,
                    "rollback");
        });
    }

    /** A journal entry of its own (the switch's summary), for the version it names. */
    public void journal(String kind, long version, String author, ObjectNode detail) throws SQLException {
        Jdbc.inTransaction(newStore, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cutover_journal (kind, version, author, detail) VALUES (?, ?, ?, ?::jsonb)")) {
                ps.setString(1, kind);
                ps.setLong(2, version);
                ps.setString(3, author);
                ps.setString(4, detail.toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** One rules write: a transaction holding the rules' advisory lock, so writers queue one behind another. */
    private <T> T write(Jdbc.Work<T> work) throws SQLException {
        return Jdbc.inTransaction(newStore, c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            return work.run(c);
        });
    }

    private Version insert(Connection c, long version, RuleSet rules, String author, String reason,
                           JsonNode before, Long rollbackOf, String kind) throws SQLException {
        ObjectNode after = RuleSetJson.write(rules);
        ObjectNode diff = RuleSetDiff.of(before, after);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cutover_rule_versions (version, rules, author, reason, diff,"
                + " rollback_of) VALUES (?, ?::jsonb, ?, ?, ?::jsonb, ?)")) {
            ps.setLong(1, version);
            ps.setString(2, after.toString());
            ps.setString(3, author);
            ps.setString(4, reason);
            ps.setString(5, diff.toString());
            if (rollbackOf == null) {
                ps.setNull(6, java.sql.Types.BIGINT);
            } else {
                ps.setLong(6, rollbackOf);
            }
            ps.executeUpdate();
        }
        ObjectNode detail = CanonicalJson.mapper().createObjectNode().put("reason", reason);
        detail.set("changes", diff.get("changes"));
        if (rollbackOf != null) {
            detail.put("rollbackTo", rollbackOf);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cutover_journal (kind, version, author, detail) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setString(1, kind);
            ps.setLong(2, version);
            ps.setString(3, author);
            ps.setString(4, detail.toString());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, Long.toString(version));
            ps.execute();
        }
        return versionIn(c, version).orElseThrow();
    }

    private Optional<Version> current(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM cutover_rule_versions ORDER BY version DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private Optional<Version> versionIn(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cutover_rule_versions WHERE version = ?")) {
            ps.setLong(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Version row(ResultSet rs) throws SQLException {
        JsonNode rules = json(rs.getString("rules"));
        long rollbackOf = rs.getLong("rollback_of");
        Long rb = rs.wasNull() ? null : rollbackOf;
        Timestamp at = rs.getTimestamp("created_at");
        return new Version(rs.getLong("version"), RuleSetJson.read(rules), rules, rs.getString("author"),
                rs.getString("reason"), at.toInstant(), json(rs.getString("diff")), rb);
    }

    private static JsonNode json(String text) throws SQLException {
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new SQLException("stored cutover JSON cannot be read: " + e.getMessage(), e);
        }
    }
}
