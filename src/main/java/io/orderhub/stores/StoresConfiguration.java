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
    public HikariDataSource newStoreDataSource(HubProperties p, EmbeddedInfrastructure infra,
            @org.springframework.beans.factory.annotation.Value("${orderhub.outbound.jdbc-connect-timeout:5s}") java.time.Duration connect,
            @org.springframework.beans.factory.annotation.Value("${orderhub.outbound.jdbc-socket-timeout:300s}") java.time.Duration socket) {
        return pool("new-store", infra.newStoreUrl(p), p.getNewStore(), infra.embeddedNewStore() ? "postgres" : null,
                connect, socket);
    }

    @Bean
    public HikariDataSource oldStoreDataSource(HubProperties p, EmbeddedInfrastructure infra,
            @org.springframework.beans.factory.annotation.Value("${orderhub.outbound.jdbc-connect-timeout:5s}") java.time.Duration connect,
            @org.springframework.beans.factory.annotation.Value("${orderhub.outbound.jdbc-socket-timeout:300s}") java.time.Duration socket) {
        return pool("old-store", infra.oldStoreUrl(p), p.getOldStore(), infra.embeddedOldStore() ? "root" : null,
                connect, socket);
    }

    private static HikariDataSource pool(String name, String url, HubProperties.Store s, String embeddedUser,
                                         java.time.Duration connect, java.time.Duration socket) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url);
        c.setUsername(embeddedUser != null ? embeddedUser : s.getUsername());
        c.setPassword(embeddedUser != null ? "" : s.getPassword());
        c.setMaximumPoolSize(s.getPoolSize());
        // a store that is down must not stop the hub from starting: the pool connects lazily
        c.setInitializationFailTimeout(-1);
        // READ COMMITTED in both stores: a group commit locks the rows its orders hold (FOR UPDATE) and
        // inserts the rest; MariaDB's default REPEATABLE READ would gap-lock the keys not found, and two
        // batches inserting into one gap would deadlock each other
        c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        c.setConnectionTimeout(Math.max(250, connect.toMillis()));
        driverTimeouts(url, connect, socket).forEach(c::addDataSourceProperty);
        return new HikariDataSource(c);
    }

    /**
     * The drivers' own connect and socket (read) time-outs: without them a store that stops answering
     * mid-statement holds the calling thread for ever. PostgreSQL counts seconds, MariaDB milliseconds.
     */
    static java.util.Map<String, Object> driverTimeouts(String url, java.time.Duration connect, java.time.Duration socket) {
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            // reWriteBatchedInserts: a group commit's JDBC batch of inserts goes as multi-row INSERTs
            return java.util.Map.of("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())),
                    "socketTimeout", Long.toString(Math.max(1, socket.toSeconds())),
                    "reWriteBatchedInserts", "true");
        }
        if (url != null && (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:"))) {
            return java.util.Map.of("connectTimeout", Long.toString(connect.toMillis()),
                    "socketTimeout", Long.toString(socket.toMillis()));
        }
        return java.util.Map.of();
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
