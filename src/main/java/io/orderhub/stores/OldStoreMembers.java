package io.orderhub.stores;

import io.orderhub.canonical.CanonicalMember;
import io.orderhub.canonical.MemberValidator;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The legacy CRM's member table (old store) read in the canonical member form, for the member read
 * route and for comparing the stores. The hub does not write it for registrations: the legacy CRM
 * numbers cards and writes its own rows (the old path of RegisterMember and UpdateMember).
 */
public class OldStoreMembers {

    private final DataSource ds;
    private final LegacyMapping mapping;

    public OldStoreMembers(DataSource ds, LegacyMapping mapping) {
        this.ds = ds;
        this.mapping = mapping;
    }

    /** A member by card number, or else by mobile (the first one registered with it). */
    public Optional<CanonicalMember> find(String cardNo, String mobile) throws SQLException {
        String where = cardNo != null ? "CARD_NO = ?" : "MOBILE = ?";
        return Jdbc.withConnection(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE,"
                    + " POINTS, REGION_CODE, REG_STORE_CODE, VERSION_NO, UPDATE_TIME FROM " + mapping.member().name()
                    + " WHERE " + where + " ORDER BY MEMBER_ID LIMIT 1")) {
                ps.setString(1, cardNo != null ? cardNo : mobile);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    LocalDateTime changed = rs.getObject("UPDATE_TIME", LocalDateTime.class);
                    return Optional.of(MemberValidator.read(rs.getString("CARD_NO"), rs.getString("UNION_ID"),
                            rs.getString("MEMBER_NAME"), rs.getString("MOBILE"), rs.getString("LEVEL_CODE"),
                            rs.getInt("POINTS"), rs.getString("REGION_CODE"), rs.getString("REG_STORE_CODE"),
                            rs.getLong("VERSION_NO"), changed.atZone(mapping.zone()).toInstant()));
                }
            }
        });
    }
}
