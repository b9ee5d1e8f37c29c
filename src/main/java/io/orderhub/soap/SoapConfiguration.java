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

    @Bean
    public LegacyCrmPoller legacyCrmPoller(OrderIntake intake, NewStore newStore, LegacyMapping mapping,
                                           org.apache.camel.ProducerTemplate producer,
                                           @Value("${orderhub.legacy-poll.needs-attention-queue}") String queue,
                                           @Value("${orderhub.legacy-poll.start}") String start,
                                           @Value("${orderhub.legacy-poll.lag-seconds}") long lagSeconds,
                                           @Value("${orderhub.soap.legacy-crm-url}") String legacyUrl) {
        LegacyCrmPoller poller = new LegacyCrmPoller(intake, newStore, mapping, producer, queue, start,
                java.time.Duration.ofSeconds(lagSeconds));
        if (!legacyUrl.isBlank()) {
            poller.useLegacyCrm(legacyUrl);
        }
        return poller;
    }

    @Bean(destroyMethod = "stop")
    public EndpointImpl posCrmEndpoint(Bus bus, PosCrmGateway gateway) {
        EndpointImpl endpoint = new EndpointImpl(bus, gateway);
        endpoint.setWsdlLocation(SoapEndpoints.WSDL);
        endpoint.setServiceName(SoapEndpoints.SERVICE);
        endpoint.setEndpointName(SoapEndpoints.PORT);
        endpoint.setProperties(SoapEndpoints.guardedProperties());
        endpoint.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        endpoint.getInInterceptors().add(new PosIdentity.Extractor());
        endpoint.publish("/crm");
        return endpoint;
    }
}
