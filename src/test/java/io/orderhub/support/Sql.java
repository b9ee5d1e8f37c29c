package io.orderhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** What tests read back from the stores: one row by column label, or a count, with one bound argument. */
public final class Sql {

    private Sql() {
    }

    /** The single row the query finds (asserted to exist); timestamps as LocalDateTime. */
    public static Map<String, Object> row(DataSource ds, String sql, Object arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a row for " + arg).isTrue();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(rs.getMetaData().getColumnLabel(i), v instanceof Timestamp t ? t.toLocalDateTime() : v);
                }
                return row;
            }
        }
    }

    public static long count(DataSource ds, String sql, Object first, Object... more) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, first);
            for (int i = 0; i < more.length; i++) {
                ps.setObject(i + 2, more[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static long count(DataSource ds, String sql, Object arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Removes, from both stores, the orders whose items the legacy POS contract cannot carry (SkuCode
     * is Text64, GoodsName at most 200 characters): the hub takes them since SKU codes and names may
     * be 255 characters, but every SOAP answer that lists them (QueryOrdersSince of the hub and of the
     * legacy CRM) breaks the contract. Tests that store such orders call this when they are done, so
     * the SOAP and legacy-poll tests sharing the hub see only orders the contract can carry.
     */
    public static void forgetOrdersBeyondTheLegacyContract(DataSource pg, DataSource maria) throws SQLException {
        try (Connection c = pg.getConnection()) {
            c.setAutoCommit(false);
            // the ids first: deleting the items would hide which orders they belonged to
            java.util.List<Object> ids = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT order_id FROM order_items WHERE length(hub_sku) > 64"
                    + " OR length(coalesce(channel_sku, '')) > 64 OR length(name) > 200"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1));
                }
            }
            for (Object id : ids) {
                for (String table : new String[] {"outbox", "idempotency_keys", "member_orders", "order_channel_keys",
                        "order_items", "orders"}) {
                    String column = table.equals("outbox") ? "aggregate_id" : "order_id";
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
                        ps.setObject(1, id);
                        ps.executeUpdate();
                    }
                }
            }
            c.commit();
        }
        try (Connection c = maria.getConnection()) {
            c.setAutoCommit(false);
            java.util.List<String> nos = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ORDER_NO FROM CRM_ORDER_DETAIL WHERE CHAR_LENGTH(SKU_CODE) > 64"
                    + " OR CHAR_LENGTH(COALESCE(PLAT_SKU, '')) > 64 OR CHAR_LENGTH(GOODS_NAME) > 200"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nos.add(rs.getString(1));
                }
            }
            for (String no : nos) {
                for (String table : new String[] {"CRM_ORDER_DETAIL", "CRM_ORDER_HEAD"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE ORDER_NO = ?")) {
                        ps.setString(1, no);
                        ps.executeUpdate();
                    }
                }
            }
            c.commit();
        }
    }
}
