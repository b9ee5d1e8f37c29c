package io.orderhub;

import io.orderhub.config.HubProperties;
import io.orderhub.api.OrderResponses;
import io.orderhub.api.Problems;
import io.orderhub.intake.OrderIntake;
import io.orderhub.embedded.EmbeddedInfrastructure;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.stores.StoreSchemas;
import io.orderhub.intake.SecondaryWrites;
import io.orderhub.sync.SyncRelay;
import io.orderhub.cutover.WriteGate;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The platform beans that the routes in routes/platform call by name. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean(destroyMethod = "close")
    public EmbeddedInfrastructure embeddedInfrastructure(HubProperties p) {
        return EmbeddedInfrastructure.start(p);
    }

    @Bean(destroyMethod = "close")
    public OrderIntake orderIntake(NewStore newStore, OldStore oldStore, LegacyMapping legacy, StoreSchemas schemas,
                                   WriteGate gate, MeterRegistry meters, SyncRelay syncRelay,
                                   @Value("${orderhub.write.committers:4}") int committers,
                                   @Value("${orderhub.write.max-batch:64}") int maxBatch,
                                   @Value("${orderhub.write.linger-micros:1000}") long lingerMicros,
                                   @Value("${orderhub.write.queue-capacity:10000}") int capacity,
                                   @Value("${orderhub.write.answer-timeout-ms:30000}") long answerTimeoutMs) {
        // a committed sync change is relayed at once (the relay's timer catches other instances' changes)
        return new OrderIntake(newStore, oldStore, legacy, schemas, gate, syncRelay::wake, meters,
                new OrderIntake.Batching(committers, maxBatch, lingerMicros, capacity, answerTimeoutMs));
    }

    @Bean
    public SecondaryWrites secondaryWrites(NewStore newStore, OldStore oldStore) {
        return new SecondaryWrites(newStore, oldStore);
    }

    @Bean
    public Problems problems() {
        return new Problems();
    }

    @Bean
    public OrderResponses orderResponses(@Value("${camel.rest.context-path:/api}") String basePath) {
        return new OrderResponses(basePath);
    }
}
