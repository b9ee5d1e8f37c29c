package io.orderhub.soap;

import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.IllegalTransitionException;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.intake.OrderNotFoundException;
import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.stores.LegacyMapping;
import org.apache.camel.Exchange;

/**
 * The hub-soap route configuration's answer to a failure: the contract's CrmFault, set as the body,
 * which the cxf: consumer sends as the SOAP Fault. What the contract has no code for is passed on as
 * it is and becomes CRM-9999 with a logged id ({@link CrmFaultInterceptor}).
 */
public class PosFaults {

    private final LegacyMapping mapping;

    public PosFaults(LegacyMapping mapping) {
        this.mapping = mapping;
    }

    public void answer(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(of(e));
    }

    Throwable of(Throwable e) {
        if (e instanceof CrmFault_Exception) {
            return e;
        }
        if (e instanceof InvalidOrderException invalid) {
            FieldError first = invalid.errors().get(0);
            return CrmFaults.fault(CrmFaults.INVALID_REQUEST, first.field() + " " + first.reason(),
                    PosContract.element(first.field()));
        }
        if (e instanceof io.orderhub.canonical.InvalidMemberException invalid) {
            FieldError first = invalid.errors().get(0);
            String element = PosContract.memberElement(first.field());
            return CrmFaults.fault(CrmFaults.INVALID_REQUEST, element + " " + first.reason(), element);
        }
        if (e instanceof IllegalTransitionException t) {
            return CrmFaults.fault(CrmFaults.ILLEGAL_STATUS, "cannot change status " + legacyStatus(t.to())
                    + " from " + legacyStatus(t.from()), "OrderStatus");
        }
        if (e instanceof OrderNotFoundException) {
            return CrmFaults.fault(CrmFaults.ORDER_NOT_FOUND, "no such order", "OrderNo");
        }
        if (e instanceof StoreUnavailableException) {
            org.slf4j.LoggerFactory.getLogger(PosFaults.class).warn("CRM store unavailable: {}", e.getMessage());
            return CrmFaults.fault(CrmFaults.UNAVAILABLE, "the CRM is not available right now", null);
        }
        return e;
    }

    private String legacyStatus(String canonical) {
        String code = mapping.code("status", canonical);
        return code != null ? code : canonical;
    }
}
