package io.orderhub.reads;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;

/**
 * What the cutover write path does for every order the hub writes to the old store, until it is
 * merged (db/oldstore/V5__hub_cutover.sql): in one transaction with the head row, the hub's document
 * of the order in HUB_ORDER_DOC — ORDER_NO, HUB_ORDER_ID, HUB_VERSION (the order's version), DOCUMENT
 * (the canonical order as {@code CanonicalJson.mapper()} writes it), and HUB_UPDATE_TIME/HUB_VERSION_NO
 * (the head row's UPDATE_TIME and VERSION_NO as the hub last wrote them).
 */
final class HubOrderDocs {

    private HubOrderDocs() {
    }

    /** Writes (or replaces) the document of an order the hub has just written to the old store. */
    static void write(DataSource oldStore, CanonicalOrder order) throws Exception {
        try (Connection c = oldStore.getConnection()) {
            c.setAutoCommit(false);
            try {
                Object updateTime;
                int versionNo;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT UPDATE_TIME, VERSION_NO FROM CRM_ORDER_HEAD WHERE ORDER_NO = ? FOR UPDATE")) {
                    ps.setString(1, order.legacyOrderNo());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no head row " + order.legacyOrderNo());
                        }
                        updateTime = rs.getObject(1);
                        versionNo = rs.getInt(2);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO HUB_ORDER_DOC (ORDER_NO, HUB_ORDER_ID,"
                        + " HUB_VERSION, DOCUMENT, HUB_UPDATE_TIME, HUB_VERSION_NO) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE HUB_ORDER_ID = VALUES(HUB_ORDER_ID), HUB_VERSION = VALUES(HUB_VERSION),"
                        + " DOCUMENT = VALUES(DOCUMENT), HUB_UPDATE_TIME = VALUES(HUB_UPDATE_TIME),"
                        + " HUB_VERSION_NO = VALUES(HUB_VERSION_NO)")) {
                    ps.setString(1, order.legacyOrderNo());
                    ps.setString(2, order.id());
                    ps.setLong(3, order.version());
                    ps.setString(4, CanonicalJson.mapper().writeValueAsString(order));
                    ps.setObject(5, updateTime);
                    ps.setInt(6, versionNo);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }
}
