package io.orderhub.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real PostgreSQL server run by the hub when no new-store URL is configured. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private volatile EmbeddedPostgres postgres;
    private final String jdbcUrl;
    private final Path dataDir;
    private final int port;
    private final boolean unsafeFastCommit;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String jdbcUrl, Path dataDir, int port,
                                   boolean unsafeFastCommit) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        this.dataDir = dataDir;
        this.port = port;
        this.unsafeFastCommit = unsafeFastCommit;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}. Unless {@code unsafeFastCommit}, a commit returns only once
     * its WAL is flushed to disk (zonky's defaults, -F and synchronous_commit=off, are for throw-away
     * test databases: an acknowledged order could be lost to a power cut or an OS crash).
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, String database, boolean unsafeFastCommit)
            throws Exception {
        Files.createDirectories(dataDir);
        stopOrphan(dataDir);
        int chosen = port > 0 ? port : FreePorts.find();
        EmbeddedPostgres pg = server(dataDir, chosen, unsafeFastCommit);
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement st = c.createStatement()) {
                    // the name comes from our own configuration and is checked by StoresConfiguration
                    st.execute("CREATE DATABASE " + database);
                }
            }
        }
        String url = pg.getJdbcUrl("postgres", database);
        LOG.info("Embedded PostgreSQL (new store) started: {} data in {}", url, dataDir);
        return new EmbeddedPostgresServer(pg, url, dataDir, chosen, unsafeFastCommit);
    }

    private static EmbeddedPostgres server(Path dataDir, int port, boolean unsafeFastCommit) throws java.io.IOException {
        String durable = unsafeFastCommit ? "off" : "on";
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "100")
                // given as -c after zonky's -F, so they win over it
                .setServerConfig("fsync", durable)
                .setServerConfig("synchronous_commit", durable)
                // torn pages after a crash are repaired from the WAL only with full-page images
                .setServerConfig("full_page_writes", durable)
                .start();
    }

    /**
     * Stops the server, keeping its data (an outage of the new store, for tests and drills); clients
     * see their connections refused until {@link #restart()}.
     */
    public synchronized void stop() throws java.io.IOException {
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            postgres = null;
            pg.close();
            LOG.info("Embedded PostgreSQL (new store) stopped; data kept in {}", dataDir);
        }
    }

    /** Starts the server again on the same data directory and port, so its JDBC URL stays valid. */
    public synchronized void restart() throws java.io.IOException {
        if (postgres == null) {
            postgres = server(dataDir, port, unsafeFastCommit);
            LOG.info("Embedded PostgreSQL (new store) started again: {}", jdbcUrl);
        }
    }

    public boolean running() {
        return postgres != null;
    }

    /** A postmaster left running by a hub that was killed would otherwise keep the data directory. */
    private static void stopOrphan(Path dataDir) throws java.io.IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (OrphanedServers.stopIfRunning("embedded PostgreSQL", pidFile, dataDir, Set.of("postgres"))) {
            // a recycled pid in it would make PostgreSQL believe another postmaster still runs
            Files.deleteIfExists(pidFile);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public synchronized void close() throws Exception {
        stop();
    }
}
