package io.orderhub.soap;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.IllegalTransitionException;
import io.orderhub.canonical.OrderStatus;
import io.orderhub.canonical.OrderTransitions;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryMemberResponse;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.soap.contract.QueryOrderResponse;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.QueryOrdersSinceResponse;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.soap.contract.SubmitOrderResponse;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import io.orderhub.soap.contract.UpdateOrderStatusResponse;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.OldStore;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.cxf.endpoint.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy CRM as POS systems know it: a real CXF SOAP server on a port of its own, implementing
 * the legacy contract over the legacy MariaDB schema (the old store). It numbers orders itself on
 * SubmitOrder, and is what the hub's compatibility suite compares the hub against.
 */
public class LegacyCrmSimulator implements PosCrm {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyCrmSimulator.class);
    static final String OK = "0000";
    static final String DUPLICATE = "0001";

    private final OldStore store;
    private final PosContract contract;

    public LegacyCrmSimulator(OldStore store, LegacyMapping mapping) {
        this.store = store;
        this.contract = new PosContract(mapping);
    }

    /** Serves the contract at http://127.0.0.1:{port}/crm until the returned server is stopped. */
    public static Server start(int port, OldStore store, LegacyMapping mapping) {
        Server server = SoapEndpoints.publish("http://127.0.0.1:" + port + "/crm", new LegacyCrmSimulator(store, mapping));
        LOG.info("legacy CRM simulator serving http://127.0.0.1:{}/crm?wsdl", port);
        return server;
    }

    @Override
    public QueryMemberResponse queryMember(QueryMemberRequest r) throws CrmFault_Exception {
        return contract.memberResponse(CrmFaults.sql(() -> store.findMember(r.getCardNo(), r.getMobile()))
                .orElseThrow(() -> PosContract.memberNotFound(r)));
    }

    @Override
    public SubmitOrderResponse submitOrder(SubmitOrderRequest r) throws CrmFault_Exception {
        CanonicalOrder order = contract.fromSubmit(r);
        SubmitOrderResponse res = new SubmitOrderResponse();
        Optional<OldStore.Ref> earlier = CrmFaults.sql(() -> store.findByChannelKey(order.channelKey()));
        if (earlier.isPresent()) {
            // a POS retrying a sale it did not see answered gets the original order number
            res.setResultCode(DUPLICATE);
            res.setResultMsg("duplicate transaction; the original order is returned");
            res.setOrderNo(earlier.get().legacyOrderNo());
            return res;
        }
        if (r.getCardNo() != null && CrmFaults.sql(() -> store.findMember(r.getCardNo(), null)).isEmpty()) {
            throw CrmFaults.fault(CrmFaults.MEMBER_NOT_FOUND, "no member with that card number", "CardNo");
        }
        OldStore.Insert ins = CrmFaults.sql(() -> store.insert(order.withIdentity(null, null, 1L)));
        res.setResultCode(ins.created() ? OK : DUPLICATE);
        res.setResultMsg(ins.created() ? "OK" : "duplicate transaction; the original order is returned");
        res.setOrderNo(ins.ref().legacyOrderNo());
        return res;
    }

    @Override
    public QueryOrderResponse queryOrder(QueryOrderRequest r) throws CrmFault_Exception {
        OldStore.LegacyRow row = CrmFaults.sql(() -> store.findRowByLegacyOrderNo(r.getOrderNo()))
                .orElseThrow(() -> CrmFaults.fault(CrmFaults.ORDER_NOT_FOUND, "no order " + r.getOrderNo(), "OrderNo"));
        QueryOrderResponse res = new QueryOrderResponse();
        res.setResultCode(OK);
        res.setResultMsg("OK");
        res.setOrder(contract.fromLegacyRow(row));
        return res;
    }

    @Override
    public UpdateOrderStatusResponse updateOrderStatus(UpdateOrderStatusRequest r) throws CrmFault_Exception {
        OldStore.LegacyRow row = CrmFaults.sql(() -> store.findRowByLegacyOrderNo(r.getOrderNo()))
                .orElseThrow(() -> CrmFaults.fault(CrmFaults.ORDER_NOT_FOUND, "no order " + r.getOrderNo(), "OrderNo"));
        String current = (String) row.head().get("ORDER_STATUS");
        OrderStatus target = contract.status(r.getOrderStatus());
        LocalDateTime at = contract.localTime(r.getOperTime(), "OperTime");
        try {
            OrderTransitions.STATUS.command(contract.status(current), target);
        } catch (IllegalTransitionException e) {
            throw CrmFaults.fault(CrmFaults.ILLEGAL_STATUS, "cannot change status " + r.getOrderStatus()
                    + " from " + current, "OrderStatus");
        }
        String timeColumn = target == OrderStatus.SHIPPED ? "SHIP_TIME" : target == OrderStatus.COMPLETED ? "FINISH_TIME" : null;
        CrmFaults.sql(() -> store.updateStatus(r.getOrderNo(), r.getOrderStatus(), at, timeColumn));
        UpdateOrderStatusResponse res = new UpdateOrderStatusResponse();
        res.setResultCode(OK);
        res.setResultMsg("OK");
        res.setOrderStatus(r.getOrderStatus());
        return res;
    }

    @Override
    public QueryOrdersSinceResponse queryOrdersSince(QueryOrdersSinceRequest r) throws CrmFault_Exception {
        var since = contract.localTime(r.getSince(), "Since");
        int offset = (r.getPageNo() - 1) * r.getPageSize();
        OldStore.ChangedPage page = CrmFaults.sql(() -> store.findChangedSince(since, offset, r.getPageSize()));
        QueryOrdersSinceResponse res = new QueryOrdersSinceResponse();
        res.setResultCode(OK);
        res.setResultMsg("OK");
        res.setTotalCount((int) page.total());
        res.setPageNo(r.getPageNo());
        for (String no : page.orderNos()) {
            CrmFaults.sql(() -> store.findRowByLegacyOrderNo(no)).ifPresent(row -> res.getOrder().add(contract.fromLegacyRow(row)));
        }
        return res;
    }
}
