package io.orderhub.stores;

import io.orderhub.canonical.CanonicalMember;
import io.orderhub.canonical.MemberValidator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The new store's members (db/newstore/V11__members.sql): the member row in its hash partition and
 * its card-number and mobile index rows, written in one transaction. A write carries the
 * authoritative store's version and never replaces a newer one, so a retried or late write is
 * harmless.
 */
public class NewStoreMembers {

    private static final String COLUMNS = "member_id, card_no, union_id, name, mobile, level_code, points, region_code,"
            + " registered_store, version, source_updated_at";

    private final DataSource ds;

    public NewStoreMembers(DataSource ds) {
        this.ds = ds;
    }

    /** Writes the member unless the store holds the same or a newer version; true if it wrote. */
    public boolean write(CanonicalMember m) throws SQLException {
        return Jdbc.inTransaction(ds, c -> {
            String previousMobile = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT mobile, version FROM members WHERE member_id = ? FOR UPDATE")) {
                ps.setObject(1, m.memberId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (rs.getLong(2) >= m.version()) {
                            return false;
                        }
                        previousMobile = rs.getString(1);
                    }
                }
            }
            int written;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO members (" + COLUMNS + ", updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                    + " ON CONFLICT (member_id) DO UPDATE SET union_id = EXCLUDED.union_id, name = EXCLUDED.name,"
                    + " mobile = EXCLUDED.mobile, level_code = EXCLUDED.level_code, points = EXCLUDED.points,"
                    + " region_code = EXCLUDED.region_code,"
                    + " registered_store = COALESCE(EXCLUDED.registered_store, members.registered_store),"
                    + " version = EXCLUDED.version, source_updated_at = EXCLUDED.source_updated_at, updated_at = now()"
                    // a concurrent first write of the same member got in first: only a newer version replaces it
                    + " WHERE members.version < EXCLUDED.version")) {
                int i = 1;
                ps.setObject(i++, m.memberId());
                ps.setString(i++, m.cardNo());
                ps.setString(i++, m.unionId());
                ps.setString(i++, m.name());
                ps.setString(i++, m.mobile());
                ps.setString(i++, m.levelCode());
                ps.setInt(i++, m.points());
                ps.setString(i++, m.regionCode());
                ps.setString(i++, m.registeredStore());
                ps.setLong(i++, m.version());
                ps.setTimestamp(i, Jdbc.ts(m.updatedAt()));
                written = ps.executeUpdate();
            }
            if (written == 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_card_keys (card_no, member_id)"
                    + " VALUES (?, ?) ON CONFLICT (card_no) DO NOTHING")) {
                ps.setString(1, m.cardNo());
                ps.setObject(2, m.memberId());
                ps.executeUpdate();
            }
            if (!Objects.equals(previousMobile, m.mobile())) {
                if (previousMobile != null) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM member_mobile_keys WHERE mobile = ? AND member_id = ?")) {
                        ps.setString(1, previousMobile);
                        ps.setObject(2, m.memberId());
                        ps.executeUpdate();
                    }
                }
                if (m.mobile() != null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_mobile_keys (mobile, member_id)"
                            + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                        ps.setString(1, m.mobile());
                        ps.setObject(2, m.memberId());
                        ps.executeUpdate();
                    }
                }
            }
            return true;
        });
    }

    /** A member by card number, else by mobile (the one registered first, as the legacy CRM answers). */
    public Optional<CanonicalMember> find(String cardNo, String mobile) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            UUID id = cardNo != null ? CanonicalMember.idOf(cardNo) : firstWithMobile(c, mobile);
            return id == null ? Optional.empty() : byId(c, id);
        });
    }

    private static UUID firstWithMobile(Connection c, String mobile) throws SQLException {
        // the legacy CRM answers the member registered first; its card numbers are serial, so the
        // smallest card number of the mobile's index entries (cards of one length compare in order)
        try (PreparedStatement ps = c.prepareStatement("SELECT k.member_id FROM member_mobile_keys k"
                + " JOIN members m ON m.member_id = k.member_id WHERE k.mobile = ?"
                + " ORDER BY length(m.card_no), m.card_no LIMIT 1")) {
            ps.setString(1, mobile);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    private static Optional<CanonicalMember> byId(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM members WHERE member_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(MemberValidator.read(rs.getString("card_no"), rs.getString("union_id"),
                        rs.getString("name"), rs.getString("mobile"), rs.getString("level_code"), rs.getInt("points"),
                        rs.getString("region_code"), rs.getString("registered_store"), rs.getLong("version"),
                        Jdbc.instant(rs.getTimestamp("source_updated_at"))));
            }
        }
    }
}
