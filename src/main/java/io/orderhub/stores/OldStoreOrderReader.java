package io.orderhub.stores;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders read from the old store (the legacy CRM's MariaDB schema) in canonical form: the read side of
 * the cutover's OFF, DUAL_WRITE and SHADOW phases, and the shadow read of LIVE. An order is rebuilt
 * from its legacy rows ({@code CRM_ORDER_HEAD}, {@code CRM_ORDER_DETAIL}) through {@link LegacyMapping}
 * — fen amounts, legacy status and after-sale codes, Asia/Shanghai local DATETIMEs, Y/N flags — and
 * completed from the hub's document of it ({@code HUB_ORDER_DOC.DOCUMENT}, the canonical JSON the hub
 * wrote in the head row's transaction), which carries what the legacy columns cannot.
 *
 * <p>The legacy columns are the truth for everything they hold: a change the legacy CRM's staff make
 * (say {@code ORDER_STATUS}) shows at once, whatever the document says. Field by field:
 *
 * <table>
 *   <caption>Which source gives each canonical field</caption>
 *   <tr><th>canonical field</th><th>source</th></tr>
 *   <tr><td>id</td><td>HEAD.HUB_ORDER_ID; when the head has none, HUB_ORDER_DOC.HUB_ORDER_ID</td></tr>
 *   <tr><td>legacyOrderNo</td><td>HEAD.ORDER_NO</td></tr>
 *   <tr><td>version</td><td>HEAD.VERSION_NO (a legacy-side change raises it)</td></tr>
 *   <tr><td>channel, shopId, channelOrderId</td><td>HEAD.SOURCE_CODE (code table channel), SHOP_CODE,
 *       EXT_ORDER_NO</td></tr>
 *   <tr><td>sourceSystem</td><td>document only (no legacy column); absent without a document</td></tr>
 *   <tr><td>status, onHold</td><td>HEAD.ORDER_STATUS (code table status), HOLD_FLAG (Y/N)</td></tr>
 *   <tr><td>member.cardNo, member.unionId</td><td>HEAD.CARD_NO, UNION_ID</td></tr>
 *   <tr><td>buyer.name/mobile/email/masked</td><td>HEAD.BUYER_NAME, BUYER_MOBILE, BUYER_EMAIL,
 *       BUYER_MASKED (Y/N; NULL: absent)</td></tr>
 *   <tr><td>shippingAddress.*</td><td>HEAD.RECV_* columns, RECV_MASKED</td></tr>
 *   <tr><td>storeCode, regionCode</td><td>HEAD.STORE_CODE, REGION_CODE</td></tr>
 *   <tr><td>amounts.currency</td><td>HEAD.CUR_CODE</td></tr>
 *   <tr><td>amounts.goods/shipping/discount/paid</td><td>HEAD.GOODS_AMT, FREIGHT_AMT, DISC_AMT, PAY_AMT
 *       (fen); the document's decimal when it is the same amount (keeps its scale, 12.5 vs 12.50)</td></tr>
 *   <tr><td>payment.method/transactionId</td><td>HEAD.PAY_TYPE, PAY_NO</td></tr>
 *   <tr><td>createdAt, paidAt, shippedAt, completedAt, platformModifiedAt</td><td>HEAD.ORDER_TIME,
 *       PAY_TIME, SHIP_TIME, FINISH_TIME, PLAT_MODIFY_TIME (local DATETIME, whole seconds); the
 *       document's instant when it lies in that same second (keeps its fraction)</td></tr>
 *   <tr><td>buyerRemark, sellerRemark</td><td>HEAD.BUYER_MEMO, SELLER_MEMO</td></tr>
 *   <tr><td>items (how many, in which order)</td><td>DETAIL rows by LINE_NO</td></tr>
 *   <tr><td>items[i].hubSku/channelSku/name/quantity/afterSaleStatus</td><td>DETAIL.SKU_CODE, PLAT_SKU,
 *       GOODS_NAME, QTY, AFTERSALE_STATUS (code table afterSale)</td></tr>
 *   <tr><td>items[i].unitPrice/discount/lineTotal</td><td>DETAIL.PRICE, DISC_AMT, LINE_AMT (fen); the
 *       document's item i's decimal when it is the same amount</td></tr>
 * </table>
 *
 * A legacy column that is NULL gives an absent field even when the document has a value (the legacy
 * side cleared it); member, buyer, shippingAddress and payment with no field left are absent. An order
 * the legacy CRM took itself has no document: it is read from its columns alone (no sourceSystem,
 * whole-second times, amounts at scale 2, and no id until the hub has given it one). A document that is
 * not canonical JSON is ignored (logged), the columns still answer.
 *
 * <p>Queries: by hub order id (HEAD.HUB_ORDER_ID, unique index; else the document's, unique index), by
 * legacy order number (primary key), by channel identity (UK_ORDER_SOURCE), and the orders changed
 * since an instant ({@code UPDATE_TIME >= since}, IDX_ORDER_UPDATE, oldest first then ORDER_NO, offset
 * and limit as the new store's page). The legacy UPDATE_TIME has whole seconds, so {@code since} is
 * taken down to its second: a page may start with changes up to one second earlier than asked, never
 * miss one. Each order of a page is read with its own two or three statements (fine for the contract's
 * page sizes, not for bulk export). A row the mapping cannot read (a legacy code it does not know, as
 * on rows the legacy CRM wrote itself and the legacy poll parks) is left out of its page with a
 * warning, while the total still counts it; read alone, such an order fails the read.
 */
public class OldStoreOrderReader {

    private static final Logger LOG = LoggerFactory.getLogger(OldStoreOrderReader.class);
    private static final List<String> OPTIONAL_OBJECTS = List.of("member", "buyer", "shippingAddress", "payment");

    private final DataSource ds;
    private final LegacyMapping mapping;
    private final String selectHeader;
    private final String selectDetail;

    public OldStoreOrderReader(DataSource oldStore, LegacyMapping mapping) {
        this.ds = oldStore;
        this.mapping = mapping;
        LegacyMapping.Table h = mapping.header();
        LegacyMapping.Table d = mapping.detail();
        this.selectHeader = "SELECT ORDER_NO, VERSION_NO, " + String.join(", ", h.columnNames()) + " FROM " + h.name();
        this.selectDetail = "SELECT " + String.join(", ", d.columnNames()) + " FROM " + d.name()
                + " WHERE ORDER_NO = ? ORDER BY LINE_NO";
    }

    /** By hub order id: the head's HUB_ORDER_ID, else the hub document's. */
    public Optional<CanonicalOrder> findByHubId(UUID id) throws SQLException {
        return Jdbc.withConnection(ds, c -> {
            Optional<CanonicalOrder> found = find(c, " WHERE HUB_ORDER_ID = ?", id.toString());
            if (found.isPresent()) {
                return found;
            }
            return find(c, " WHERE ORDER_NO = (SELECT ORDER_NO FROM HUB_ORDER_DOC WHERE HUB_ORDER_ID = ?)",
                    id.toString());
        });
    }

    public Optional<CanonicalOrder> findByLegacyOrderNo(String orderNo) throws SQLException {
        return Jdbc.withConnection(ds, c -> find(c, " WHERE ORDER_NO = ?", orderNo));
    }

    /** By channel identity; a channel without a legacy source code has no orders in the old store. */
    public Optional<CanonicalOrder> findByChannelKey(CanonicalOrder.ChannelKey key) throws SQLException {
        String source = mapping.code("channel", key.channel());
        if (source == null) {
            return Optional.empty();
        }
        return Jdbc.withConnection(ds, c -> find(c, " WHERE SOURCE_CODE = ? AND SHOP_CODE = ? AND EXT_ORDER_NO = ?",
                source, key.shopId(), key.channelOrderId()));
    }

    /** One page of orders changed at or after {@code since} (its whole second), oldest change first. */
    public record ChangedPage(long total, List<CanonicalOrder> orders) {
    }

    public ChangedPage findChangedSince(Instant since, int offset, int limit) throws SQLException {
        LocalDateTime from = LocalDateTime.ofInstant(since.truncatedTo(ChronoUnit.SECONDS), mapping.zone());
        return Jdbc.withConnection(ds, c -> {
            OldStore.ChangedPage page = OldStore.changedSince(c, mapping, from, offset, limit);
            List<String> orderNos = page.orderNos();
            long total = page.total();
            List<CanonicalOrder> orders = new ArrayList<>(orderNos.size());
            for (String no : orderNos) {
                try {
                    find(c, " WHERE ORDER_NO = ?", no).ifPresent(orders::add);
                } catch (IllegalStateException unmappable) {
                    // a row the legacy CRM wrote with a code the mapping does not know: it is no
                    // canonical order (the legacy poll parks it too); one such row must not fail the page
                    LOG.warn("legacy order {} left out of a changed-since page: {}", no, unmappable.getMessage());
                }
            }
            return new ChangedPage(total, orders);
        });
    }

    private Optional<CanonicalOrder> find(Connection c, String where, String... values) throws SQLException {
        Map<String, Object> head;
        try (PreparedStatement ps = c.prepareStatement(selectHeader + where)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                head = row(rs);
            }
        }
        String orderNo = (String) head.get("ORDER_NO");
        List<Map<String, Object>> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(selectDetail)) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(row(rs));
                }
            }
        }
        Document doc = document(c, orderNo);
        return Optional.of(toCanonical(head, lines, doc));
    }

    /** The hub's document of an order: its hub id and canonical JSON; null when there is none or it is unreadable. */
    record Document(String hubOrderId, JsonNode json) {
    }

    private Document document(Connection c, String orderNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT HUB_ORDER_ID, DOCUMENT FROM HUB_ORDER_DOC WHERE ORDER_NO = ?")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String hubId = rs.getString(1);
                try {
                    JsonNode json = CanonicalJson.mapper().readTree(rs.getString(2));
                    return new Document(hubId, json instanceof ObjectNode ? json : null);
                } catch (JsonProcessingException e) {
                    LOG.warn("HUB_ORDER_DOC of legacy order {} is not JSON; its legacy columns alone answer", orderNo);
                    return new Document(hubId, null);
                }
            }
        }
    }

    /** The field-by-field merge of the class comment: legacy columns first, the document for the rest. */
    CanonicalOrder toCanonical(Map<String, Object> head, List<Map<String, Object>> lines, Document doc) {
        ObjectNode legacy = mapping.toCanonicalTree(head, lines);
        JsonNode document = doc == null ? null : doc.json();
        ObjectNode order = document == null ? CanonicalJson.mapper().createObjectNode() : (ObjectNode) document.deepCopy();
        for (LegacyMapping.Column c : mapping.header().columns()) {
            if (!"line".equals(c.type())) {
                merge(order, legacy, document, c);
            }
        }
        ArrayNode items = CanonicalJson.mapper().createArrayNode();
        JsonNode legacyItems = legacy.path("items");
        JsonNode docItems = document == null ? null : document.path("items");
        for (int i = 0; i < legacyItems.size(); i++) {
            JsonNode docItem = docItems != null && docItems.isArray() && i < docItems.size() ? docItems.get(i) : null;
            ObjectNode item = docItem instanceof ObjectNode o ? o.deepCopy() : CanonicalJson.mapper().createObjectNode();
            for (LegacyMapping.Column c : mapping.detail().columns()) {
                if (!"line".equals(c.type())) {
                    merge(item, (ObjectNode) legacyItems.get(i), docItem, c);
                }
            }
            items.add(item);
        }
        order.set("items", items);
        for (String name : OPTIONAL_OBJECTS) {
            if (order.path(name).isObject() && order.path(name).isEmpty()) {
                order.remove(name);
            }
        }
        String hubId = (String) head.get("HUB_ORDER_ID");
        if (hubId == null && doc != null) {
            hubId = doc.hubOrderId();
        }
        if (hubId == null) {
            order.remove("id");
        } else {
            order.put("id", hubId);
        }
        order.put("legacyOrderNo", (String) head.get("ORDER_NO"));
        order.put("version", ((Number) head.get("VERSION_NO")).longValue());
        try {
            return CanonicalJson.mapper().treeToValue(order, CanonicalOrder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("legacy order " + head.get("ORDER_NO") + " does not map to a canonical order: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** One column's field: the document's value when the column holds that same value, else the column's. */
    private void merge(ObjectNode target, ObjectNode legacy, JsonNode document, LegacyMapping.Column c) {
        JsonNode held = at(legacy, c.path());
        JsonNode written = document == null ? null : at(document, c.path());
        JsonNode value = mapping.holdsSameValue(c, held, written) ? written : held;
        String[] parts = c.path().split("\\.");
        ObjectNode n = target;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                if (value == null || value.isNull() || value.isMissingNode()) {
                    return;
                }
                child = n.putObject(parts[i]);
            }
            n = (ObjectNode) child;
        }
        String last = parts[parts.length - 1];
        if (value == null || value.isNull() || value.isMissingNode()) {
            n.remove(last);
        } else {
            n.set(last, value);
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Timestamp t) {
                v = t.toLocalDateTime();
            }
            row.put(md.getColumnLabel(i).toUpperCase(Locale.ROOT), v);
        }
        return row;
    }
}
