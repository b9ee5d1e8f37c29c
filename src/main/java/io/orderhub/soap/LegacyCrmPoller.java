package io.orderhub.soap;

import io.orderhub.canonical.AfterSaleStatus;
import io.orderhub.canonical.Amounts;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.canonical.OrderItem;
import io.orderhub.intake.IntakeResult;
import io.orderhub.intake.OrderIntake;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.OrderInfo;
import io.orderhub.soap.contract.OrderLine;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.QueryOrdersSinceResponse;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls orders the legacy CRM took itself (QueryOrdersSince) into the canonical intake, on a Quartz
 * schedule. The window starts at the persisted cursor and is read inclusively, so the same second
 * is read twice rather than missed; the intake makes a re-read a duplicate. The cursor never passes
 * "now − lag", so a legacy transaction that commits late with an earlier time is still caught. An
 * order that cannot be mapped goes to the needs-attention queue with the reason; the rest go on.
 */
public class LegacyCrmPoller {

    /** What one poll did. */
    public enum Outcome { CREATED, UPDATED, DUPLICATE, NEEDS_ATTENTION }

    public static final String SOURCE = "legacy-crm";
    private static final Logger LOG = LoggerFactory.getLogger(LegacyCrmPoller.class);
    private static final int PAGE = 100;

    private final OrderIntake intake;
    private final NewStore cursors;
    private final PosContract contract;
    private final LegacyMapping mapping;
    private final ProducerTemplate producer;
    private final String attentionUri;
    private final String start;
    private final Duration lag;
    private volatile PosCrm crm;

    public LegacyCrmPoller(OrderIntake intake, NewStore cursors, LegacyMapping mapping, ProducerTemplate producer,
                           String attentionQueue, String start, Duration lag) {
        this.intake = intake;
        this.cursors = cursors;
        this.mapping = mapping;
        this.contract = new PosContract(mapping);
        this.producer = producer;
        this.attentionUri = "jms:queue:" + attentionQueue;
        this.start = start;
        this.lag = lag;
    }

    public void useLegacyCrm(String url) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        crm = (PosCrm) f.create();
    }

    /** One poll: every page of the window, then the cursor. Returns how each order went. */
    public synchronized Map<Outcome, Integer> poll() throws SQLException, CrmFault_Exception {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        if (crm == null) {
            return counts;
        }
        String since = cursors.cursor(SOURCE).orElse(start);
        String ceiling = contract.ts14(Instant.now().minus(lag));
        String newest = since;
        int page = 1;
        int total;
        do {
            QueryOrdersSinceRequest r = new QueryOrdersSinceRequest();
            r.setSince(since);
            r.setPageNo(page++);
            r.setPageSize(PAGE);
            QueryOrdersSinceResponse res = crm.queryOrdersSince(r);
            total = res.getTotalCount();
            for (OrderInfo o : res.getOrder()) {
                counts.merge(ingest(o), 1, Integer::sum);
                if (o.getUpdateTime().compareTo(newest) > 0) {
                    newest = o.getUpdateTime();
                }
            }
        } while ((page - 1) * PAGE < total);
        String next = newest.compareTo(ceiling) > 0 ? ceiling : newest;
        if (next.compareTo(since) > 0) {
            cursors.saveCursor(SOURCE, next);
        }
        if (!counts.isEmpty()) {
            LOG.info("legacy CRM poll since {}: {}; cursor now {}", since, counts, next.compareTo(since) > 0 ? next : since);
        }
        return counts;
    }

    private Outcome ingest(OrderInfo o) {
        try {
            IntakeResult result = intake.accept(toCanonical(o), null);
            return switch (result.outcome()) {
                case CREATED -> Outcome.CREATED;
                case UPDATED -> Outcome.UPDATED;
                case DUPLICATE -> Outcome.DUPLICATE;
            };
        } catch (InvalidOrderException | CrmFault_Exception e) {
            String reason = e instanceof InvalidOrderException invalid ? invalid.errors().toString() : e.getMessage();
            // Artemis drops a repeat of the same record version (re-read windows overlap)
            producer.sendBodyAndHeaders(attentionUri, contract.toXml(o), Map.of(
                    "orderhubSource", SOURCE, "orderhubReason", reason, "orderhubLegacyOrderNo", o.getOrderNo(),
                    "_AMQ_DUPL_ID", SOURCE + ":" + o.getOrderNo() + ":" + o.getUpdateTime()));
            LOG.warn("legacy order {} needs attention: {}", o.getOrderNo(), reason);
            return Outcome.NEEDS_ATTENTION;
        }
    }

    /** A legacy order as a canonical order (its legacy number and hub id are matched by the intake). */
    CanonicalOrder toCanonical(OrderInfo o) throws CrmFault_Exception {
        String channel = mapping.canonicalCode("channel", o.getSourceCode());
        if (channel == null) {
            throw CrmFaults.fault(CrmFaults.INVALID_REQUEST, "legacy source code " + o.getSourceCode()
                    + " has no channel in mappings/legacy/legacy-crm.yaml", "SourceCode");
        }
        List<OrderItem> items = new ArrayList<>();
        for (OrderLine l : o.getLines().getLine()) {
            String afterSale = l.getAfterSaleStatus() == null ? "NONE" : mapping.canonicalCode("afterSale", l.getAfterSaleStatus());
            items.add(new OrderItem(l.getSkuCode(), null, l.getGoodsName(), l.getQty(), PosContract.yuan(l.getPrice()),
                    PosContract.yuan(l.getDiscAmt()), PosContract.yuan(l.getLineAmt()),
                    afterSale == null ? null : AfterSaleStatus.valueOf(afterSale)));
        }
        Instant created = contract.instant(o.getOrderTime(), "OrderTime");
        return new CanonicalOrder(null, null, null, channel, o.getShopCode(), o.getExtOrderNo(), SOURCE,
                contract.status(o.getOrderStatus()), false,
                o.getCardNo() == null ? null : new CanonicalOrder.Member(null, o.getCardNo()), null, null,
                o.getStoreCode(), o.getRegionCode(), items,
                new Amounts("CNY", PosContract.yuan(o.getGoodsAmt()), PosContract.yuan(o.getFreightAmt()),
                        PosContract.yuan(o.getDiscAmt()), PosContract.yuan(o.getPayAmt())),
                o.getPayType() == null && o.getPayNo() == null ? null : new CanonicalOrder.Payment(o.getPayType(), o.getPayNo()),
                created, o.getPayTime() == null ? null : contract.instant(o.getPayTime(), "PayTime"), null, null,
                contract.instant(o.getUpdateTime(), "UpdateTime"), null, null);
    }

}
