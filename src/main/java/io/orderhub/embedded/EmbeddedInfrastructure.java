package io.orderhub.embedded;

import io.orderhub.config.HubProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers the hub runs inside its own JVM when no external ones are configured: the new
 * store (PostgreSQL), the old store (MariaDB) and Kafka (KRaft). They start in parallel; their data
 * lives under the data directory and survives a restart. (Artemis is embedded by Spring Boot.)
 * One hub at a time owns a data directory; the owner stops database servers that a killed
 * predecessor left running on it before starting its own.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedMariaDbServer mariadb;
    private final EmbeddedKafkaBroker kafka;
    private final DataDirectoryLock lock;

    private EmbeddedInfrastructure(EmbeddedPostgresServer postgres, EmbeddedMariaDbServer mariadb,
                                   EmbeddedKafkaBroker kafka, DataDirectoryLock lock) {
        this.postgres = postgres;
        this.mariadb = mariadb;
        this.kafka = kafka;
        this.lock = lock;
    }

    public static EmbeddedInfrastructure start(HubProperties p) {
        Path data = Path.of(p.getDataDir()).toAbsolutePath().normalize();
        boolean anyEmbedded = p.getNewStore().isEmbedded() || p.getOldStore().isEmbedded() || p.getKafka().isEmbedded();
        if (!anyEmbedded) {
            return new EmbeddedInfrastructure(null, null, null, null);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(data);
        boolean unsafe = p.getEmbedded().isUnsafeFastCommit();
        if (unsafe) {
            LOG.warn("orderhub.embedded.unsafe-fast-commit is on: the embedded stores acknowledge commits before"
                    + " they are on disk; a power cut or OS crash can lose acknowledged orders (development only)");
        }
        long t0 = System.nanoTime();
        CompletableFuture<EmbeddedPostgresServer> pg = !p.getNewStore().isEmbedded() ? done(null)
                : CompletableFuture.supplyAsync(() -> call(() -> EmbeddedPostgresServer.start(
                        data.resolve("postgres"), p.getNewStore().getEmbeddedPort(), p.getNewStore().getDatabase(),
                        unsafe)));
        CompletableFuture<EmbeddedMariaDbServer> maria = !p.getOldStore().isEmbedded() ? done(null)
                : CompletableFuture.supplyAsync(() -> call(() -> EmbeddedMariaDbServer.start(
                        data.resolve("mariadb"), p.getOldStore().getEmbeddedPort(), p.getOldStore().getDatabase(),
                        unsafe)));
        CompletableFuture<EmbeddedKafkaBroker> kafka = !p.getKafka().isEmbedded() ? done(null)
                : CompletableFuture.supplyAsync(() -> call(() -> EmbeddedKafkaBroker.start(
                        data.resolve("kafka"), p.getKafka().getEmbeddedPort())));
        try {
            CompletableFuture.allOf(pg, maria, kafka).join();
        } catch (CompletionException e) {
            // close whatever did start before failing start-up
            List<AutoCloseable> started = new ArrayList<>();
            for (CompletableFuture<? extends AutoCloseable> f : List.of(pg, maria, kafka)) {
                if (!f.isCompletedExceptionally() && f.join() != null) {
                    started.add(f.join());
                }
            }
            started.add(lock);
            closeAll(started);
            throw new IllegalStateException("an embedded server failed to start: " + e.getCause().getMessage(),
                    e.getCause());
        }
        LOG.info("Embedded servers ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        return new EmbeddedInfrastructure(pg.join(), maria.join(), kafka.join(), lock);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> T call(Starter<T> starter) {
        try {
            return starter.start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public String newStoreUrl(HubProperties p) {
        return postgres != null ? postgres.jdbcUrl() : p.getNewStore().getUrl();
    }

    public String oldStoreUrl(HubProperties p) {
        return mariadb != null ? mariadb.jdbcUrl() : p.getOldStore().getUrl();
    }

    public String kafkaBootstrapServers(HubProperties p) {
        return kafka != null ? kafka.bootstrapServers() : p.getKafka().getBootstrapServers();
    }

    public boolean embeddedNewStore() {
        return postgres != null;
    }

    public boolean embeddedOldStore() {
        return mariadb != null;
    }

    public boolean embeddedKafka() {
        return kafka != null;
    }

    /** Stops the embedded new store (PostgreSQL), keeping its data: an outage, for tests and drills. */
    public void stopNewStore() throws Exception {
        embedded(postgres, "new").stop();
    }

    /** Starts the embedded new store again after {@link #stopNewStore()}, on the same port and data. */
    public void restartNewStore() throws Exception {
        embedded(postgres, "new").restart();
    }

    /** Stops the embedded old store (MariaDB), keeping its data: an outage, for tests and drills. */
    public void stopOldStore() throws Exception {
        embedded(mariadb, "old").stop();
    }

    /** Starts the embedded old store again after {@link #stopOldStore()}, on the same port and data. */
    public void restartOldStore() throws Exception {
        embedded(mariadb, "old").restart();
    }

    private static <T> T embedded(T server, String store) {
        if (server == null) {
            throw new IllegalStateException("the " + store + " store is not embedded here");
        }
        return server;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        if (kafka != null) {
            all.add(kafka);
        }
        if (mariadb != null) {
            all.add(mariadb);
        }
        if (postgres != null) {
            all.add(postgres);
        }
        // last: the directory is free for the next hub only once its servers have stopped
        if (lock != null) {
            all.add(lock);
        }
        closeAll(all);
    }

    private static void closeAll(List<AutoCloseable> servers) {
        for (AutoCloseable s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", s.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
