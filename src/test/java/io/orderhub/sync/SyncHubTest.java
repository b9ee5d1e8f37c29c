package io.orderhub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/**
 * The sync transport inside the running hub: its relay route takes a row of the new store's sync outbox
 * to the to-old queue (no SecondaryApply in this context, so it waits there), the admin API shows it in
 * the backlog of its cohort, and the sync meters are on /actuator/prometheus.
 */
@HubTest
class SyncHubTest {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void aRowOfTheOutboxIsRelayedAndShownInTheBacklogAndTheMetricsAreOnPrometheus() throws Exception {
        String cohort = "hub-sync-" + System.nanoTime();
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_outbox (entity, aggregate_id, cohort, version, payload) VALUES ('ORDERS', ?, ?, 1, '{}')")) {
            ps.setString(1, cohort + "-order");
            ps.setString(2, cohort);
            ps.executeUpdate();
        }
        try {
            // the timer route relays it (no writer wakes the relay here); pending all along, outbox then queue
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(outboxRows(cohort)).isZero();
                JsonNode backlog = json(get("/api/admin/cutover/backlog"));
                JsonNode mine = null;
                for (JsonNode n : backlog.get("cohorts")) {
                    if (cohort.equals(n.get("cohort").asText())) {
                        mine = n;
                    }
                }
                assertThat(mine).as(backlog.toString()).isNotNull();
                assertThat(mine.get("entity").asText()).isEqualTo("ORDERS");
                assertThat(mine.get("pending").asLong()).isEqualTo(1);
                assertThat(mine.get("oldestSeconds").isNumber()).isTrue();
                assertThat(backlog.get("total").get("pending").asLong()).isGreaterThanOrEqualTo(1);
            });
            String metrics = get("/actuator/prometheus").body();
            assertThat(metrics).containsPattern("(?m)^orderhub_sync_backlog\\{target=\"OLD\"} [1-9]");
            assertThat(metrics).containsPattern("(?m)^orderhub_sync_oldest_seconds\\{target=\"OLD\"} ");
            assertThat(metrics).contains("orderhub_sync_dead_letters_total{target=\"OLD\"}");
            assertThat(metrics).contains("orderhub_sync_lag_seconds_count{target=\"OLD\"}");
            HttpResponse<String> dead = get("/api/admin/cutover/dead-letters?limit=5");
            assertThat(dead.statusCode()).isEqualTo(200);
            assertThat(json(dead).get("items").isArray()).isTrue();
        } finally {
            // leave the shared hub's queue as it was
            JmsTemplate jms = new JmsTemplate(connectionFactory);
            jms.setReceiveTimeout(5000);
            jms.receiveSelected("orderhub.sync.to-old", "cohort = '" + cohort + "'");
        }
    }

    private long outboxRows(String cohort) throws Exception {
        try (Connection c = pg.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sync_outbox WHERE cohort = ?")) {
            ps.setString(1, cohort);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HubHttp.admin().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return CanonicalJson.mapper().readTree(r.body());
    }
}
