package io.orderhub.embedded;

import io.orderhub.embedded.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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

    public static EmbeddedPostgresServer start(Path dataDir, int port, String database) throws Exception {
        Files.createDirectories(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port > 0 ? port : FreePorts.find())
                .setServerConfig("max_connections", "100")
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

    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
