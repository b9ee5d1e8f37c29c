package io.orderhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.cutover.Store;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStoreOrderReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;

/**
 * What the end-to-end tests check in the two stores: where an acknowledged order is, and that the old
 * store (legacy CRM schema, MariaDB) and the new store (PostgreSQL) hold the same order — on the
 * canonical form (the old store's order read back as canonical by the hub's old-store reader, beside the
 * new store's document) and, independently, by SQL on key columns (channel identity, legacy number,
 * status code, paid amount in fen against yuan, line count).
 */
public final class StoreComparison {

    private final DataSource pg;
    private final DataSource maria;
    private final NewStore newStore;
    private final OldStoreOrderReader oldReader;
    private final LegacyMapping legacy;

    public StoreComparison(DataSource pg, DataSource maria, NewStore newStore, OldStoreOrderReader oldReader,
                           LegacyMapping legacy) {
        this.pg = pg;
        this.maria = maria;
        this.newStore = newStore;
        this.oldReader = oldReader;
        this.legacy = legacy;
    }

    /** The legacy order number of an acknowledged order, from whichever store holds it (empty: neither yet). */
    public Optional<String> legacyNo(CutoverDriver.Ack ack) throws SQLException {
        if (ack.legacyOrderNo() != null) {
            return Optional.of(ack.legacyOrderNo());
        }
        Optional<String> no = first(pg, "SELECT legacy_order_no FROM orders WHERE channel_order_id = ?", ack.channelOrderId());
        return no.isPresent() ? no
                : first(maria, "SELECT ORDER_NO FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", ack.channelOrderId());
    }

    /** Whether either store holds an order of this channel order id. */
    public boolean stored(String channelOrderId) throws SQLException {
        return legacyNo(new CutoverDriver.Ack(null, null, channelOrderId, null)).isPresent();
    }

    public boolean memberIn(Store store, String cardNo) throws SQLException {
        return store == Store.NEW
                ? count(pg, "SELECT COUNT(*) FROM members WHERE card_no = ?", cardNo) == 1
                : count(maria, "SELECT COUNT(*) FROM CRM_MEMBER WHERE CARD_NO = ?", cardNo) == 1;
    }

    /** Both stores hold the member with the same card number, name, mobile, level, points and region. */
    public void assertMemberEqual(SoftAssertions soft, String label, String cardNo) throws SQLException {
        Map<String, Object> n = row(pg, "SELECT name, mobile, level_code, points, region_code FROM members WHERE card_no = ?", cardNo);
        Map<String, Object> o = row(maria, "SELECT MEMBER_NAME, MOBILE, LEVEL_CODE, POINTS, REGION_CODE FROM CRM_MEMBER"
                + " WHERE CARD_NO = ?", cardNo);
        soft.assertThat(n).as(label + ": new store member").isNotNull();
        soft.assertThat(o).as(label + ": old store member").isNotNull();
        if (n == null || o == null) {
            return;
        }
        soft.assertThat(List.of(String.valueOf(o.get("MEMBER_NAME")), String.valueOf(o.get("MOBILE")),
                        String.valueOf(o.get("LEVEL_CODE")), ((Number) o.get("POINTS")).longValue(), String.valueOf(o.get("REGION_CODE"))))
                .as(label + ": member columns, old store vs new store")
                .isEqualTo(List.of(String.valueOf(n.get("name")), String.valueOf(n.get("mobile")),
                        String.valueOf(n.get("level_code")), ((Number) n.get("points")).longValue(), String.valueOf(n.get("region_code"))));
    }

    /** Waits until every acknowledged order has a legacy number in some store (polls and files land later). */
    public Map<CutoverDriver.Ack, String> awaitNumbers(Collection<CutoverDriver.Ack> acks, Duration atMost) {
        Map<CutoverDriver.Ack, String> numbers = new LinkedHashMap<>();
        Awaitility.await("every acknowledged order stored").atMost(atMost).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    List<CutoverDriver.Ack> missing = new ArrayList<>();
                    for (CutoverDriver.Ack a : acks) {
                        if (!numbers.containsKey(a)) {
                            Optional<String> no = legacyNo(a);
                            if (no.isPresent()) {
                                numbers.put(a, no.get());
                            } else {
                                missing.add(a);
                            }
                        }
                    }
                    assertThat(missing).as("acknowledged orders in no store").isEmpty();
                });
        return numbers;
    }

    public boolean in(Store store, String legacyNo) throws SQLException {
        return store == Store.NEW
                ? count(pg, "SELECT COUNT(*) FROM orders WHERE legacy_order_no = ?", legacyNo) == 1
                : count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", legacyNo) == 1;
    }

    /** Both stores hold the order, equal on the key columns and on the canonical form. */
    public void assertEqual(SoftAssertions soft, String label, String legacyNo) throws SQLException {
        Map<String, Object> n = row(pg, "SELECT o.channel, o.shop_id, o.channel_order_id, o.status, o.paid_amount,"
                + " o.version, (SELECT COUNT(*) FROM order_items i WHERE i.order_id = o.order_id) AS lines"
                + " FROM orders o WHERE o.legacy_order_no = ?", legacyNo);
        Map<String, Object> o = row(maria, "SELECT h.SOURCE_CODE, h.SHOP_CODE, h.EXT_ORDER_NO, h.ORDER_STATUS, h.PAY_AMT,"
                + " (SELECT COUNT(*) FROM CRM_ORDER_DETAIL d WHERE d.ORDER_NO = h.ORDER_NO) AS LINE_COUNT"
                + " FROM CRM_ORDER_HEAD h WHERE h.ORDER_NO = ?", legacyNo);
        soft.assertThat(n).as(label + ": new store row").isNotNull();
        soft.assertThat(o).as(label + ": old store row").isNotNull();
        if (n == null || o == null) {
            return;
        }
        soft.assertThat(o.get("EXT_ORDER_NO")).as(label + ": channel order id").isEqualTo(n.get("channel_order_id"));
        soft.assertThat(o.get("SHOP_CODE")).as(label + ": shop").isEqualTo(n.get("shop_id"));
        soft.assertThat(o.get("SOURCE_CODE")).as(label + ": channel code")
                .isEqualTo(legacy.code("channel", (String) n.get("channel")));
        soft.assertThat(o.get("ORDER_STATUS")).as(label + ": status code")
                .isEqualTo(legacy.code("status", (String) n.get("status")));
        soft.assertThat(((BigDecimal) n.get("paid_amount")).movePointRight(2).longValueExact())
                .as(label + ": paid fen").isEqualTo(((Number) o.get("PAY_AMT")).longValue());
        soft.assertThat(((Number) o.get("LINE_COUNT")).longValue()).as(label + ": lines")
                .isEqualTo(((Number) n.get("lines")).longValue());

        Optional<CanonicalOrder> fromNew = newStore.findByLegacyOrderNo(legacyNo);
        Optional<CanonicalOrder> fromOld = oldCanonical(legacyNo);
        soft.assertThat(fromNew).as(label + ": new store canonical").isPresent();
        soft.assertThat(fromOld).as(label + ": old store canonical").isPresent();
        if (fromNew.isPresent() && fromOld.isPresent()) {
            soft.assertThat(canonical(fromOld.get())).as(label + ": canonical form, old store vs new store")
                    .isEqualTo(canonical(fromNew.get()));
        }
    }

    /** The old store's order as the hub reads it (OldStoreOrderReader: legacy columns first, completed from the hub's document). */
    public Optional<CanonicalOrder> oldCanonical(String legacyNo) throws SQLException {
        return oldReader.findByLegacyOrderNo(legacyNo);
    }

    /** The canonical form both stores must agree on, as a JSON tree. */
    public static JsonNode canonical(CanonicalOrder order) {
        ObjectNode tree = CanonicalJson.mapper().valueToTree(order);
        return tree;
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

    static Optional<String> first(DataSource ds, String sql, Object arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The one row the query finds, null if none. */
    static Map<String, Object> row(DataSource ds, String sql, Object arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        }
    }
}
