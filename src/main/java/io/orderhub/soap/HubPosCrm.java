package io.orderhub.soap;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.intake.IntakeResult;
import io.orderhub.reads.MemberQuery;
import io.orderhub.reads.OrderPage;
import io.orderhub.reads.OrderQuery;
import io.orderhub.soap.contract.CrmFault_Exception;
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
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The legacy POS contract served by the hub itself (the new path), as the steps of the pos-* routes:
 * a request becomes a typed query or a canonical sale, the routes take it through the read routes or
 * the canonical intake, and the result becomes the contract's answer. Nothing here reads a store or
 * calls the intake.
 */
public class HubPosCrm {

    /** The exchange property holding the POS request while its route runs. */
    public static final String REQUEST = "posRequest";

    private final PosContract contract;

    public HubPosCrm(LegacyMapping mapping) {
        this.contract = new PosContract(mapping);
    }

    // ---- QueryMember

    public MemberQuery memberQuery(QueryMemberRequest r) {
        return new MemberQuery(r.getCardNo(), r.getMobile());
    }

    public QueryMemberResponse memberAnswer(Optional<OldStore.Member> found,
                                            @ExchangeProperty(REQUEST) QueryMemberRequest r) throws CrmFault_Exception {
        return contract.memberResponse(found.orElseThrow(() -> PosContract.memberNotFound(r)));
    }

    // ---- SubmitOrder

    /** The sale as a validated canonical order, recording the POS's source system; CRM-1004 if amounts do not add up. */
    public CanonicalOrder sale(SubmitOrderRequest r, @ExchangeProperty("posIdentity") PosIdentity identity)
            throws CrmFault_Exception {
        CanonicalOrder sale = contract.fromSubmit(r);
        return identity == null || identity.sourceSystem() == null ? sale : sale.withSourceSystem(identity.sourceSystem());
    }

    /** A sale naming a card must name a member the CRM knows: the query, or null without a card. */
    public MemberQuery saleMemberQuery(@ExchangeProperty(REQUEST) SubmitOrderRequest r) {
        return r.getCardNo() == null ? null : new MemberQuery(r.getCardNo(), null);
    }

    public void requireSaleMember(Optional<OldStore.Member> found) throws CrmFault_Exception {
        if (found.isEmpty()) {
            throw CrmFaults.fault(CrmFaults.MEMBER_NOT_FOUND, "no member with that card number", "CardNo");
        }
    }

    public SubmitOrderResponse submitAnswer(IntakeResult result) {
        SubmitOrderResponse res = new SubmitOrderResponse();
        boolean created = result.outcome() == IntakeResult.Outcome.CREATED;
        res.setResultCode(created ? CrmFaults.RESULT_OK : CrmFaults.RESULT_DUPLICATE);
        res.setResultMsg(created ? "OK" : "duplicate transaction; the original order is returned");
        res.setOrderNo(result.order().legacyOrderNo());
        return res;
    }

    // ---- QueryOrder

    public OrderQuery orderQuery(QueryOrderRequest r) {
        return new OrderQuery.ByLegacyOrderNo(r.getOrderNo());
    }

    public QueryOrderResponse orderAnswer(Optional<CanonicalOrder> found,
                                          @ExchangeProperty(REQUEST) QueryOrderRequest r) throws CrmFault_Exception {
        QueryOrderResponse res = new QueryOrderResponse();
        res.setResultCode(CrmFaults.RESULT_OK);
        res.setResultMsg("OK");
        res.setOrder(contract.toOrderInfo(found.orElseThrow(() -> orderNotFound(r.getOrderNo()))));
        return res;
    }

    // ---- UpdateOrderStatus

    public OrderQuery statusOrderQuery(UpdateOrderStatusRequest r) {
        return new OrderQuery.ByLegacyOrderNo(r.getOrderNo());
    }

    /**
     * The command for the intake's status change, as exchange properties orderId, targetStatus and
     * operTime (the contract's OperTime becomes the order's last business change).
     */
    public void statusChange(Optional<CanonicalOrder> found, @ExchangeProperty(REQUEST) UpdateOrderStatusRequest r,
                             Exchange exchange) throws CrmFault_Exception {
        CanonicalOrder order = found.orElseThrow(() -> orderNotFound(r.getOrderNo()));
        exchange.setProperty("targetStatus", contract.status(r.getOrderStatus()));
        exchange.setProperty("operTime", contract.instant(r.getOperTime(), "OperTime"));
        exchange.setProperty("orderId", order.id());
    }

    public UpdateOrderStatusResponse statusAnswer(@ExchangeProperty(REQUEST) UpdateOrderStatusRequest r) {
        UpdateOrderStatusResponse res = new UpdateOrderStatusResponse();
        res.setResultCode(CrmFaults.RESULT_OK);
        res.setResultMsg("OK");
        res.setOrderStatus(r.getOrderStatus());
        return res;
    }

    // ---- QueryOrdersSince

    public OrderQuery changedQuery(QueryOrdersSinceRequest r) throws CrmFault_Exception {
        return new OrderQuery.ChangedSince(contract.instant(r.getSince(), "Since"),
                (r.getPageNo() - 1) * r.getPageSize(), r.getPageSize());
    }

    public QueryOrdersSinceResponse changedAnswer(OrderPage page, @ExchangeProperty(REQUEST) QueryOrdersSinceRequest r) {
        QueryOrdersSinceResponse res = new QueryOrdersSinceResponse();
        res.setResultCode(CrmFaults.RESULT_OK);
        res.setResultMsg("OK");
        res.setTotalCount((int) page.total());
        res.setPageNo(r.getPageNo());
        page.orders().forEach(o -> res.getOrder().add(contract.toOrderInfo(o)));
        return res;
    }

    private static CrmFault_Exception orderNotFound(String orderNo) {
        return CrmFaults.fault(CrmFaults.ORDER_NOT_FOUND, "no order " + orderNo, "OrderNo");
    }
}
