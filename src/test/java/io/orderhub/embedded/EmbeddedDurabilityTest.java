package io.orderhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.config.HubProperties;
import io.orderhub.support.TestDirs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * What the embedded stores promise about a commit, asked of the running servers themselves: by
 * default an acknowledged order is on disk (a power cut does not take it back); only the named
 * development setting trades that for speed.
 */
class EmbeddedDurabilityTest {

    @Test
    void byDefaultBothStoresCommitDurably() throws Exception {
        HubProperties p = properties("durable-");
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(p);
             Connection pg = DriverManager.getConnection(infra.newStoreUrl(p));
             Connection maria = DriverManager.getConnection(infra.oldStoreUrl(p), "root", "")) {
            assertThat(scalar(pg, "SHOW fsync")).isEqualTo("on");
            assertThat(scalar(pg, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(scalar(pg, "SHOW full_page_writes")).isEqualTo("on");
            assertThat(scalar(maria, "SELECT @@innodb_flush_log_at_trx_commit")).isEqualTo("1");
            assertThat(scalar(maria, "SELECT @@innodb_doublewrite")).isIn("1", "ON");
            if (!"0".equals(scalar(maria, "SELECT @@log_bin"))) {
                assertThat(scalar(maria, "SELECT @@sync_binlog")).isEqualTo("1");
            }
        }
    }

    @Test
    void theUnsafeDevelopmentSettingTurnsFlushingOff() throws Exception {
        HubProperties p = properties("fast-");
        p.getEmbedded().setUnsafeFastCommit(true);
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(p);
             Connection pg = DriverManager.getConnection(infra.newStoreUrl(p));
             Connection maria = DriverManager.getConnection(infra.oldStoreUrl(p), "root", "")) {
            assertThat(scalar(pg, "SHOW fsync")).isEqualTo("off");
            assertThat(scalar(pg, "SHOW synchronous_commit")).isEqualTo("off");
            assertThat(scalar(maria, "SELECT @@innodb_flush_log_at_trx_commit")).isNotEqualTo("1");
        }
    }

    private static HubProperties properties(String prefix) {
        HubProperties p = new HubProperties();
        p.setDataDir(TestDirs.newDataDir(prefix).toString());
        p.getNewStore().setDatabase("orderhub");
        p.getOldStore().setDatabase("crm");
        // Kafka is not under test here: an external address keeps the embedded broker from starting
        p.getKafka().setBootstrapServers("127.0.0.1:9");
        return p;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
