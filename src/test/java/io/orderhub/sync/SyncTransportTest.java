package io.orderhub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orderhub.config.HubProperties;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import io.orderhub.support.MachineDatabases;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The secondary write transport end to end on real parts: the machine's PostgreSQL and MariaDB with the
 * stores' own sync outbox migrations, an embedded Artemis configured by {@link SyncBrokerSettings}, the
 * relay, two consumers per queue and a recording {@link SecondaryApply}. Each test uses its own cohort.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncTransportTest {

    static final String VM = "vm://4711";

    MachineDatabases dbs;
    EmbeddedActiveMQ broker;
    ActiveMQConnectionFactory cf;
    HubProperties.Sync settings;
    SyncRelay relay;
    StoreSyncBacklog backlog;
    PrometheusMeterRegistry registry;
    RecordingApply apply;
    SyncConsumers consumers;

    @BeforeAll
    void start() throws Exception {
        dbs = new MachineDatabases();
        migrate(dbs.postgres(), "db/newstore/V13__secondary_sync.sql");
        migrate(dbs.mariadb(), "db/oldstore/V5__hub_cutover.sql");
        settings = new HubProperties.Sync();
        settings.setConsumers(2);
        settings.setMaxAttempts(3);
        settings.setRedeliveryDelayMs(50);
        settings.setMaxRedeliveryDelayMs(200);
        settings.setApplyBatchWaitMs(30);
        settings.setRelayBatchSize(7); // several rounds per relay
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("in-vm", VM);
        new SyncBrokerSettings(settings).customize(config);
        broker = new EmbeddedActiveMQ().setConfiguration(config).start();
        cf = new ActiveMQConnectionFactory(VM);
        relay = new SyncRelay(dbs.postgres(), dbs.mariadb(), cf, settings);
        backlog = new StoreSyncBacklog(dbs.postgres(), dbs.mariadb(),
                new EmbeddedQueueInspector(broker::getActiveMQServer), settings);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        apply = new RecordingApply();
        consumers = new SyncConsumers(cf, apply, new SyncMetrics(registry, backlog), settings);
        consumers.start();
    }

    @AfterAll
    void stop() throws Exception {
        consumers.stop();
        relay.close();
        cf.close();
        broker.stop();
        dbs.close();
    }

    @Test
    void rowsOfEitherOutboxArriveAtTheirTargetInIdOrderPerAggregate() throws Exception {
        String cohort = "c-order";
        Map<String, String> payloads = new LinkedHashMap<>();
        for (int v = 1; v <= 5; v++) {
            for (int a = 1; a <= 4; a++) {
                payloads.put("n-" + a + "/" + v, newStoreRow(cohort, Entity.ORDERS, "n-" + a, v));
                payloads.put("o-" + a + "/" + v, oldStoreRow(cohort, Entity.MEMBERS, "o-" + a, v));
            }
        }
        Instant written = Instant.now();
        relay.wake();
        await().atMost(Duration.ofSeconds(20)).until(() -> apply.of(cohort).size() == 40);

        List<RecordingApply.Got> got = apply.of(cohort);
        for (RecordingApply.Got g : got) {
            SyncChange c = g.change();
            // new store rows are changes for the old store, and the other way round
            assertThat(g.target()).isEqualTo(c.aggregateId().startsWith("n-") ? Store.OLD : Store.NEW);
            assertThat(c.target()).isEqualTo(g.target());
            assertThat(c.entity()).isEqualTo(c.aggregateId().startsWith("n-") ? Entity.ORDERS : Entity.MEMBERS);
            assertThat(c.payload()).isEqualTo(payloads.get(c.aggregateId() + "/" + c.version()));
            assertThat(Duration.between(c.committedAt(), written).abs()).isLessThan(Duration.ofMinutes(1));
        }
        Map<String, List<Long>> versions = got.stream().collect(Collectors.groupingBy(g -> g.change().aggregateId(),
                Collectors.mapping(g -> g.change().version(), Collectors.toList())));
        assertThat(versions).hasSize(8);
        versions.forEach((agg, vs) -> assertThat(vs).as(agg).containsExactly(1L, 2L, 3L, 4L, 5L));
        assertThat(outboxRows(dbs.postgres(), "sync_outbox", cohort)).isZero();
        assertThat(outboxRows(dbs.mariadb(), "HUB_SYNC_OUTBOX", cohort)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog.of(cohort, Entity.ORDERS).pending() == 0
                && backlog.of(cohort, Entity.MEMBERS).pending() == 0);
    }

    @Test
    void aRelayThatDiesBetweenSendAndDeleteSendsNothingTwice() throws Exception {
        String cohort = "c-crash";
        for (int v = 1; v <= 3; v++) {
            newStoreRow(cohort, Entity.ORDERS, "crash-n", v);
            oldStoreRow(cohort, Entity.ORDERS, "crash-o", v);
        }
        relay.afterSend = () -> {
            throw new IllegalStateException("the relay died after the broker took the batch");
        };
        try {
            relay.relay();
        } finally {
            relay.afterSend = () -> { };
        }
        // the delete never committed: every row is still there, and was sent once
        assertThat(outboxRows(dbs.postgres(), "sync_outbox", cohort)).isEqualTo(3);
        assertThat(outboxRows(dbs.mariadb(), "HUB_SYNC_OUTBOX", cohort)).isEqualTo(3);
        // rows written since go in the same batch as the repeats
        newStoreRow(cohort, Entity.ORDERS, "crash-n", 4);
        oldStoreRow(cohort, Entity.ORDERS, "crash-o", 4);

        relay.relay();

        assertThat(outboxRows(dbs.postgres(), "sync_outbox", cohort)).isZero();
        assertThat(outboxRows(dbs.mariadb(), "HUB_SYNC_OUTBOX", cohort)).isZero();
        // nothing left anywhere (outboxes, queues, deliveries): whatever arrived is all that will
        await().atMost(Duration.ofSeconds(20)).until(() -> backlog.of(cohort, Entity.ORDERS).pending() == 0);
        List<String> got = apply.of(cohort).stream().map(g -> g.change().aggregateId() + " v" + g.change().version()).toList();
        assertThat(got).containsExactlyInAnyOrder("crash-n v1", "crash-n v2", "crash-n v3", "crash-n v4",
                "crash-o v1", "crash-o v2", "crash-o v3", "crash-o v4");
    }

    @Test
    void aFailingChangeIsRedeliveredThenDeadLetteredWithItsReasonWhileOthersFlow() throws Exception {
        String cohort = "c-poison";
        apply.poison = c -> c.aggregateId().equals("poison-1");
        double deadBefore = registry.counter("orderhub.sync.dead.letters", "target", "OLD").count();
        try {
            newStoreRow(cohort, Entity.ORDERS, "good-1", 1);
            newStoreRow(cohort, Entity.ORDERS, "poison-1", 1);
            newStoreRow(cohort, Entity.ORDERS, "good-2", 1);
            newStoreRow(cohort, Entity.ORDERS, "good-1", 2);
            relay.wake();

            await().atMost(Duration.ofSeconds(20)).until(() -> backlog.of(cohort, Entity.ORDERS).deadLettered() == 1
                    && backlog.of(cohort, Entity.ORDERS).pending() == 0);
        } finally {
            apply.poison = c -> false;
        }
        List<String> got = apply.of(cohort).stream().map(g -> g.change().aggregateId() + " v" + g.change().version())
                .distinct().toList();
        assertThat(got).containsExactlyInAnyOrder("good-1 v1", "good-1 v2", "good-2 v1");
        // tried once per delivery at least (batch and alone), and delivered max-attempts times
        assertThat(apply.failedCalls.get("poison-1").get()).isGreaterThanOrEqualTo(settings.getMaxAttempts());

        List<Message> dead = browse(settings.getDeadLetterQueue(), cohort);
        assertThat(dead).hasSize(1);
        Message m = dead.get(0);
        assertThat(m.getStringProperty(SyncMessages.AGGREGATE_ID)).isEqualTo("poison-1");
        assertThat(m.getStringProperty(SyncMessages.REASON)).isEqualTo("value too long for column: change poison-1 v1");
        assertThat(m.getIntProperty(SyncMessages.ATTEMPTS)).isEqualTo(settings.getMaxAttempts());
        assertThat(m.getLongProperty(SyncMessages.VERSION)).isEqualTo(1L);
        assertThat(registry.counter("orderhub.sync.dead.letters", "target", "OLD").count()).isEqualTo(deadBefore + 1);
        assertThat(registry.counter("orderhub.sync.failures", "target", "OLD").count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theBacklogCountsOutboxQueuedAndInFlightChangesPerCohortUntilApplied() throws Exception {
        String cohort = "c-flight";
        apply.gate = new CountDownLatch(1);
        apply.gatedCohort = cohort;
        try {
            newStoreRow(cohort, Entity.ORDERS, "flight-1", 1);
            newStoreRow(cohort, Entity.ORDERS, "flight-1", 2);
            oldStoreRow(cohort, Entity.MEMBERS, "flight-m", 7);
            // in the outboxes
            assertThat(backlog.of(cohort, Entity.ORDERS).pending()).isEqualTo(2);
            assertThat(backlog.of(cohort, Entity.ORDERS).oldest()).isPresent();
            assertThat(backlog.of(cohort, Entity.MEMBERS).pending()).isEqualTo(1);
            assertThat(backlog.of("another-cohort", Entity.ORDERS).pending()).isZero();

            relay.relay();
            assertThat(outboxRows(dbs.postgres(), "sync_outbox", cohort)).isZero();
            // on the queues, then taken by consumers that hold them inside an uncommitted transaction
            await().atMost(Duration.ofSeconds(10)).until(() -> apply.gatedBatchSizes.stream().mapToInt(i -> i).sum() == 3);
            assertThat(backlog.of(cohort, Entity.ORDERS).pending()).isEqualTo(2);
            assertThat(backlog.of(cohort, Entity.MEMBERS).pending()).isEqualTo(1);
            assertThat(backlog.of(cohort, Entity.ORDERS).oldest()).isPresent();
            assertThat(backlog.total().pending()).isGreaterThanOrEqualTo(3);
            assertThat(registry.get("orderhub.sync.backlog").tag("target", "OLD").gauge().value()).isGreaterThanOrEqualTo(2);
            assertThat(apply.of(cohort)).isEmpty();
        } finally {
            apply.gate.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog.of(cohort, Entity.ORDERS).pending() == 0
                && backlog.of(cohort, Entity.MEMBERS).pending() == 0);
        assertThat(apply.of(cohort)).hasSize(3);
        assertThat(backlog.of(cohort, Entity.ORDERS).oldest()).isEmpty();
        assertThat(backlog.of(cohort, Entity.ORDERS).deadLettered()).isZero();
    }

    @Test
    void appliedSkippedLagAndBatchSizesAreMetered() throws Exception {
        String cohort = "c-metrics";
        newStoreRow(cohort, Entity.ORDERS, "metrics-1", 3);
        relay.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> apply.of(cohort).size() == 1);
        // the same version again (a repeat after a crash that duplicate detection did not see): skipped
        newStoreRow(cohort, Entity.ORDERS, "metrics-1", 3);
        relay.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> apply.of(cohort).size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> backlog.of(cohort, Entity.ORDERS).pending() == 0);

        String scrape = registry.scrape();
        assertThat(scrape).containsPattern("orderhub_sync_applied_total\\{cohort=\"c-metrics\",entity=\"ORDERS\","
                + "outcome=\"applied\",target=\"OLD\"} 1\\.0");
        assertThat(scrape).containsPattern("orderhub_sync_applied_total\\{cohort=\"c-metrics\",entity=\"ORDERS\","
                + "outcome=\"skipped\",target=\"OLD\"} 1\\.0");
        assertThat(scrape).containsPattern("orderhub_sync_lag_seconds\\{(?=[^}]*quantile=\"0\\.99\")(?=[^}]*target=\"OLD\")");
        assertThat(scrape).containsPattern("orderhub_sync_lag_seconds\\{(?=[^}]*quantile=\"0\\.5\")(?=[^}]*target=\"OLD\")");
        assertThat(scrape).containsPattern("orderhub_sync_batch_size_count\\{target=\"OLD\"} [1-9]");
        assertThat(scrape).containsPattern("orderhub_sync_backlog\\{target=\"NEW\"} ");
        assertThat(scrape).containsPattern("orderhub_sync_oldest_seconds\\{target=\"OLD\"} ");
        assertThat(scrape).contains("orderhub_sync_failures_total{target=\"NEW\"}");
        assertThat(scrape).contains("orderhub_sync_dead_letters_total{target=\"NEW\"}");
    }

    // ---- helpers

    private String newStoreRow(String cohort, Entity entity, String aggregateId, long version) throws SQLException {
        return insert(dbs.postgres(), "INSERT INTO sync_outbox (entity, aggregate_id, cohort, version, payload) VALUES (?, ?, ?, ?, ?)",
                cohort, entity, aggregateId, version);
    }

    private String oldStoreRow(String cohort, Entity entity, String aggregateId, long version) throws SQLException {
        return insert(dbs.mariadb(), "INSERT INTO HUB_SYNC_OUTBOX (ENTITY, AGGREGATE_ID, COHORT, VERSION_NO, PAYLOAD) VALUES (?, ?, ?, ?, ?)",
                cohort, entity, aggregateId, version);
    }

    private static String insert(DataSource ds, String sql, String cohort, Entity entity, String aggregateId, long version)
            throws SQLException {
        String payload = "{\"id\":\"" + aggregateId + "\",\"version\":" + version + ",\"note\":\"" + cohort + " 订单\"}";
        try (java.sql.Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, entity.name());
            ps.setString(2, aggregateId);
            ps.setString(3, cohort);
            ps.setLong(4, version);
            ps.setString(5, payload);
            ps.executeUpdate();
        }
        return payload;
    }

    private static long outboxRows(DataSource ds, String table, String cohort) throws SQLException {
        try (java.sql.Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE cohort = ?")) {
            ps.setString(1, cohort);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<Message> browse(String queue, String cohort) throws Exception {
        try (Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Message> out = new ArrayList<>();
            try (QueueBrowser b = s.createBrowser(s.createQueue(queue), "cohort = '" + cohort + "'")) {
                for (Enumeration<?> e = b.getEnumeration(); e.hasMoreElements(); ) {
                    out.add((Message) e.nextElement());
                }
            }
            return out;
        }
    }

    /** The store's own migration file, statement by statement (comment lines dropped: they hold semicolons). */
    static void migrate(DataSource ds, String resource) throws IOException, SQLException {
        String sql;
        try (InputStream in = SyncTransportTest.class.getClassLoader().getResourceAsStream(resource)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String code = sql.lines().filter(l -> !l.trim().startsWith("--")).collect(Collectors.joining("\n"));
        try (java.sql.Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String statement : code.split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
    }
}
