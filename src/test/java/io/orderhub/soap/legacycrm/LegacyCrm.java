package io.orderhub.soap.legacycrm;

import io.orderhub.soap.contract.CrmFault;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.MemberInfo;
import io.orderhub.soap.contract.OrderInfo;
import io.orderhub.soap.contract.OrderLine;
import io.orderhub.soap.contract.OrderLines;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryMemberResponse;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.soap.contract.QueryOrderResponse;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.QueryOrdersSinceResponse;
import io.orderhub.soap.contract.RegisterMemberRequest;
import io.orderhub.soap.contract.RegisterMemberResponse;
import io.orderhub.soap.contract.UpdateMemberRequest;
import io.orderhub.soap.contract.UpdateMemberResponse;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.soap.contract.SubmitOrderResponse;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import io.orderhub.soap.contract.UpdateOrderStatusResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy CRM as POS systems know it, written from its documents alone: the WSDL
 * (connectors/legacy-crm/LegacyCrmPos.wsdl), the legacy schema (db/oldstore/*.sql) and the legacy
 * column document (mappings/legacy/legacy-crm.yaml, read by a person, not by this code). It shares
 * no code with the hub: its own SQL over the legacy tables, fen as stored, its own status codes and
 * transitions, its own order numbers and faults. Only the generated contract types are common, so
 * the compatibility suite compares two independent implementations of one contract.
 */
public class LegacyCrm implements PosCrm {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyCrm.class);

    static final String NS = "http://ws.crm.legacy/pos/2012";
    static final String RESULT_OK = "0000";
    static final String RESULT_DUPLICATE = "0001";
    static final String INVALID_REQUEST = "CRM-1000";
    static final String MEMBER_NOT_FOUND = "CRM-1001";
    static final String ORDER_NOT_FOUND = "CRM-1002";
    static final String AMOUNT_MISMATCH = "CRM-1004";
    static final String ILLEGAL_STATUS = "CRM-1005";
    static final String VERSION_CONFLICT = "CRM-1006";
    static final String MOBILE_TAKEN = "CRM-1007";
    static final String UNAVAILABLE = "CRM-9000";
    static final String INTERNAL = "CRM-9999";

    /** The WSDL's Timestamp14: yyyyMMddHHmmss, head-office wall-clock time, as the DATETIME columns hold it. */
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final ZoneId HEAD_OFFICE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter ORDER_NO_DAY = DateTimeFormatter.ofPattern("yyMMdd");

    // POS sales are SOURCE_CODE "POS", status 20 (paid at the till), line after-sale status 0 (none)
    private static final String POS_SOURCE = "POS";
    private static final String PAID = "20";
    private static final String NO_AFTER_SALE = "0";

    // WSDL OrderStatus: 10 unpaid, 20 paid, 30 preparing, 40 shipped, 50 completed, 90 cancelled.
    // One step forward at a time; cancelling only before shipping; 50 and 90 are final.
    private static final Map<String, Set<String>> NEXT_STATUS = Map.of(
            "10", Set.of("20", "90"),
            "20", Set.of("30", "90"),
            "30", Set.of("40", "90"),
            "40", Set.of("50"),
            "50", Set.of(),
            "90", Set.of());

    private static final String HEAD_COLUMNS = "ORDER_NO, SOURCE_CODE, SHOP_CODE, EXT_ORDER_NO, STORE_CODE, REGION_CODE,"
            + " CARD_NO, ORDER_STATUS, GOODS_AMT, FREIGHT_AMT, DISC_AMT, PAY_AMT, PAY_TYPE, PAY_NO, ORDER_TIME, PAY_TIME,"
            + " PLAT_MODIFY_TIME, UPDATE_TIME";

    // card numbers of registered members: 66 + a nine-digit serial, the next after the highest one
    private static final String CARD_PREFIX = "66";
    private static final String CARD_PATTERN = "^66[0-9]{9}$";
    private static final long FIRST_CARD = 66_000_000_001L;
    private static final String NEW_MEMBER_LEVEL = "01";
    // registrations and changes of a mobile are taken one at a time (numbering, one member per mobile)
    private static final String MEMBER_LOCK = "CRM_MEMBER_REGISTRATION";
    private static final int MEMBER_LOCK_SECONDS = 10;
    private static final String MEMBER_COLUMNS = "CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE, POINTS,"
            + " REGION_CODE, VERSION_NO, UPDATE_TIME";

    private final DataSource db;

    public LegacyCrm(DataSource db) {
        this.db = db;
    }

    /** Serves the contract at http://127.0.0.1:{port}/crm until the returned server is stopped. */
    public static Server start(int port, DataSource db) {
        return publish("http://127.0.0.1:" + port + "/crm", new LegacyCrm(db));
    }

    /** Publishes an implementation of the contract the way the legacy CRM serves it: its WSDL, schema-validated. */
    public static Server publish(String address, PosCrm implementation) {
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setServiceBean(implementation);
        f.setAddress(address);
        f.setWsdlLocation("classpath:connectors/legacy-crm/LegacyCrmPos.wsdl");
        f.setServiceName(new javax.xml.namespace.QName(NS, "PosCrmService"));
        f.setEndpointName(new javax.xml.namespace.QName(NS, "PosCrmPort"));
        f.setProperties(LegacyCrmFaults.endpointProperties());
        f.getOutFaultInterceptors().add(new LegacyCrmFaults());
        Server server = f.create();
        LOG.info("legacy CRM serving {}?wsdl", address);
        return server;
    }

    // ---- operations -------------------------------------------------------------------------

    @Override
    public QueryMemberResponse queryMember(QueryMemberRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            boolean byCard = r.getCardNo() != null;
            MemberInfo m = withConnection(c -> {
                // a mobile may be registered more than once: the first member registered with it answers
                try (PreparedStatement ps = c.prepareStatement("SELECT CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE,"
                        + " POINTS, REGION_CODE FROM CRM_MEMBER WHERE " + (byCard ? "CARD_NO" : "MOBILE") + " = ?"
                        + " ORDER BY MEMBER_ID LIMIT 1")) {
                    ps.setString(1, byCard ? r.getCardNo() : r.getMobile());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        MemberInfo info = new MemberInfo();
                        info.setCardNo(rs.getString("CARD_NO"));
                        info.setUnionId(rs.getString("UNION_ID"));
                        info.setMemberName(rs.getString("MEMBER_NAME"));
                        info.setMobile(rs.getString("MOBILE"));
                        info.setLevelCode(rs.getString("LEVEL_CODE"));
                        info.setPoints(rs.getInt("POINTS"));
                        info.setRegionCode(rs.getString("REGION_CODE"));
                        return info;
                    }
                }
            });
            if (m == null) {
                throw fault(MEMBER_NOT_FOUND, "no member with that " + (byCard ? "card number" : "mobile"),
                        byCard ? "CardNo" : "Mobile");
            }
            QueryMemberResponse res = new QueryMemberResponse();
            res.setResultCode(RESULT_OK);
            res.setResultMsg("OK");
            res.setMember(m);
            return res;
        });
    }

    @Override
    public SubmitOrderResponse submitOrder(SubmitOrderRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            LocalDateTime orderTime = ts14(r.getOrderTime(), "OrderTime");
            checkAmounts(r);
            String shop = r.getStoreCode();
            String extOrderNo = r.getPosNo() + "-" + r.getPosTxnNo();
            Optional<String> earlier = orderNoOf(shop, extOrderNo);
            if (earlier.isPresent()) {
                // a POS retrying a sale it did not see answered gets the original order number
                return submitted(RESULT_DUPLICATE, earlier.get());
            }
            if (r.getCardNo() != null && !memberExists(r.getCardNo())) {
                throw fault(MEMBER_NOT_FOUND, "no member with that card number", "CardNo");
            }
            try {
                return submitted(RESULT_OK, insert(r, orderTime, extOrderNo));
            } catch (SQLIntegrityConstraintViolationException raced) {
                // the same sale arrived twice at once: the one that got in holds the number
                Optional<String> holder = orderNoOf(shop, extOrderNo);
                if (holder.isEmpty()) {
                    throw raced;
                }
                return submitted(RESULT_DUPLICATE, holder.get());
            }
        });
    }

    @Override
    public QueryOrderResponse queryOrder(QueryOrderRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            OrderInfo o = withConnection(c -> load(c, r.getOrderNo()));
            if (o == null) {
                throw fault(ORDER_NOT_FOUND, "no order " + r.getOrderNo(), "OrderNo");
            }
            QueryOrderResponse res = new QueryOrderResponse();
            res.setResultCode(RESULT_OK);
            res.setResultMsg("OK");
            res.setOrder(o);
            return res;
        });
    }

    @Override
    public UpdateOrderStatusResponse updateOrderStatus(UpdateOrderStatusRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            String current = withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT ORDER_STATUS FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?")) {
                    ps.setString(1, r.getOrderNo());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
            if (current == null) {
                throw fault(ORDER_NOT_FOUND, "no order " + r.getOrderNo(), "OrderNo");
            }
            String target = r.getOrderStatus();
            if (!NEXT_STATUS.containsKey(target)) {
                throw fault(INVALID_REQUEST, "unknown status " + target, "OrderStatus");
            }
            LocalDateTime at = ts14(r.getOperTime(), "OperTime");
            if (!NEXT_STATUS.getOrDefault(current, Set.of()).contains(target)) {
                throw fault(ILLEGAL_STATUS, "cannot change status " + target + " from " + current, "OrderStatus");
            }
            // shipping and completion keep their own time; the operation time is the last business change
            String stamp = "40".equals(target) ? ", SHIP_TIME = ?" : "50".equals(target) ? ", FINISH_TIME = ?" : "";
            int changed = withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE CRM_ORDER_HEAD SET ORDER_STATUS = ?,"
                        + " PLAT_MODIFY_TIME = ?, VERSION_NO = VERSION_NO + 1, UPDATE_TIME = ?" + stamp
                        + " WHERE ORDER_NO = ? AND ORDER_STATUS = ?")) {
                    int i = 1;
                    ps.setString(i++, target);
                    ps.setObject(i++, at);
                    ps.setObject(i++, LocalDateTime.now(HEAD_OFFICE));
                    if (!stamp.isEmpty()) {
                        ps.setObject(i++, at);
                    }
                    ps.setString(i++, r.getOrderNo());
                    ps.setString(i, current);
                    return ps.executeUpdate();
                }
            });
            if (changed != 1) {
                throw fault(ILLEGAL_STATUS, "the order's status changed meanwhile; ask again", "OrderStatus");
            }
            UpdateOrderStatusResponse res = new UpdateOrderStatusResponse();
            res.setResultCode(RESULT_OK);
            res.setResultMsg("OK");
            res.setOrderStatus(target);
            return res;
        });
    }

    @Override
    public QueryOrdersSinceResponse queryOrdersSince(QueryOrdersSinceRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            LocalDateTime since = ts14(r.getSince(), "Since");
            long offset = (long) (r.getPageNo() - 1) * r.getPageSize();
            QueryOrdersSinceResponse res = new QueryOrdersSinceResponse();
            res.setResultCode(RESULT_OK);
            res.setResultMsg("OK");
            res.setPageNo(r.getPageNo());
            withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE UPDATE_TIME >= ?")) {
                    ps.setObject(1, since);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        res.setTotalCount(rs.getInt(1));
                    }
                }
                List<String> page = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT ORDER_NO FROM CRM_ORDER_HEAD WHERE UPDATE_TIME >= ?"
                        + " ORDER BY UPDATE_TIME, ORDER_NO LIMIT ? OFFSET ?")) {
                    ps.setObject(1, since);
                    ps.setInt(2, r.getPageSize());
                    ps.setLong(3, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            page.add(rs.getString(1));
                        }
                    }
                }
                for (String orderNo : page) {
                    OrderInfo o = load(c, orderNo);
                    if (o != null) {
                        res.getOrder().add(o);
                    }
                }
                return null;
            });
            return res;
        });
    }

    @Override
    public RegisterMemberResponse registerMember(RegisterMemberRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            requireName(r.getMemberName(), "MemberName");
            return memberWork(c -> {
                Member earlier = memberBy(c, "MOBILE", r.getMobile());
                if (earlier != null) {
                    // one member per mobile: a retried or repeated registration gets the member it made
                    return registered(RESULT_DUPLICATE, "mobile already registered; the member is returned", earlier);
                }
                String cardNo = nextCardNo(c);
                LocalDateTime now = LocalDateTime.now(HEAD_OFFICE).withNano(0);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO CRM_MEMBER (CARD_NO, UNION_ID, MEMBER_NAME,"
                        + " MOBILE, LEVEL_CODE, POINTS, REGION_CODE, REG_STORE_CODE, VERSION_NO, CREATE_TIME, UPDATE_TIME)"
                        + " VALUES (?, ?, ?, ?, ?, 0, ?, ?, 1, ?, ?)")) {
                    ps.setString(1, cardNo);
                    ps.setString(2, r.getUnionId());
                    ps.setString(3, r.getMemberName());
                    ps.setString(4, r.getMobile());
                    ps.setString(5, NEW_MEMBER_LEVEL);
                    ps.setString(6, r.getRegionCode());
                    ps.setString(7, r.getStoreCode());
                    ps.setObject(8, now);
                    ps.setObject(9, now);
                    ps.executeUpdate();
                }
                return registered(RESULT_OK, "OK", memberBy(c, "CARD_NO", cardNo));
            });
        });
    }

    @Override
    public UpdateMemberResponse updateMember(UpdateMemberRequest r) throws CrmFault_Exception {
        return guarded(() -> {
            if (r.getMemberName() != null) {
                requireName(r.getMemberName(), "MemberName");
            }
            return memberWork(c -> {
                Member current = memberBy(c, "CARD_NO", r.getCardNo());
                if (current == null) {
                    throw fault(MEMBER_NOT_FOUND, "no member with that card number", "CardNo");
                }
                if (current.version != r.getVersion()) {
                    throw fault(VERSION_CONFLICT, "the member changed meanwhile (version " + current.version
                            + "); ask again", "Version");
                }
                if (r.getMobile() != null && !r.getMobile().equals(current.info.getMobile())) {
                    Member holder = memberBy(c, "MOBILE", r.getMobile());
                    if (holder != null) {
                        throw fault(MOBILE_TAKEN, "the mobile is another member's", "Mobile");
                    }
                }
                LocalDateTime now = LocalDateTime.now(HEAD_OFFICE).withNano(0);
                try (PreparedStatement ps = c.prepareStatement("UPDATE CRM_MEMBER SET"
                        + " MEMBER_NAME = COALESCE(?, MEMBER_NAME), MOBILE = COALESCE(?, MOBILE),"
                        + " UNION_ID = COALESCE(?, UNION_ID), REGION_CODE = COALESCE(?, REGION_CODE),"
                        + " VERSION_NO = VERSION_NO + 1, UPDATE_TIME = ? WHERE CARD_NO = ? AND VERSION_NO = ?")) {
                    ps.setString(1, r.getMemberName());
                    ps.setString(2, r.getMobile());
                    ps.setString(3, r.getUnionId());
                    ps.setString(4, r.getRegionCode());
                    ps.setObject(5, now);
                    ps.setString(6, r.getCardNo());
                    ps.setInt(7, r.getVersion());
                    if (ps.executeUpdate() != 1) {
                        throw fault(VERSION_CONFLICT, "the member changed meanwhile; ask again", "Version");
                    }
                }
                Member changed = memberBy(c, "CARD_NO", r.getCardNo());
                UpdateMemberResponse res = new UpdateMemberResponse();
                res.setResultCode(RESULT_OK);
                res.setResultMsg("OK");
                res.setMember(changed.info);
                res.setVersion(changed.version);
                res.setUpdateTime(ts14(changed.updated));
                return res;
            });
        });
    }

    // ---- members ------------------------------------------------------------------------------

    private record Member(MemberInfo info, int version, LocalDateTime updated) {
    }

    private interface MemberWork<T> {
        T run(Connection c) throws SQLException, CrmFault_Exception;
    }

    /**
     * One transaction holding the registration lock: numbering MAX + 1 and one member per mobile
     * hold only if registrations and mobile changes are taken one at a time.
     */
    private <T> T memberWork(MemberWork<T> work) throws SQLException, CrmFault_Exception {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                ps.setString(1, MEMBER_LOCK);
                ps.setInt(2, MEMBER_LOCK_SECONDS);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SQLException("the member registration lock is busy");
                    }
                }
            }
            try {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | CrmFault_Exception | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    ps.setString(1, MEMBER_LOCK);
                    ps.executeQuery().close();
                }
            }
        }
    }

    /** 66 + nine digits: the highest registered card number plus one. */
    private static String nextCardNo(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(CARD_NO) FROM CRM_MEMBER WHERE CARD_NO REGEXP ?")) {
            ps.setString(1, CARD_PATTERN);
            try (ResultSet rs = ps.executeQuery()) {
                String highest = rs.next() ? rs.getString(1) : null;
                long next = highest == null ? FIRST_CARD : Long.parseLong(highest) + 1;
                String card = Long.toString(next);
                if (!card.startsWith(CARD_PREFIX) || card.length() != 11) {
                    throw new IllegalStateException("card numbers are exhausted");
                }
                return card;
            }
        }
    }

    /** The member with that card number or mobile (the first registered with it), or null. */
    private static Member memberBy(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MEMBER_COLUMNS + " FROM CRM_MEMBER WHERE "
                + ("MOBILE".equals(column) ? "MOBILE" : "CARD_NO") + " = ? ORDER BY MEMBER_ID LIMIT 1")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                MemberInfo info = new MemberInfo();
                info.setCardNo(rs.getString("CARD_NO"));
                info.setUnionId(rs.getString("UNION_ID"));
                info.setMemberName(rs.getString("MEMBER_NAME"));
                info.setMobile(rs.getString("MOBILE"));
                info.setLevelCode(rs.getString("LEVEL_CODE"));
                info.setPoints(rs.getInt("POINTS"));
                info.setRegionCode(rs.getString("REGION_CODE"));
                return new Member(info, rs.getInt("VERSION_NO"), rs.getObject("UPDATE_TIME", LocalDateTime.class));
            }
        }
    }

    private static RegisterMemberResponse registered(String code, String message, Member m) {
        RegisterMemberResponse res = new RegisterMemberResponse();
        res.setResultCode(code);
        res.setResultMsg(message);
        res.setMember(m.info);
        res.setVersion(m.version);
        res.setUpdateTime(ts14(m.updated));
        return res;
    }

    /** A name is text: not blank, no control characters (the schema bounds its length). */
    private static void requireName(String name, String element) throws CrmFault_Exception {
        if (name == null || name.isBlank() || name.codePoints().anyMatch(Character::isISOControl)) {
            throw fault(INVALID_REQUEST, element + " must be a name", element);
        }
    }

    // ---- the sale -----------------------------------------------------------------------------

    /** Fen must add up: LineAmt = Price × Qty − DiscAmt, GoodsAmt = Σ LineAmt, PayAmt = GoodsAmt − DiscAmt. */
    private static void checkAmounts(SubmitOrderRequest r) throws CrmFault_Exception {
        long goods = 0;
        List<OrderLine> lines = r.getLines().getLine();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine l = lines.get(i);
            String at = "Lines/Line[" + (i + 1) + "]/";
            long gross = Math.multiplyExact(l.getPrice(), (long) l.getQty());
            if (l.getDiscAmt() > gross) {
                throw fault(AMOUNT_MISMATCH, at + "DiscAmt exceeds Price × Qty = " + gross, at + "DiscAmt");
            }
            if (gross - l.getDiscAmt() != l.getLineAmt()) {
                throw fault(AMOUNT_MISMATCH, at + "LineAmt must equal Price × Qty − DiscAmt = " + (gross - l.getDiscAmt()),
                        at + "LineAmt");
            }
            goods += l.getLineAmt();
        }
        if (goods != r.getGoodsAmt()) {
            throw fault(AMOUNT_MISMATCH, "GoodsAmt must equal the sum of LineAmt = " + goods, "GoodsAmt");
        }
        if (r.getDiscAmt() > r.getGoodsAmt()) {
            throw fault(AMOUNT_MISMATCH, "DiscAmt exceeds GoodsAmt", "DiscAmt");
        }
        if (r.getGoodsAmt() - r.getDiscAmt() != r.getPayAmt()) {
            throw fault(AMOUNT_MISMATCH, "PayAmt must equal GoodsAmt − DiscAmt = " + (r.getGoodsAmt() - r.getDiscAmt()),
                    "PayAmt");
        }
    }

    /** Numbers and stores the sale, head and lines in one transaction; returns the new order number. */
    private String insert(SubmitOrderRequest r, LocalDateTime orderTime, String extOrderNo) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                LocalDateTime now = LocalDateTime.now(HEAD_OFFICE);
                String orderNo = nextOrderNo(c, now);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO CRM_ORDER_HEAD (ORDER_NO, SOURCE_CODE, SHOP_CODE,"
                        + " EXT_ORDER_NO, CARD_NO, STORE_CODE, REGION_CODE, ORDER_STATUS, HOLD_FLAG, CUR_CODE, GOODS_AMT,"
                        + " FREIGHT_AMT, DISC_AMT, PAY_AMT, PAY_TYPE, PAY_NO, ORDER_TIME, PAY_TIME, PLAT_MODIFY_TIME,"
                        + " VERSION_NO, CREATE_TIME, UPDATE_TIME)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'N', 'CNY', ?, 0, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
                    int i = 1;
                    ps.setString(i++, orderNo);
                    ps.setString(i++, POS_SOURCE);
                    ps.setString(i++, r.getStoreCode());
                    ps.setString(i++, extOrderNo);
                    ps.setString(i++, r.getCardNo());
                    ps.setString(i++, r.getStoreCode());
                    ps.setString(i++, r.getRegionCode());
                    ps.setString(i++, PAID);
                    ps.setLong(i++, r.getGoodsAmt());
                    ps.setLong(i++, r.getDiscAmt());
                    ps.setLong(i++, r.getPayAmt());
                    ps.setString(i++, r.getPayType());
                    ps.setString(i++, r.getPayNo());
                    // paid at the till: the sale's time is its order, payment and last-change time
                    ps.setObject(i++, orderTime);
                    ps.setObject(i++, orderTime);
                    ps.setObject(i++, orderTime);
                    ps.setObject(i++, now);
                    ps.setObject(i, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO CRM_ORDER_DETAIL (ORDER_NO, LINE_NO, SKU_CODE,"
                        + " GOODS_NAME, QTY, PRICE, DISC_AMT, LINE_AMT, AFTERSALE_STATUS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    List<OrderLine> lines = r.getLines().getLine();
                    for (int n = 0; n < lines.size(); n++) {
                        OrderLine l = lines.get(n);
                        ps.setString(1, orderNo);
                        // LINE_NO is the line's position in the sale (legacy-crm.yaml: "line")
                        ps.setInt(2, n + 1);
                        ps.setString(3, l.getSkuCode());
                        ps.setString(4, l.getGoodsName());
                        ps.setInt(5, l.getQty());
                        ps.setLong(6, l.getPrice());
                        ps.setLong(7, l.getDiscAmt());
                        ps.setLong(8, l.getLineAmt());
                        ps.setString(9, NO_AFTER_SALE);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return orderNo;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** SO + yyMMdd of the head-office day + the legacy sequence, ten digits. */
    private static String nextOrderNo(Connection c, LocalDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXTVAL(SEQ_ORDER_NO)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.format("SO%s%010d", ORDER_NO_DAY.format(now), rs.getLong(1));
        }
    }

    private Optional<String> orderNoOf(String shop, String extOrderNo) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ORDER_NO FROM CRM_ORDER_HEAD"
                    + " WHERE SOURCE_CODE = ? AND SHOP_CODE = ? AND EXT_ORDER_NO = ?")) {
                ps.setString(1, POS_SOURCE);
                ps.setString(2, shop);
                ps.setString(3, extOrderNo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private boolean memberExists(String cardNo) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM CRM_MEMBER WHERE CARD_NO = ?")) {
                ps.setString(1, cardNo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static SubmitOrderResponse submitted(String code, String orderNo) {
        SubmitOrderResponse res = new SubmitOrderResponse();
        res.setResultCode(code);
        res.setResultMsg(RESULT_OK.equals(code) ? "OK" : "duplicate transaction; the original order is returned");
        res.setOrderNo(orderNo);
        return res;
    }

    // ---- reading an order ---------------------------------------------------------------------

    /** An order as the legacy tables hold it; UpdateTime is the last business change, else the row's time. */
    private static OrderInfo load(Connection c, String orderNo) throws SQLException {
        OrderInfo o = new OrderInfo();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + HEAD_COLUMNS + " FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                o.setOrderNo(rs.getString("ORDER_NO"));
                o.setSourceCode(rs.getString("SOURCE_CODE"));
                o.setShopCode(rs.getString("SHOP_CODE"));
                o.setExtOrderNo(rs.getString("EXT_ORDER_NO"));
                o.setStoreCode(rs.getString("STORE_CODE"));
                o.setRegionCode(rs.getString("REGION_CODE"));
                o.setCardNo(rs.getString("CARD_NO"));
                o.setOrderStatus(rs.getString("ORDER_STATUS"));
                o.setGoodsAmt(rs.getLong("GOODS_AMT"));
                o.setFreightAmt(rs.getLong("FREIGHT_AMT"));
                o.setDiscAmt(rs.getLong("DISC_AMT"));
                o.setPayAmt(rs.getLong("PAY_AMT"));
                o.setPayType(rs.getString("PAY_TYPE"));
                o.setPayNo(rs.getString("PAY_NO"));
                o.setOrderTime(ts14(rs.getObject("ORDER_TIME", LocalDateTime.class)));
                o.setPayTime(ts14(rs.getObject("PAY_TIME", LocalDateTime.class)));
                LocalDateTime modified = rs.getObject("PLAT_MODIFY_TIME", LocalDateTime.class);
                o.setUpdateTime(ts14(modified != null ? modified : rs.getObject("UPDATE_TIME", LocalDateTime.class)));
            }
        }
        OrderLines lines = new OrderLines();
        try (PreparedStatement ps = c.prepareStatement("SELECT LINE_NO, SKU_CODE, GOODS_NAME, QTY, PRICE, DISC_AMT, LINE_AMT,"
                + " AFTERSALE_STATUS FROM CRM_ORDER_DETAIL WHERE ORDER_NO = ? ORDER BY LINE_NO")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OrderLine l = new OrderLine();
                    l.setLineNo(rs.getInt("LINE_NO"));
                    l.setSkuCode(rs.getString("SKU_CODE"));
                    l.setGoodsName(rs.getString("GOODS_NAME"));
                    l.setQty(rs.getInt("QTY"));
                    l.setPrice(rs.getLong("PRICE"));
                    l.setDiscAmt(rs.getLong("DISC_AMT"));
                    l.setLineAmt(rs.getLong("LINE_AMT"));
                    l.setAfterSaleStatus(rs.getString("AFTERSALE_STATUS"));
                    lines.getLine().add(l);
                }
            }
        }
        o.setLines(lines);
        return o;
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private static LocalDateTime ts14(String text, String element) throws CrmFault_Exception {
        try {
            return LocalDateTime.parse(text, TS14);
        } catch (DateTimeParseException | NullPointerException e) {
            throw fault(INVALID_REQUEST, "not a yyyyMMddHHmmss time", element);
        }
    }

    private static String ts14(LocalDateTime t) {
        return t == null ? null : TS14.format(t);
    }

    static CrmFault_Exception fault(String code, String message, String element) {
        CrmFault f = new CrmFault();
        f.setFaultCode(code);
        f.setFaultMessage(message);
        f.setElement(element);
        return new CrmFault_Exception(code + " " + message, f);
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(ConnectionWork<T> work) throws SQLException {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Every answer is the contract's: a CrmFault as thrown, CRM-9000 when the database cannot answer,
     * CRM-9999 (with an id for the log) for anything else. So any other fault CXF reports was raised
     * before an operation ran, which is how {@link LegacyCrmFaults} knows the request was bad.
     */
    private static <T> T guarded(Work<T> work) throws CrmFault_Exception {
        try {
            return work.run();
        } catch (CrmFault_Exception e) {
            throw e;
        } catch (SQLException e) {
            LOG.warn("legacy CRM database error: {}", e.getMessage());
            throw fault(UNAVAILABLE, "the CRM database is not available", null);
        } catch (Exception e) {
            String id = UUID.randomUUID().toString();
            LOG.error("legacy CRM operation failed, error id {}", id, e);
            throw fault(INTERNAL, "internal error, id " + id, null);
        }
    }
}
