package io.orderhub.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh databases on the machine's own PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306)
 * servers, one pair per test class, dropped afterwards. The servers are started by .ci/run.
 */
public final class MachineDatabases implements AutoCloseable {

    public static final String PG_ADMIN_URL = System.getProperty("orderhub.test.pg-url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getProperty("orderhub.test.pg-user", "postgres");
    public static final String MARIADB_ADMIN_URL = System.getProperty("orderhub.test.mariadb-url",
            "jdbc:mariadb://127.0.0.1:3306/test");

    private final String name;
    private final HikariDataSource postgres;
    private final HikariDataSource mariadb;

    public MachineDatabases() throws SQLException {
        // a name of our own making, so it is safe to splice into the DDL below
        name = "orderhub_t" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try (Connection c = DriverManager.getConnection(MARIADB_ADMIN_URL, "root", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        postgres = pool(PG_ADMIN_URL.replace("/test", "/" + name), PG_USER);
        mariadb = pool(MARIADB_ADMIN_URL.replace("/test", "/" + name), "root");
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword("");
        c.setMaximumPoolSize(8);
        return new HikariDataSource(c);
    }

    public HikariDataSource postgres() {
        return postgres;
    }

    public HikariDataSource mariadb() {
        return mariadb;
    }

    @Override
    public void close() throws SQLException {
        postgres.close();
        mariadb.close();
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        try (Connection c = DriverManager.getConnection(MARIADB_ADMIN_URL, "root", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
