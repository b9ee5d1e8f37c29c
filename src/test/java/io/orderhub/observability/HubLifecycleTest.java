package io.orderhub.observability;

import io.orderhub.support.HubHttp;
import static io.orderhub.support.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.OrderhubApplication;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.support.KafkaEvents;
import io.orderhub.support.MachineDatabases;
import io.orderhub.support.Samples;
import io.orderhub.support.TestDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The hub as an operator meets it: restarted on its data, and started while a store is down. */
class HubLifecycleTest {

    private static final HubHttp HTTP = HubHttp.admin();

    private final Path dataDir = TestDirs.newDataDir("lifecycle-");

    @Test
    void ordersAndEventsSurviveARestart() throws Exception {
        ObjectNode order = Samples.fresh();
        String id;
        JsonNode created;
        try (ConfigurableApplicationContext hub = start()) {
            assertDurableByDefault(hub);
            HttpResponse<String> res = post(hub, order);
            assertThat(res.statusCode()).isEqualTo(201);
            created = CanonicalJson.mapper().readTree(res.body());
            id = created.get("id").asText();
            try (KafkaEvents events = events(hub)) {
                assertThat(events.eventsFor(id, 1, Duration.ofSeconds(30))).hasSize(1);
            }
        }

        try (ConfigurableApplicationContext hub = start()) {
            HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(uri(hub, "/api/orders/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(CanonicalJson.mapper().readTree(got.body())).isEqualTo(created);
            HttpResponse<String> again = post(hub, order);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(count(hub.getBean("oldStoreDataSource", DataSource.class),
                    "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", id)).isEqualTo(1);
            try (KafkaEvents events = events(hub)) {
                assertThat(events.eventsFor(id, 1, Duration.ofSeconds(30)))
                        .extracting(e -> e.get("eventType").asText()).containsExactly("OrderCreated");
            }
        }
    }

    @Test
    void aStoreThatIsDownDelaysOrdersButNotStartUp() throws Exception {
        // the old store points at a database that does not exist yet on the machine's MariaDB
        String name = "orderhub_down" + System.currentTimeMillis();
        String url = MachineDatabases.MARIADB_ADMIN_URL.replace("/test", "/" + name);
        try (ConfigurableApplicationContext hub = start("--orderhub.old-store.url=" + url,
                "--orderhub.old-store.username=root", "--orderhub.new-store.retry-seconds=1")) {
            JsonNode health = CanonicalJson.mapper().readTree(HTTP.send(HttpRequest.newBuilder(
                    uri(hub, "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(health.at("/components/storeSchemas/status").asText()).isEqualTo("DOWN");

            ObjectNode order = Samples.fresh();
            HttpResponse<String> refused = post(hub, order);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(CanonicalJson.mapper().readTree(refused.body()).get("type").asText())
                    .isEqualTo("urn:orderhub:problem:store-unavailable");

            admin("CREATE DATABASE " + name);
            await().atMost(Duration.ofSeconds(30)).until(() -> post(hub, order).statusCode() == 201);
            try (Connection c = DriverManager.getConnection(url, "root", "");
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?")) {
                ps.setString(1, order.get("channelOrderId").asText());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
            }
        } finally {
            admin("DROP DATABASE IF EXISTS " + name);
        }
    }

    private ConfigurableApplicationContext start(String... extra) throws IOException {
        Files.createDirectories(dataDir);
        List<String> args = new ArrayList<>(List.of(
                "--orderhub.data-dir=" + dataDir,
                "--server.port=0",
                "--orderhub.kafka.embedded-port=0",
                "--orderhub.outbox.poll-period-ms=50",
                // a second hub in the test JVM: keep it out of JMX and give its Artemis its own in-VM id
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false",
                // its own Camel name, hence its own Quartz scheduler: Quartz keeps schedulers JVM-wide by name,
                // and a second hub sharing the test context's would shut it down when it stops
                "--camel.main.name=orderhub-second-7",
                "--spring.artemis.embedded.server-id=7",
                // the test admin key (HubHttp sends it)
                "--orderhub.security.admin-key-sha256=" + io.orderhub.support.TestCredentials.ADMIN_SHA256));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(OrderhubApplication.class).run(args.toArray(String[]::new));
    }

    /** The shipped configuration keeps what it acknowledges: stores flush at commit, Artemis syncs its journal. */
    private void assertDurableByDefault(ConfigurableApplicationContext hub) throws SQLException {
        try (Connection c = hub.getBean("newStoreDataSource", DataSource.class).getConnection()) {
            assertThat(scalar(c, "SHOW fsync")).isEqualTo("on");
            assertThat(scalar(c, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(scalar(c, "SHOW full_page_writes")).isEqualTo("on");
        }
        try (Connection c = hub.getBean("oldStoreDataSource", DataSource.class).getConnection()) {
            assertThat(scalar(c, "SELECT @@innodb_flush_log_at_trx_commit")).isEqualTo("1");
        }
        Configuration artemis = hub.getBean(EmbeddedActiveMQ.class).getActiveMQServer().getConfiguration();
        assertThat(artemis.isPersistenceEnabled()).isTrue();
        assertThat(artemis.isJournalSyncTransactional()).isTrue();
        assertThat(artemis.isJournalSyncNonTransactional()).isTrue();
        assertThat(artemis.isJournalDatasync()).isTrue();
        assertThat(artemis.getJournalLocation().toPath().toAbsolutePath().normalize())
                .startsWith(dataDir.toAbsolutePath().normalize());
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static KafkaEvents events(ConfigurableApplicationContext hub) {
        return new KafkaEvents(hub.getBean(KafkaBootstrap.class).servers(), "orderhub.order-events");
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext hub, JsonNode order)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(hub, "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext hub, String path) {
        int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(MachineDatabases.MARIADB_ADMIN_URL, "root", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
