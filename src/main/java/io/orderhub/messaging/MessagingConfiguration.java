package io.orderhub.messaging;

import io.orderhub.config.HubProperties;
import io.orderhub.embedded.EmbeddedInfrastructure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Kafka wiring: which brokers, the order-events topic, one outbox relay per store, their backlogs and Kafka's health. */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MessagingConfiguration.class);

    /** The bootstrap servers in use: the embedded broker's, or the configured external ones. */
    public record KafkaBootstrap(String servers) {
    }

    @Bean
    public KafkaBootstrap kafkaBootstrap(HubProperties p, EmbeddedInfrastructure infra) {
        KafkaBootstrap bootstrap = new KafkaBootstrap(infra.kafkaBootstrapServers(p));
        ensureTopic(bootstrap.servers(), p.getKafka());
        return bootstrap;
    }

    @Bean
    public ComponentCustomizer kafkaBrokersCustomizer(KafkaBootstrap bootstrap) {
        return ComponentCustomizer.forType(KafkaComponent.class,
                kafka -> kafka.getConfiguration().setBrokers(bootstrap.servers()));
    }

    @Bean
    public EventOutbox newStoreEventOutbox(@Qualifier("newStoreDataSource") DataSource newStoreDataSource) {
        return EventOutbox.newStore(newStoreDataSource);
    }

    @Bean
    public EventOutbox oldStoreEventOutbox(@Qualifier("oldStoreDataSource") DataSource oldStoreDataSource) {
        return EventOutbox.oldStore(oldStoreDataSource);
    }

    /** The new store's outbox to Kafka; holds an order's event back while the old store's outbox has an older one. */
    @Bean
    public OutboxRelay newStoreOutboxRelay(@Qualifier("newStoreEventOutbox") EventOutbox own,
                                           @Qualifier("oldStoreEventOutbox") EventOutbox peer,
                                           ProducerTemplate producer, HubProperties p) {
        return new OutboxRelay(own, peer, producer, p);
    }

    /** The old store's HUB_EVENT_OUTBOX to Kafka; holds an order's event back while the new store's outbox has an older one. */
    @Bean
    public OutboxRelay oldStoreOutboxRelay(@Qualifier("oldStoreEventOutbox") EventOutbox own,
                                           @Qualifier("newStoreEventOutbox") EventOutbox peer,
                                           ProducerTemplate producer, HubProperties p) {
        return new OutboxRelay(own, peer, producer, p);
    }

    /** orderhub.outbox.backlog{store=new|old}: events waiting in each store's outbox (NaN while a store cannot answer). */
    @Bean
    public MeterBinder outboxBacklogMeters(@Qualifier("newStoreOutboxRelay") OutboxRelay newRelay,
                                           @Qualifier("oldStoreOutboxRelay") OutboxRelay oldRelay) {
        return registry -> {
            for (OutboxRelay relay : List.of(newRelay, oldRelay)) {
                Gauge.builder("orderhub.outbox.backlog", relay, MessagingConfiguration::backlogOrNaN)
                        .description("order events waiting in the store's outbox for the Kafka relay")
                        .tag("store", relay.store())
                        .register(registry);
            }
        };
    }

    private static double backlogOrNaN(OutboxRelay relay) {
        try {
            return relay.backlog();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** One admin client for health checks, instead of a new client (threads, connections) per check. */
    @Bean(destroyMethod = "close")
    public Admin kafkaHealthAdmin(KafkaBootstrap bootstrap) {
        return admin(bootstrap.servers());
    }

    @Bean
    public HealthIndicator kafkaHealthIndicator(KafkaBootstrap bootstrap, Admin kafkaHealthAdmin) {
        return () -> {
            try {
                int nodes = kafkaHealthAdmin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                return Health.up().withDetail("bootstrapServers", bootstrap.servers()).withDetail("nodes", nodes).build();
            } catch (Exception e) {
                return Health.down().withDetail("bootstrapServers", bootstrap.servers())
                        .withDetail("error", e.toString()).build();
            }
        };
    }

    private static Admin admin(String servers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    // The topic is created with the configured partition count; on an external cluster where the
    // hub may not create topics, a failure here is logged and the operator creates it.
    private static void ensureTopic(String servers, HubProperties.Kafka k) {
        try (Admin admin = admin(servers)) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            if (!names.contains(k.getTopic())) {
                admin.createTopics(Set.of(new NewTopic(k.getTopic(), k.getTopicPartitions(), (short) -1)))
                        .all().get(10, TimeUnit.SECONDS);
                LOG.info("created Kafka topic {} with {} partitions", k.getTopic(), k.getTopicPartitions());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("could not ensure Kafka topic {}: {}", k.getTopic(), e.getCause().toString());
            }
        } catch (Exception e) {
            LOG.warn("could not ensure Kafka topic {}: {}", k.getTopic(), e.toString());
        }
    }
}
