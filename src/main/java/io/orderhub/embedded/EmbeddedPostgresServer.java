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

    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String jdbcUrl) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
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
        String durable = unsafeFastCommit ? "off" : "on";
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port > 0 ? port : FreePorts.find())
                .setServerConfig("max_connections", "100")
                // given as -c after zonky's -F, so they win over it
                .setServerConfig("fsync", durable)
                .setServerConfig("synchronous_commit", durable)
                // torn pages after a crash are repaired from the WAL only with full-page images
                .setServerConfig("full_page_writes", durable)
                .start();
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
        return new EmbeddedPostgresServer(pg, url);
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
    public void close() throws Exception {
        postgres.close();
    }
}
