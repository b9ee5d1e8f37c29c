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

    @Bean
    public OrderIntake orderIntake(NewStore newStore, OldStore oldStore, LegacyMapping legacy, StoreSchemas schemas) {
        return new OrderIntake(newStore, oldStore, legacy, schemas);
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
