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
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.xml.ws.WebServiceException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/**
 * What a POS reaches at /services/crm: every call is served either by the legacy CRM (the old
 * path, forwarded over SOAP) or by the hub (the new path). The choice is configuration for now
 * ({@code orderhub.soap.serve-from}) and can be switched at run time; the cutover issue puts the
 * gray-release rules here.
 */
public class PosCrmGateway implements PosCrm {

    /** Who answers the POS. */
    public enum Path { LEGACY, HUB }

    private final PosCrm hub;
    private final AtomicReference<PosCrm> legacy = new AtomicReference<>();
    private volatile CircuitBreaker breaker = breaker();
    private volatile Path path;

    public PosCrmGateway(PosCrm hub, Path path, String legacyUrl, long timeoutMillis) {
        this.hub = hub;
        this.path = path;
        if (legacyUrl != null && !legacyUrl.isBlank()) {
            useLegacyCrm(legacyUrl, timeoutMillis);
        }
    }

    /** Points the old path at a legacy CRM endpoint; calls time out after {@code timeoutMillis}. */
    public final void useLegacyCrm(String url, long timeoutMillis) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        f.setProperties(Map.of("schema-validation-enabled", "false"));
        PosCrm client = (PosCrm) f.create();
        Client c = ClientProxy.getClient(client);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(Math.min(timeoutMillis, 2000));
        policy.setReceiveTimeout(timeoutMillis);
        ((HTTPConduit) c.getConduit()).setClient(policy);
        legacy.set(client);
        breaker = breaker();
    }

    // opens when half of the last 10 forwarded calls (at least 5) failed to get any answer; a CrmFault
    // is an answer. While open, POS calls fail at once with CRM-9000 instead of waiting for time-outs.
    private static CircuitBreaker breaker() {
        return CircuitBreaker.of("legacy-crm", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
    }

    /** The old path's circuit breaker state (CLOSED, OPEN, HALF_OPEN), for health and operators. */
    public CircuitBreaker.State legacyCircuit() {
        return breaker.getState();
    }

    public void serveFrom(Path p) {
        this.path = p;
    }

    public Path servingFrom() {
        return path;
    }

    private PosCrm target() throws CrmFault_Exception {
        if (path == Path.HUB) {
            return hub;
        }
        PosCrm l = legacy.get();
        if (l == null) {
            throw CrmFaults.fault(CrmFaults.UNAVAILABLE, "no legacy CRM is configured", null);
        }
        return l;
    }

    private interface Call<T> {
        T run(PosCrm crm) throws CrmFault_Exception;
    }

    private <T> T call(Call<T> call) throws CrmFault_Exception {
        PosCrm crm = target();
        if (crm == hub) {
            return call.run(crm);
        }
        CircuitBreaker cb = breaker;
        if (!cb.tryAcquirePermission()) {
            throw CrmFaults.fault(CrmFaults.UNAVAILABLE, "the legacy CRM is not answering (circuit open)", null);
        }
        long t0 = System.nanoTime();
        try {
            T answer = call.run(crm);
            cb.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            return answer;
        } catch (CrmFault_Exception answeredWithFault) {
            cb.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            throw answeredWithFault;
        } catch (WebServiceException e) {
            // the legacy CRM did not answer in time or at all: a defined fault, never a hang
            cb.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, e);
            throw CrmFaults.fault(CrmFaults.UNAVAILABLE, "the legacy CRM is not answering", null);
        }
    }

    @Override
    public QueryMemberResponse queryMember(QueryMemberRequest r) throws CrmFault_Exception {
        return call(crm -> crm.queryMember(r));
    }

    @Override
    public SubmitOrderResponse submitOrder(SubmitOrderRequest r) throws CrmFault_Exception {
        return call(crm -> crm.submitOrder(r));
    }

    @Override
    public QueryOrderResponse queryOrder(QueryOrderRequest r) throws CrmFault_Exception {
        return call(crm -> crm.queryOrder(r));
    }

    @Override
    public UpdateOrderStatusResponse updateOrderStatus(UpdateOrderStatusRequest r) throws CrmFault_Exception {
        return call(crm -> crm.updateOrderStatus(r));
    }

    @Override
    public QueryOrdersSinceResponse queryOrdersSince(QueryOrdersSinceRequest r) throws CrmFault_Exception {
        return call(crm -> crm.queryOrdersSince(r));
    }
}
