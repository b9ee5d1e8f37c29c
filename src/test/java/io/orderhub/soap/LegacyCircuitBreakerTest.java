package io.orderhub.soap;

import io.orderhub.support.HubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.support.HubTest;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Defect 6: the old path's circuit breaker records every failure, not only the JAX-WS ones. A legacy
 * CRM that answers what is not the contract opens the circuit, an open circuit answers CRM-9000 without
 * calling the CRM, and the half-open trial calls are recorded whatever they end in — a RuntimeException
 * reopens the circuit (before the fix its permission leaked and the circuit stayed half-open, refusing
 * every call for good), a CrmFault is an answer that closes it.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyCircuitBreakerTest {

    @LocalServerPort
    int port;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    CircuitBreaker legacyCrmCircuitBreaker;

    private HttpServer maintenancePage;
    private final AtomicInteger pageHits = new AtomicInteger();
    private PosCrm hub;

    @BeforeAll
    void start() throws Exception {
        // a legacy CRM behind a proxy that answers HTTP 200 with an HTML page instead of SOAP
        maintenancePage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        maintenancePage.createContext("/crm", ex -> {
            pageHits.incrementAndGet();
            byte[] b = "<html><body>down for maintenance</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        maintenancePage.start();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        hub = HubHttp.authorizeSoap((PosCrm) f.create());
    }

    @AfterAll
    void stop() {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        maintenancePage.stop(0);
    }

    private static QueryMemberRequest card() {
        QueryMemberRequest r = new QueryMemberRequest();
        r.setCardNo("66001234567");
        return r;
    }

    private CrmFault_Exception call() {
        return catchThrowableOfType(CrmFault_Exception.class, () -> hub.queryMember(card()));
    }

    /** A legacy CRM client whose every call ends the way {@code outcome} says. */
    private static PosCrm legacyThat(java.util.function.Supplier<Exception> outcome) {
        return (PosCrm) Proxy.newProxyInstance(PosCrm.class.getClassLoader(), new Class<?>[] {PosCrm.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(outcome, args);
                    }
                    throw outcome.get();
                });
    }

    @Test
    void aLegacyCrmThatNeverAnswersIsCutOffByTheTimeLimiterAndRecorded() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        try {
            // hangs below the HTTP client's own time-out: only the breaker's time limiter ends the call
            gateway.useLegacyCrm(legacyThat(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new IllegalStateException("released");
            }));
            gateway.serveFrom(PosCrmGateway.Path.LEGACY);
            assertThat(call().getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            assertThat(legacyCrmCircuitBreaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        } finally {
            never.countDown();
            gateway.serveFrom(PosCrmGateway.Path.HUB);
        }
    }

    @Test
    void everyFailureIsRecordedAndAHalfOpenCircuitNeverSticks() {
        try {
            gateway.useLegacyCrm("http://127.0.0.1:" + maintenancePage.getAddress().getPort() + "/crm", 2000);
            gateway.serveFrom(PosCrmGateway.Path.LEGACY);

            // five answers that are not the contract: each is CRM-9000 for the POS and a failure for the breaker
            for (int i = 0; i < 5; i++) {
                assertThat(call().getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            }
            assertThat(pageHits).hasValue(5);
            assertThat(gateway.legacyCircuit()).isEqualTo(CircuitBreaker.State.OPEN);
            CrmFault_Exception open = call();
            assertThat(open.getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            assertThat(open.getFaultInfo().getFaultMessage()).contains("circuit open");
            assertThat(pageHits).as("an open circuit does not call the legacy CRM").hasValue(5);

            // the open wait is over (30 s in production): two trial calls, each ending in a RuntimeException
            gateway.useLegacyCrm(legacyThat(() -> new IllegalStateException("an answer the client cannot read")));
            legacyCrmCircuitBreaker.transitionToOpenState();
            legacyCrmCircuitBreaker.transitionToHalfOpenState();
            assertThat(call().getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            assertThat(call().getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            assertThat(gateway.legacyCircuit()).as("both trials recorded as failures: open again")
                    .isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(legacyCrmCircuitBreaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);

            // the next trials are answered with a CrmFault: an answer for the POS, successes for the breaker
            gateway.useLegacyCrm(legacyThat(() -> CrmFaults.fault(CrmFaults.MEMBER_NOT_FOUND, "no member", "CardNo")));
            legacyCrmCircuitBreaker.transitionToOpenState();
            legacyCrmCircuitBreaker.transitionToHalfOpenState();
            for (int i = 0; i < 2; i++) {
                CrmFault_Exception answer = call();
                assertThat(answer.getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.MEMBER_NOT_FOUND);
                assertThat(answer.getFaultInfo().getElement()).isEqualTo("CardNo");
            }
            assertThat(gateway.legacyCircuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        } finally {
            gateway.serveFrom(PosCrmGateway.Path.HUB);
        }
    }
}
