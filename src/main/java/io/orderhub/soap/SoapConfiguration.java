package io.orderhub.soap;

import io.orderhub.intake.OrderIntake;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The legacy POS contract served by the hub at {cxf.path}/crm (default /services/crm). */
@Configuration(proxyBeanMethods = false)
public class SoapConfiguration {

    @Bean
    public PosCrmGateway posCrmGateway(OrderIntake intake, NewStore newStore, OldStore oldStore, LegacyMapping mapping,
                                       @Value("${orderhub.soap.serve-from}") PosCrmGateway.Path path,
                                       @Value("${orderhub.soap.legacy-crm-url}") String legacyUrl,
                                       @Value("${orderhub.soap.legacy-timeout-ms}") long timeout) {
        return new PosCrmGateway(new HubPosCrm(intake, newStore, oldStore, mapping), path, legacyUrl, timeout);
    }

    /** "user:password,user2:password2" from the environment (never from a committed file). */
    static java.util.Map<String, String> parseUsers(String users) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String pair : users.split(",")) {
            int i = pair.indexOf(':');
            if (i > 0) {
                map.put(pair.substring(0, i).trim(), pair.substring(i + 1).trim());
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

    @Bean(destroyMethod = "stop")
    public EndpointImpl posCrmEndpoint(Bus bus, PosCrmGateway gateway,
                                       @Value("${orderhub.soap.security.enabled}") boolean security,
                                       @Value("${orderhub.soap.security.users}") String users,
                                       @Value("${orderhub.soap.security.window-seconds}") long window) {
        EndpointImpl endpoint = new EndpointImpl(bus, gateway);
        endpoint.setWsdlLocation(SoapEndpoints.WSDL);
        endpoint.setServiceName(SoapEndpoints.SERVICE);
        endpoint.setEndpointName(SoapEndpoints.PORT);
        endpoint.setProperties(SoapEndpoints.guardedProperties());
        endpoint.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        endpoint.getInInterceptors().add(new PosIdentity.Extractor());
        if (security) {
            endpoint.getInInterceptors().add(new UsernameTokenValidator(parseUsers(users),
                    java.time.Duration.ofSeconds(window), java.time.Clock.systemUTC()));
        }
        endpoint.publish("/crm");
        return endpoint;
    }
}
