package io.orderhub.sync;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderhub.config.HubProperties;
import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * The secondary write transport: relay (sync outboxes → Artemis), consumers (Artemis → the other store,
 * through the {@link SecondaryApply} bean the write path provides), backlog, metrics, admin. Without a
 * SecondaryApply bean the relay and backlog run, and the consumers stay off (changes wait on the queues).
 */
@Configuration(proxyBeanMethods = false)
public class SyncConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SyncConfiguration.class);

    /**
     * The broker's own connection factory: Spring Boot wraps it in a caching factory whose one shared
     * connection suits JmsTemplate, not long-lived consumers each on their own connection.
     */
    static ConnectionFactory direct(ConnectionFactory cf) {
        if (cf instanceof SingleConnectionFactory s && s.getTargetConnectionFactory() != null) {
            return s.getTargetConnectionFactory();
        }
        return cf;
    }

    @Bean
    public SyncBrokerSettings syncBrokerSettings(HubProperties p) {
        return new SyncBrokerSettings(p.getSync());
    }

    @Bean(destroyMethod = "close")
    public SyncRelay syncRelay(@Qualifier("newStoreDataSource") DataSource newStoreDataSource,
                               @Qualifier("oldStoreDataSource") DataSource oldStoreDataSource,
                               ConnectionFactory connectionFactory, HubProperties p) {
        return new SyncRelay(newStoreDataSource, oldStoreDataSource, direct(connectionFactory), p.getSync());
    }

    @Bean
    public QueueInspector syncQueueInspector(ObjectProvider<EmbeddedActiveMQ> embedded, ConnectionFactory connectionFactory) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null) {
            return new EmbeddedQueueInspector(broker::getActiveMQServer);
        }
        return new BrowsingQueueInspector(direct(connectionFactory));
    }

    @Bean
    public StoreSyncBacklog syncBacklog(@Qualifier("newStoreDataSource") DataSource newStoreDataSource,
                                       @Qualifier("oldStoreDataSource") DataSource oldStoreDataSource,
                                       QueueInspector syncQueueInspector, HubProperties p) {
        return new StoreSyncBacklog(newStoreDataSource, oldStoreDataSource, syncQueueInspector, p.getSync());
    }

    @Bean
    public SyncMetrics syncMetrics(MeterRegistry registry, StoreSyncBacklog syncBacklog) {
        return new SyncMetrics(registry, syncBacklog);
    }

    /** The consumers run when the write path provides its SecondaryApply; without one they stay off. */
    @Bean
    public SyncConsumers syncConsumers(ConnectionFactory connectionFactory, ObjectProvider<SecondaryApply> apply,
                                       SyncMetrics syncMetrics, HubProperties p) {
        SecondaryApply a = apply.getIfAvailable();
        if (a == null) {
            LOG.info("no SecondaryApply in the context: sync consumers stay off, changes wait on {} and {}",
                    p.getSync().getToNewQueue(), p.getSync().getToOldQueue());
        }
        return new SyncConsumers(direct(connectionFactory), a, syncMetrics, p.getSync());
    }

    @Bean
    public SyncAdmin syncAdmin(StoreSyncBacklog syncBacklog, ConnectionFactory connectionFactory, HubProperties p) {
        return new SyncAdmin(syncBacklog, connectionFactory, p.getSync());
    }
}
