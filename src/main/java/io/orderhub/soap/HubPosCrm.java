package io.orderhub.soap;

import io.orderhub.intake.OrderNotFoundException;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.IllegalTransitionException;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.intake.IntakeResult;
import io.orderhub.intake.OrderIntake;
import io.orderhub.intake.StoreUnavailableException;
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
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import java.sql.SQLException;

/**
 * The legacy POS contract served by the hub itself (the new path): sales go through the canonical
 * intake like any channel (both stores, Kafka), orders are read from the new store. Members stay in
 * the legacy CRM's member table until members migrate, so QueryMember reads it there.
 */
public class HubPosCrm implements PosCrm {

    private final OrderIntake intake;
    private final NewStore newStore;
    private final OldStore oldStore;
    private final PosContract contract;

    public HubPosCrm(OrderIntake intake, NewStore newStore, OldStore oldStore, LegacyMapping mapping) {
        this.intake = intake;
        this.newStore = newStore;
        this.oldStore = oldStore;
        this.contract = new PosContract(mapping);
    }

    @Override
    public QueryMemberResponse queryMember(QueryMemberRequest r) throws CrmFault_Exception {
        return contract.memberResponse(CrmFaults.sql(() -> oldStore.findMember(r.getCardNo(), r.getMobile()))
                .orElseThrow(() -> PosContract.memberNotFound(r)));
    }

    @Override
    public SubmitOrderResponse submitOrder(SubmitOrderRequest r) throws CrmFault_Exception {
        String source = PosIdentity.current().sourceSystem();
        CanonicalOrder sale = contract.fromSubmit(r);
        CanonicalOrder order = source == null ? sale : sale.withSourceSystem(source);
        if (r.getCardNo() != null && CrmFaults.sql(() -> oldStore.findMember(r.getCardNo(), null)).isEmpty()) {
            throw CrmFaults.fault(CrmFaults.MEMBER_NOT_FOUND, "no member with that card number", "CardNo");
        }
        IntakeResult result;
        try {
            result = intake.accept(order, null);
        } catch (InvalidOrderException e) {
            throw CrmFaults.fault(CrmFaults.INVALID_REQUEST, e.errors().get(0).field() + " "
                    + e.errors().get(0).reason(), PosContract.element(e.errors().get(0).field()));
        } catch (StoreUnavailableException e) {
            throw CrmFaults.fault(CrmFaults.UNAVAILABLE, "the CRM cannot take orders right now", null);
        }
        SubmitOrderResponse res = new SubmitOrderResponse();
        boolean created = result.outcome() == IntakeResult.Outcome.CREATED;
        res.setResultCode(created ? CrmFaults.RESULT_OK : CrmFaults.RESULT_DUPLICATE);
        res.setResultMsg(created ? "OK" : "duplicate transaction; the original order is returned");
        res.setOrderNo(result.order().legacyOrderNo());
        return res;
    }

    @Override
    public QueryOrderResponse queryOrder(QueryOrderRequest r) throws CrmFault_Exception {
        QueryOrderResponse res = new QueryOrderResponse();
        res.setResultCode(CrmFaults.RESULT_OK);
        res.setResultMsg("OK");
        res.setOrder(contract.toOrderInfo(find(r.getOrderNo())));
        return res;
    }

    @Override
    public UpdateOrderStatusResponse updateOrderStatus(UpdateOrderStatusRequest r) throws CrmFault_Exception {
        CanonicalOrder o = find(r.getOrderNo());
        try {
            intake.changeStatus(o.id(), contract.status(r.getOrderStatus()), contract.instant(r.getOperTime(), "OperTime"));
        } catch (IllegalTransitionException e) {
            throw CrmFaults.fault(CrmFaults.ILLEGAL_STATUS, "cannot change status " + r.getOrderStatus() + " from "
                    + contract.toOrderInfo(o).getOrderStatus(), "OrderStatus");
        } catch (OrderNotFoundException e) {
            throw CrmFaults.fault(CrmFaults.ORDER_NOT_FOUND, "no order " + r.getOrderNo(), "OrderNo");
        } catch (StoreUnavailableException e) {
            throw CrmFaults.fault(CrmFaults.UNAVAILABLE, "the CRM cannot change orders right now", null);
        }
        UpdateOrderStatusResponse res = new UpdateOrderStatusResponse();
        res.setResultCode(CrmFaults.RESULT_OK);
        res.setResultMsg("OK");
        res.setOrderStatus(r.getOrderStatus());
        return res;
    }

    @Override
    public QueryOrdersSinceResponse queryOrdersSince(QueryOrdersSinceRequest r) throws CrmFault_Exception {
        var since = contract.instant(r.getSince(), "Since");
        int offset = (r.getPageNo() - 1) * r.getPageSize();
        NewStore.ChangedPage page = CrmFaults.sql(() -> newStore.findChangedSince(since, offset, r.getPageSize()));
        QueryOrdersSinceResponse res = new QueryOrdersSinceResponse();
        res.setResultCode(CrmFaults.RESULT_OK);
        res.setResultMsg("OK");
        res.setTotalCount((int) page.total());
        res.setPageNo(r.getPageNo());
        page.orders().forEach(o -> res.getOrder().add(contract.toOrderInfo(o)));
        return res;
    }

    private CanonicalOrder find(String orderNo) throws CrmFault_Exception {
        return CrmFaults.sql(() -> newStore.findByLegacyOrderNo(orderNo))
                .orElseThrow(() -> CrmFaults.fault(CrmFaults.ORDER_NOT_FOUND, "no order " + orderNo, "OrderNo"));
    }
}
