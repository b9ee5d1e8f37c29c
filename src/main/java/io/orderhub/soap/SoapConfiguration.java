package io.orderhub.soap;

import io.orderhub.stores.LegacyMapping;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.orderhub.soap.contract.PosCrm;
import org.apache.camel.CamelContext;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The legacy POS contract served by the hub at {cxf.path}/crm (default /services/crm) and its old path. */
@Configuration(proxyBeanMethods = false)
public class SoapConfiguration {

    /**
     * The old path's circuit breaker, used by the circuitBreaker EIP of pos-legacy-forward and read by
     * health. It opens when half of the last forwarded calls failed to get any answer (a CrmFault is
     * an answer); while open, POS calls fail at once with CRM-9000 instead of waiting for time-outs.
     */
    @Bean
    public CircuitBreaker legacyCrmCircuitBreaker(
            @Value("${orderhub.soap.legacy-circuit.sliding-window-size}") int window,
            @Value("${orderhub.soap.legacy-circuit.minimum-calls}") int minimumCalls,
            @Value("${orderhub.soap.legacy-circuit.failure-rate-percent}") float failureRate,
            @Value("${orderhub.soap.legacy-circuit.open-seconds}") long openSeconds,
            @Value("${orderhub.soap.legacy-circuit.half-open-calls}") int halfOpenCalls) {
        return CircuitBreaker.of("legacy-crm", CircuitBreakerConfig.custom()
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(java.time.Duration.ofSeconds(openSeconds))
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .build());
    }

    /**
     * Threads the breaker's time limiter runs forwarded calls on (not the common pool, which has one
     * thread on two cores); when all are busy a call is refused at once and counts as a failure. A
     * Camel thread-pool profile, not a Spring executor bean, so Spring Boot keeps its own task executor.
     */
    @Bean
    public CamelContextConfiguration legacyCrmCallsPool(
            @Value("${orderhub.soap.legacy-circuit.max-concurrent-calls}") int max) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder("legacyCrmCalls")
                        .poolSize(1).maxPoolSize(max).maxQueueSize(0).keepAliveTime(60L)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing to do once started
            }
        };
    }

    @Bean
    public PosCrmGateway posCrmGateway(CircuitBreaker legacyCrmCircuitBreaker,
                                       @Value("${orderhub.soap.serve-from}") PosCrmGateway.Path path,
                                       @Value("${orderhub.soap.legacy-crm-url}") String legacyUrl,
                                       @Value("${orderhub.outbound.legacy-crm-connect-timeout}") java.time.Duration connect,
                                       @Value("${orderhub.soap.legacy-timeout-ms}") long timeout) {
        return new PosCrmGateway(legacyCrmCircuitBreaker, path, legacyUrl, connect.toMillis(), timeout);
    }

    @Bean
    public HubPosCrm hubPosCrm(LegacyMapping mapping) {
        return new HubPosCrm(mapping);
    }

    @Bean
    public PosFaults posFaults(LegacyMapping mapping) {
        return new PosFaults(mapping);
    }

    /**
     * "user:password,user2:password2@source-system/region/store" from the environment (never from a
     * committed file): the passwords by user. A user's POS identity binding follows the last '@' when
     * that part has the form source-system/region/store (any part may be empty).
     */
    static java.util.Map<String, String> parseUsers(String users) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        parseAccounts(users).forEach((user, account) -> map.put(user, account.password()));
        return map;
    }

    /** The POS identity each WS-Security user is bound to (unbound users: {@link PosIdentity.Binding#UNBOUND}). */
    static java.util.Map<String, PosIdentity.Binding> parseBindings(String users) {
        java.util.Map<String, PosIdentity.Binding> map = new java.util.HashMap<>();
        parseAccounts(users).forEach((user, account) -> map.put(user, account.binding()));
        return map;
    }

    record PosAccount(String password, PosIdentity.Binding binding) {
    }

    private static java.util.Map<String, PosAccount> parseAccounts(String users) {
        java.util.Map<String, PosAccount> map = new java.util.HashMap<>();
        for (String pair : users.split(",")) {
            int i = pair.indexOf(':');
            if (i > 0) {
                String user = pair.substring(0, i).trim();
                String rest = pair.substring(i + 1).trim();
                int at = rest.lastIndexOf('@');
                PosIdentity.Binding binding = PosIdentity.Binding.UNBOUND;
                if (at >= 0 && rest.substring(at + 1).split("/", -1).length == 3) {
                    try {
                        binding = PosIdentity.Binding.parse(rest.substring(at + 1).trim());
                    } catch (IllegalArgumentException e) {
                        // the password is not shown
                        throw new IllegalStateException("orderhub.soap.security.users, user " + user + ": "
                                + e.getMessage());
                    }
                    rest = rest.substring(0, at);
                }
                map.put(user, new PosAccount(rest, binding));
            }
        }
        if (map.isEmpty()) {
            throw new IllegalStateException("orderhub.soap.security.enabled needs orderhub.soap.security.users");
        }
        return map;
    }

    @Bean
    public org.springframework.boot.actuate.health.HealthIndicator legacyCrmHealthIndicator(PosCrmGateway gateway) {
        return () -> {
            var state = gateway.legacyCircuit();
            var b = state == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN
                    && gateway.servingFrom() == PosCrmGateway.Path.LEGACY
                    ? org.springframework.boot.actuate.health.Health.down()
                    : org.springframework.boot.actuate.health.Health.up();
            return b.withDetail("servingFrom", gateway.servingFrom()).withDetail("legacyCircuit", state).build();
        };
    }

    /** WS-Security nonces of every instance, in the new store (bounded: expired rows are purged). */
    @Bean
    public NonceStore wsSecurityNonces(@org.springframework.beans.factory.annotation.Qualifier("newStoreDataSource")
                                       javax.sql.DataSource newStore,
                                       @Value("${orderhub.soap.security.nonce-purge-seconds:60}") long purgeSeconds) {
        return new NonceStore(newStore, java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(purgeSeconds));
    }

    /** The cxf: consumer of routes/pos/pos-crm.camel.yaml, on the hub's servlet at {cxf.path}/crm. */
    @Bean
    public CxfEndpoint posCrmEndpoint(Bus bus, NonceStore wsSecurityNonces,
                                      @Value("${orderhub.soap.security.enabled}") boolean security,
                                      @Value("${orderhub.soap.security.users}") String users,
                                      @Value("${orderhub.soap.security.window-seconds}") long window) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setBus(bus);
        endpoint.setAddress("/crm");
        endpoint.setWsdlURL(SoapEndpoints.WSDL);
        endpoint.setServiceClass(PosCrm.class);
        endpoint.setServiceNameAsQName(SoapEndpoints.SERVICE);
        endpoint.setPortNameAsQName(SoapEndpoints.PORT);
        endpoint.setDataFormat(DataFormat.POJO);
        // the Tomcat thread answers the POS itself: no continuation with its own 30 s time-out
        endpoint.setSynchronous(true);
        endpoint.setProperties(SoapEndpoints.guardedProperties());
        endpoint.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        endpoint.getInInterceptors().add(security ? new PosIdentity.Extractor(parseBindings(users))
                : new PosIdentity.Extractor());
        if (security) {
            endpoint.getInInterceptors().add(new UsernameTokenValidator(parseUsers(users),
                    java.time.Duration.ofSeconds(window), java.time.Clock.systemUTC(), wsSecurityNonces));
        }
        return endpoint;
    }
}
