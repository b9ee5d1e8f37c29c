package io.orderhub.soap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * What a POS reaches at /services/crm (routes/pos/pos-crm.camel.yaml): which path answers — the
 * legacy CRM (the old path, forwarded over SOAP) or the hub (the new path) — and the old path's
 * client. The choice is configuration for now ({@code orderhub.soap.serve-from}) and can be switched
 * at run time; the cutover issue puts the gray-release rules in the route's choice.
 *
 * <p>The forward runs inside the route's circuitBreaker EIP, which owns {@link #legacyCircuit()}
 * (the Resilience4j breaker from the registry): every exception of {@link #forward} is recorded as a
 * failure, a CrmFault answered by the legacy CRM is returned as an answer.
 */
public class PosCrmGateway {

    private final long connectTimeoutMillis;

    /** Who answers the POS. */
    public enum Path { LEGACY, HUB }

    private final CircuitBreaker breaker;
    private final AtomicReference<PosCrm> legacy = new AtomicReference<>();
    private volatile Path path;

    public PosCrmGateway(CircuitBreaker breaker, Path path, String legacyUrl, long timeoutMillis) {
        this(breaker, path, legacyUrl, 2000, timeoutMillis);
    }

    /** The old path with its connect time-out and its read time-out (the whole forwarded call). */
    public PosCrmGateway(CircuitBreaker breaker, Path path, String legacyUrl, long connectTimeoutMillis,
                         long timeoutMillis) {
        this.breaker = breaker;
        this.path = path;
        this.connectTimeoutMillis = connectTimeoutMillis;
        if (legacyUrl != null && !legacyUrl.isBlank()) {
            useLegacyCrm(legacyUrl, timeoutMillis);
        }
    }

    /**
     * Points the old path at a legacy CRM endpoint; the client gives up after {@code timeoutMillis}
     * (the route's time limiter bounds the whole call too). A new CRM starts with a closed circuit.
     */
    public final void useLegacyCrm(String url, long timeoutMillis) {
        // the legacy CRM's answers are passed on as they are; the POS validates what it receives
        useLegacyCrm(LegacyCrmClients.create(url, Duration.ofMillis(Math.min(timeoutMillis, connectTimeoutMillis)),
                Duration.ofMillis(timeoutMillis)));
    }

    /** The old path's client (null when none is configured). */
    PosCrm legacyClient() {
        return legacy.get();
    }

    /** Points the old path at a legacy CRM client (any implementation of the contract). */
    public void useLegacyCrm(PosCrm client) {
        legacy.set(client);
        breaker.reset();
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

    /** The route's choice: true forwards the call to the legacy CRM. */
    public boolean servesFromLegacy() {
        return path == Path.LEGACY;
    }

    /** The identity {@link PosIdentity.Extractor} resolved for the call (the account's binding, headers where allowed). */
    public PosIdentity identity(Exchange exchange) {
        return PosIdentity.of(exchange.getIn().getHeader(
                org.apache.camel.component.cxf.common.message.CxfConstants.CAMEL_CXF_MESSAGE,
                org.apache.cxf.message.Message.class));
    }

    /**
     * The old path, a step inside the circuit breaker: the legacy CRM's answer, or the CrmFault it
     * answered with (an answer, passed on to the POS as the body). Anything else it throws (time-out,
     * refused connection, an answer that is not the contract, any RuntimeException) is a failure the
     * breaker records.
     */
    public Object forward(@ExchangeProperty("posOperation") String operation, Object request) {
        PosCrm crm = legacy.get();
        if (crm == null) {
            throw new IllegalStateException("no legacy CRM is configured (orderhub.soap.legacy-crm-url)");
        }
        try {
            return switch (operation) {
                case "QueryMember" -> crm.queryMember((QueryMemberRequest) request);
                case "SubmitOrder" -> crm.submitOrder((SubmitOrderRequest) request);
                case "QueryOrder" -> crm.queryOrder((QueryOrderRequest) request);
                case "UpdateOrderStatus" -> crm.updateOrderStatus((UpdateOrderStatusRequest) request);
                case "QueryOrdersSince" -> crm.queryOrdersSince((QueryOrdersSinceRequest) request);
                case "RegisterMember" -> crm.registerMember((io.orderhub.soap.contract.RegisterMemberRequest) request);
                case "UpdateMember" -> crm.updateMember((io.orderhub.soap.contract.UpdateMemberRequest) request);
                default -> throw new IllegalArgumentException("not an operation of the contract: " + operation);
            };
        } catch (CrmFault_Exception answeredWithFault) {
            return answeredWithFault;
        }
    }

    /**
     * The circuit breaker's fallback: CRM-9000, so the POS may retry, instead of a hang or a stack
     * trace. A call refused by an open circuit never reached the legacy CRM and says so.
     */
    public CrmFault_Exception unavailable(Exchange exchange) {
        boolean refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null
                && breaker.getState() != CircuitBreaker.State.CLOSED;
        return CrmFaults.fault(CrmFaults.UNAVAILABLE, refused
                ? "the legacy CRM is not answering (circuit open)" : "the legacy CRM is not answering", null);
    }
}
