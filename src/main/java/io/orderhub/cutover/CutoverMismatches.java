package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import java.io.IOException;
import io.orderhub.stores.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The shadow-read mismatches kept in the new store (db/newstore/V12__cutover_mismatches.sql): each
 * with both stores' versions in the canonical form, bounded to the newest {@code keepPerEntity} rows
 * per entity (older ones are deleted in the insert's transaction). The versions hold personal data:
 * they are shown only through the admin API.
 */
public class CutoverMismatches {

    /** One mismatch to keep: {@code oldVersion}/{@code newVersion} null when that store has no such entity. */
    public record Mismatch(Entity entity, String cohort, long rulesVersion, String keyName, String keyValue,
                           Store authoritative, JsonNode oldVersion, JsonNode newVersion) {
    }

    private final DataSource newStore;
    private final int keepPerEntity;

    public CutoverMismatches(DataSource newStore, int keepPerEntity) {
        if (keepPerEntity < 1) {
            throw new IllegalArgumentException("orderhub.cutover.mismatches.keep-per-entity must be at least 1, is "
                    + keepPerEntity);
        }
        this.newStore = newStore;
        this.keepPerEntity = keepPerEntity;
    }

    public int keepPerEntity() {
        return keepPerEntity;
    }

    /** Keeps one mismatch and deletes the entity's rows beyond the newest {@code keepPerEntity}. */
    public void record(Mismatch m) throws SQLException {
        Jdbc.inTransaction(newStore, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cutover_mismatches (entity, cohort,"
                    + " rules_version, key_name, key_value, authoritative, old_version, new_version)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
                ps.setString(1, m.entity().name());
                ps.setString(2, m.cohort());
                ps.setLong(3, m.rulesVersion());
                ps.setString(4, m.keyName());
                ps.setString(5, m.keyValue());
                ps.setString(6, m.authoritative().name());
                ps.setString(7, m.oldVersion() == null || m.oldVersion().isNull() ? null : m.oldVersion().toString());
                ps.setString(8, m.newVersion() == null || m.newVersion().isNull() ? null : m.newVersion().toString());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cutover_mismatches WHERE entity = ? AND id <"
                    + " (SELECT id FROM cutover_mismatches WHERE entity = ? ORDER BY id DESC OFFSET ? LIMIT 1)")) {
                ps.setString(1, m.entity().name());
                ps.setString(2, m.entity().name());
                ps.setInt(3, keepPerEntity - 1);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The newest mismatches first, optionally of one entity and/or one cohort. */
    public ArrayNode newest(Entity entity, String cohort, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, entity, cohort, rules_version, key_name, key_value,"
                + " authoritative, old_version, new_version, detected_at FROM cutover_mismatches WHERE true");
        if (entity != null) {
            sql.append(" AND entity = ?");
        }
        if (cohort != null) {
            sql.append(" AND cohort = ?");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        ArrayNode out = CanonicalJson.mapper().createArrayNode();
        try (Connection c = newStore.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (entity != null) {
                ps.setString(i++, entity.name());
            }
            if (cohort != null) {
                ps.setString(i++, cohort);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode o = out.addObject();
                    o.put("id", rs.getLong("id"));
                    o.put("entity", rs.getString("entity"));
                    o.put("cohort", rs.getString("cohort"));
                    o.put("rulesVersion", rs.getLong("rules_version"));
                    o.putObject("key").put(rs.getString("key_name"), rs.getString("key_value"));
                    o.put("authoritative", rs.getString("authoritative"));
                    o.set("old", json(rs.getString("old_version")));
                    o.set("new", json(rs.getString("new_version")));
                    o.put("detectedAt", rs.getTimestamp("detected_at").toInstant().toString());
                }
            }
        }
        return out;
    }

    private static JsonNode json(String text) throws SQLException {
        if (text == null) {
            return CanonicalJson.mapper().nullNode();
        }
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new SQLException("a stored mismatch version is not JSON: " + e.getMessage(), e);
        }
    }
}
