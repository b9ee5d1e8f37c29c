package io.orderhub.stores;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.orderhub.config.HubProperties;
import io.orderhub.embedded.EmbeddedInfrastructure;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The two stores: connection pools, schemas and repositories. */
@Configuration(proxyBeanMethods = false)
public class StoresConfiguration {

    @Bean
    @Primary
    public HikariDataSource newStoreDataSource(HubProperties p, EmbeddedInfrastructure infra) {
        return pool("new-store", infra.newStoreUrl(p), p.getNewStore(), infra.embeddedNewStore() ? "postgres" : null);
    }

    @Bean
    public HikariDataSource oldStoreDataSource(HubProperties p, EmbeddedInfrastructure infra) {
        return pool("old-store", infra.oldStoreUrl(p), p.getOldStore(), infra.embeddedOldStore() ? "root" : null);
    }

    private static HikariDataSource pool(String name, String url, HubProperties.Store s, String embeddedUser) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url);
        c.setUsername(embeddedUser != null ? embeddedUser : s.getUsername());
        c.setPassword(embeddedUser != null ? "" : s.getPassword());
        c.setMaximumPoolSize(s.getPoolSize());
        // a store that is down must not stop the hub from starting: the pool connects lazily
        c.setInitializationFailTimeout(-1);
        c.setConnectionTimeout(5_000);
        return new HikariDataSource(c);
    }

    @Bean
    public PartitionMaintainer partitionMaintainer(@Qualifier("newStoreDataSource") DataSource newStoreDataSource) {
        return new PartitionMaintainer(newStoreDataSource);
    }

    @Bean
    public StoreSchemas storeSchemas(@Qualifier("newStoreDataSource") HikariDataSource newStoreDataSource,
                                     @Qualifier("oldStoreDataSource") HikariDataSource oldStoreDataSource,
                                     PartitionMaintainer partitions, HubProperties p) {
        return new StoreSchemas(newStoreDataSource, oldStoreDataSource, partitions, p);
    }

    @Bean
    public LegacyMapping legacyMapping() {
        return LegacyMapping.load();
    }

    @Bean
    public NewStore newStore(@Qualifier("newStoreDataSource") HikariDataSource newStoreDataSource) {
        return new NewStore(newStoreDataSource);
    }

    @Bean
    public OldStore oldStore(@Qualifier("oldStoreDataSource") HikariDataSource oldStoreDataSource, LegacyMapping mapping) {
        return new OldStore(oldStoreDataSource, mapping);
    }
}
