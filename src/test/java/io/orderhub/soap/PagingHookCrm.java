package io.orderhub.soap;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;

/**
 * A test-only stand-in in front of the legacy CRM simulator: forwards every call over SOAP to it,
 * and after the n-th QueryOrdersSince answer runs a change once, so a test can change the legacy
 * data between two pages of one poll. Uses only the simulator's contract, nothing of its insides.
 */
final class PagingHookCrm implements PosCrm {

    private final PosCrm legacy;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int after;
    private volatile Consumer<QueryOrdersSinceResponse> change;

    private PagingHookCrm(String legacyUrl) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(legacyUrl);
        this.legacy = (PosCrm) f.create();
    }

    /** Serves the stand-in at {@code url} in front of the legacy CRM at {@code legacyUrl}. */
    static PagingHookCrm start(String url, String legacyUrl, Server[] server) {
        PagingHookCrm hook = new PagingHookCrm(legacyUrl);
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setServiceBean(hook);
        f.setAddress(url);
        server[0] = f.create();
        return hook;
    }

    /** After the {@code n}-th QueryOrdersSince answer from now on, run {@code change} with that answer, once. */
    void afterQueryOrdersSince(int n, Consumer<QueryOrdersSinceResponse> change) {
        calls.set(0);
        this.after = n;
        this.change = change;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public QueryOrdersSinceResponse queryOrdersSince(QueryOrdersSinceRequest r) throws CrmFault_Exception {
        QueryOrdersSinceResponse res = legacy.queryOrdersSince(r);
        Consumer<QueryOrdersSinceResponse> c = change;
        if (calls.incrementAndGet() == after && c != null) {
            change = null;
            c.accept(res);
        }
        return res;
    }

    @Override
    public QueryMemberResponse queryMember(QueryMemberRequest r) throws CrmFault_Exception {
        return legacy.queryMember(r);
    }

    @Override
    public SubmitOrderResponse submitOrder(SubmitOrderRequest r) throws CrmFault_Exception {
        return legacy.submitOrder(r);
    }

    @Override
    public QueryOrderResponse queryOrder(QueryOrderRequest r) throws CrmFault_Exception {
        return legacy.queryOrder(r);
    }

    @Override
    public UpdateOrderStatusResponse updateOrderStatus(UpdateOrderStatusRequest r) throws CrmFault_Exception {
        return legacy.updateOrderStatus(r);
    }

    @Override
    public io.orderhub.soap.contract.RegisterMemberResponse registerMember(
            io.orderhub.soap.contract.RegisterMemberRequest r) throws CrmFault_Exception {
        return legacy.registerMember(r);
    }

    @Override
    public io.orderhub.soap.contract.UpdateMemberResponse updateMember(
            io.orderhub.soap.contract.UpdateMemberRequest r) throws CrmFault_Exception {
        return legacy.updateMember(r);
    }
}
