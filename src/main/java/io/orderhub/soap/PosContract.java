package io.orderhub.soap;

import io.orderhub.canonical.AfterSaleStatus;
import io.orderhub.canonical.Amounts;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.canonical.OrderItem;
import io.orderhub.canonical.OrderStatus;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.OrderInfo;
import io.orderhub.soap.contract.OrderLine;
import io.orderhub.soap.contract.OrderLines;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.stores.LegacyMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Between the legacy POS contract (fen, legacy codes, yyyyMMddHHmmss local time) and the canonical
 * order. Codes and the time zone come from mappings/legacy/legacy-crm.yaml; whoever serves the
 * contract (the legacy CRM simulator, the hub) answers through these same conversions.
 */
public final class PosContract {

    public static final String CHANNEL = "pos";
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern ITEM_FIELD = Pattern.compile("items\\[(\\d+)]\\.(\\w+)");

    private final LegacyMapping mapping;

    public PosContract(LegacyMapping mapping) {
        this.mapping = mapping;
    }

    public String ts14(Instant t) {
        return t == null ? null : TS14.format(LocalDateTime.ofInstant(t, mapping.zone()));
    }

    public LocalDateTime localTime(String ts14, String element) throws CrmFault_Exception {
        try {
            return LocalDateTime.parse(ts14, TS14);
        } catch (DateTimeParseException | NullPointerException e) {
            throw CrmFaults.fault(CrmFaults.INVALID_REQUEST, "not a yyyyMMddHHmmss time", element);
        }
    }

    public Instant instant(String ts14, String element) throws CrmFault_Exception {
        return localTime(ts14, element).atZone(mapping.zone()).toInstant();
    }

    /** The POS sale as a validated canonical order; amounts that do not add up are CRM-1004. */
    public CanonicalOrder fromSubmit(SubmitOrderRequest r) throws CrmFault_Exception {
        Instant at = instant(r.getOrderTime(), "OrderTime");
        List<OrderItem> items = new ArrayList<>();
        for (OrderLine l : r.getLines().getLine()) {
            items.add(new OrderItem(l.getSkuCode(), null, l.getGoodsName(), l.getQty(), yuan(l.getPrice()),
                    yuan(l.getDiscAmt()), yuan(l.getLineAmt()), AfterSaleStatus.NONE));
        }
        CanonicalOrder order = new CanonicalOrder(null, null, null, CHANNEL, r.getStoreCode(),
                r.getPosNo() + "-" + r.getPosTxnNo(), CHANNEL, OrderStatus.PAID, false,
                r.getCardNo() == null ? null : new CanonicalOrder.Member(null, r.getCardNo()), null, null,
                r.getStoreCode(), r.getRegionCode(), items,
                new Amounts("CNY", yuan(r.getGoodsAmt()), BigDecimal.ZERO, yuan(r.getDiscAmt()), yuan(r.getPayAmt())),
                new CanonicalOrder.Payment(r.getPayType(), r.getPayNo()), at, at, null, null, at, null, null);
        try {
            return CanonicalOrderReader.read(order);
        } catch (InvalidOrderException e) {
            FieldError first = e.errors().get(0);
            String element = element(first.field());
            boolean money = first.field().startsWith("amounts") || first.field().matches(".*(lineTotal|discount|unitPrice)");
            throw CrmFaults.fault(money ? CrmFaults.AMOUNT_MISMATCH : CrmFaults.INVALID_REQUEST,
                    element + " " + first.reason().replace("goods − discount + shipping", "GoodsAmt − DiscAmt")
                            .replace("unitPrice × quantity − discount", "Price × Qty − DiscAmt")
                            .replace("the sum of items[].lineTotal", "the sum of LineAmt"), element);
        }
    }

    /** The contract's element for a canonical field of a POS sale. */
    static String element(String field) {
        Matcher m = ITEM_FIELD.matcher(field);
        if (m.matches()) {
            String leaf = switch (m.group(2)) {
                case "lineTotal" -> "LineAmt";
                case "unitPrice" -> "Price";
                case "discount" -> "DiscAmt";
                case "quantity" -> "Qty";
                case "hubSku" -> "SkuCode";
                case "name" -> "GoodsName";
                default -> m.group(2);
            };
            return "Lines/Line[" + (Integer.parseInt(m.group(1)) + 1) + "]/" + leaf;
        }
        return switch (field) {
            case "amounts.paid" -> "PayAmt";
            case "amounts.goods" -> "GoodsAmt";
            case "amounts.discount" -> "DiscAmt";
            case "shopId", "storeCode" -> "StoreCode";
            case "regionCode" -> "RegionCode";
            case "channelOrderId" -> "PosTxnNo";
            case "member.cardNo" -> "CardNo";
            case "payment.method" -> "PayType";
            case "payment.transactionId" -> "PayNo";
            default -> field;
        };
    }

    /** The contract's element (RegisterMember, UpdateMember) for a field of the canonical member. */
    static String memberElement(String field) {
        return switch (field) {
            case "name" -> "MemberName";
            case "mobile" -> "Mobile";
            case "registeredStore" -> "StoreCode";
            case "unionId" -> "UnionId";
            case "regionCode" -> "RegionCode";
            case "cardNo" -> "CardNo";
            case "levelCode" -> "LevelCode";
            case "points" -> "Points";
            case "version" -> "Version";
            default -> field;
        };
    }

    /** A stored order as the contract shows it. UpdateTime is the last business change. */
    public OrderInfo toOrderInfo(CanonicalOrder o) {
        OrderInfo info = new OrderInfo();
        info.setOrderNo(o.legacyOrderNo());
        info.setSourceCode(mapping.code("channel", o.channel()));
        info.setShopCode(o.shopId());
        info.setExtOrderNo(o.channelOrderId());
        info.setStoreCode(o.storeCode());
        info.setRegionCode(o.regionCode());
        info.setCardNo(o.member() == null ? null : o.member().cardNo());
        info.setOrderStatus(mapping.code("status", o.status().name()));
        info.setGoodsAmt(fen(o.amounts().goods()));
        info.setFreightAmt(fen(o.amounts().shipping()));
        info.setDiscAmt(fen(o.amounts().discount()));
        info.setPayAmt(fen(o.amounts().paid()));
        info.setPayType(o.payment() == null ? null : o.payment().method());
        info.setPayNo(o.payment() == null ? null : o.payment().transactionId());
        info.setOrderTime(ts14(o.createdAt()));
        info.setPayTime(ts14(o.paidAt()));
        info.setUpdateTime(ts14(o.platformModifiedAt()));
        OrderLines lines = new OrderLines();
        for (int i = 0; i < o.items().size(); i++) {
            OrderItem it = o.items().get(i);
            OrderLine l = new OrderLine();
            l.setLineNo(i + 1);
            l.setSkuCode(it.hubSku());
            l.setGoodsName(it.name());
            l.setQty(it.quantity());
            l.setPrice(fen(it.unitPrice()));
            l.setDiscAmt(fen(it.discount()));
            l.setLineAmt(fen(it.lineTotal()));
            l.setAfterSaleStatus(mapping.code("afterSale", it.afterSaleStatus().name()));
            lines.getLine().add(l);
        }
        info.setLines(lines);
        return info;
    }

    /**
     * A legacy order row as the legacy CRM itself answers: its own codes and fen as stored, local
     * times as yyyyMMddHHmmss; UpdateTime is the last business change (the row time if none).
     */
    public OrderInfo fromLegacyRow(io.orderhub.stores.OldStore.LegacyRow row) {
        var h = row.head();
        OrderInfo info = new OrderInfo();
        info.setOrderNo((String) h.get("ORDER_NO"));
        info.setSourceCode((String) h.get("SOURCE_CODE"));
        info.setShopCode((String) h.get("SHOP_CODE"));
        info.setExtOrderNo((String) h.get("EXT_ORDER_NO"));
        info.setStoreCode((String) h.get("STORE_CODE"));
        info.setRegionCode((String) h.get("REGION_CODE"));
        info.setCardNo((String) h.get("CARD_NO"));
        info.setOrderStatus((String) h.get("ORDER_STATUS"));
        info.setGoodsAmt(((Number) h.get("GOODS_AMT")).longValue());
        info.setFreightAmt(((Number) h.get("FREIGHT_AMT")).longValue());
        info.setDiscAmt(((Number) h.get("DISC_AMT")).longValue());
        info.setPayAmt(((Number) h.get("PAY_AMT")).longValue());
        info.setPayType((String) h.get("PAY_TYPE"));
        info.setPayNo((String) h.get("PAY_NO"));
        info.setOrderTime(ts14((LocalDateTime) h.get("ORDER_TIME")));
        info.setPayTime(ts14((LocalDateTime) h.get("PAY_TIME")));
        Object modified = h.get("PLAT_MODIFY_TIME") != null ? h.get("PLAT_MODIFY_TIME") : h.get("ROW_UPDATE_TIME");
        info.setUpdateTime(ts14((LocalDateTime) modified));
        OrderLines lines = new OrderLines();
        for (var d : row.lines()) {
            OrderLine l = new OrderLine();
            l.setLineNo(((Number) d.get("LINE_NO")).intValue());
            l.setSkuCode((String) d.get("SKU_CODE"));
            l.setGoodsName((String) d.get("GOODS_NAME"));
            l.setQty(((Number) d.get("QTY")).intValue());
            l.setPrice(((Number) d.get("PRICE")).longValue());
            l.setDiscAmt(((Number) d.get("DISC_AMT")).longValue());
            l.setLineAmt(((Number) d.get("LINE_AMT")).longValue());
            l.setAfterSaleStatus((String) d.get("AFTERSALE_STATUS"));
            lines.getLine().add(l);
        }
        info.setLines(lines);
        return info;
    }

    private static String ts14(LocalDateTime t) {
        return t == null ? null : TS14.format(t);
    }

    /** A legacy member as the contract's QueryMember answer. */
    public io.orderhub.soap.contract.QueryMemberResponse memberResponse(io.orderhub.stores.OldStore.Member m) {
        io.orderhub.soap.contract.MemberInfo info = new io.orderhub.soap.contract.MemberInfo();
        info.setCardNo(m.cardNo());
        info.setUnionId(m.unionId());
        info.setMemberName(m.name());
        info.setMobile(m.mobile());
        info.setLevelCode(m.levelCode());
        info.setPoints(m.points());
        info.setRegionCode(m.regionCode());
        io.orderhub.soap.contract.QueryMemberResponse res = new io.orderhub.soap.contract.QueryMemberResponse();
        res.setResultCode("0000");
        res.setResultMsg("OK");
        res.setMember(info);
        return res;
    }

    /** The contract's answer when no member has the card number or mobile asked for. */
    public static CrmFault_Exception memberNotFound(io.orderhub.soap.contract.QueryMemberRequest r) {
        return CrmFaults.fault(CrmFaults.MEMBER_NOT_FOUND, "no member with that "
                + (r.getCardNo() != null ? "card number" : "mobile"), r.getCardNo() != null ? "CardNo" : "Mobile");
    }

    /** A contract structure as XML, for messages that leave the SOAP world (needs-attention queue). */
    public String toXml(OrderInfo info) {
        try {
            var w = new java.io.StringWriter();
            var m = OrderInfoXml.CONTEXT.createMarshaller();
            m.setProperty(jakarta.xml.bind.Marshaller.JAXB_FORMATTED_OUTPUT, true);
            m.marshal(new jakarta.xml.bind.JAXBElement<>(new javax.xml.namespace.QName(
                    "http://ws.crm.legacy/pos/2012", "Order"), OrderInfo.class, info), w);
            return w.toString();
        } catch (jakarta.xml.bind.JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    // a JAXB context is costly to build and thread-safe: one for the process, created on first use
    private static final class OrderInfoXml {
        static final jakarta.xml.bind.JAXBContext CONTEXT = create();

        private static jakarta.xml.bind.JAXBContext create() {
            try {
                return jakarta.xml.bind.JAXBContext.newInstance(OrderInfo.class);
            } catch (jakarta.xml.bind.JAXBException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The canonical status of a legacy status code. */
    public OrderStatus status(String legacyCode) throws CrmFault_Exception {
        String canonical = mapping.canonicalCode("status", legacyCode);
        if (canonical == null) {
            throw CrmFaults.fault(CrmFaults.INVALID_REQUEST, "unknown status " + legacyCode, "OrderStatus");
        }
        return OrderStatus.valueOf(canonical);
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    static long fen(BigDecimal yuan) {
        return yuan.movePointRight(2).longValueExact();
    }
}
