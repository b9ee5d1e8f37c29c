package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.OrderhubApplication;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.support.KafkaEvents;
import io.orderhub.support.SimulatedPlatforms;
import io.orderhub.support.Sql;
import io.orderhub.support.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * "Add a channel" from the README, done by the letter: a brand-new channel (Acme Mall) whose route,
 * mapping, SKU table, connector and configuration are files in a directory outside the hub
 * (src/test/resources/new-channel-example, copied to a temporary directory). The hub is started
 * with that directory added to its locations; no Java is written. Its orders reach both stores
 * and the Kafka topic.
 */
class AddChannelFromFilesTest {

    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @Test
    void aChannelMadeOfFilesOnlyDeliversOrdersToTheStoresAndKafka() throws Exception {
        Path channelDir = copyExample();
        sim.register(new PlatformSimulator.App("taobao", "acme-app-key", "acme-secret", "acme-session"));
        SimOrder o = sim.newOrder("taobao", "acme-app-key", SimOrder.Stage.PAID);
        sim.modifiedAt(o, Instant.now().minusSeconds(20));

        Path dataDir = TestDirs.newDataDir("new-channel-");
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(OrderhubApplication.class).run(
                "--orderhub.data-dir=" + dataDir,
                "--server.port=0",
                "--orderhub.kafka.embedded-port=0",
                "--orderhub.outbox.poll-period-ms=50",
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false",
                "--spring.artemis.embedded.server-id=11",
                // its own Quartz scheduler (camel-quartz names it after the context)
                "--camel.main.name=orderhub-new-channel",
                // the new channel's files, added to the built-in ones by the variables an installation
                // sets (given here as properties, which the same placeholders read)
                "--ORDERHUB_EXTRA_ROUTE_LOCATIONS=file:" + channelDir + "/routes/**/*.camel.yaml",
                "--ORDERHUB_EXTRA_MAPPING_LOCATIONS=file:" + channelDir + "/mappings/",
                "--ORDERHUB_EXTRA_CONNECTOR_LOCATIONS=file:" + channelDir + "/connectors/",
                "--spring.config.additional-location=optional:file:" + channelDir + "/config/*/",
                // its environment: where the platform is and the shop's credentials
                "--ACME_MALL_API_URL=" + sim.baseUrl(),
                "--ACME_MALL_APP_KEY=acme-app-key",
                "--ACME_MALL_APP_SECRET=acme-secret",
                "--ACME_MALL_SESSION=acme-session")) {
            CamelContext camel = hub.getBean(CamelContext.class);
            assertThat(camel.getRoute("poll-acme-mall")).as("the route from the channel's own file").isNotNull();

            DataSource pg = hub.getBean("newStoreDataSource", DataSource.class);
            DataSource maria = hub.getBean("oldStoreDataSource", DataSource.class);
            Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(Sql.count(pg, "SELECT COUNT(*) FROM orders WHERE channel_order_id = ?", o.id)).isEqualTo(1));
            var row = Sql.row(pg, "SELECT order_id, channel, shop_id, status FROM orders WHERE channel_order_id = ?", o.id);
            assertThat(row.get("channel")).isEqualTo("acme-mall");
            assertThat(row.get("shop_id")).isEqualTo("acme-flagship");
            assertThat(row.get("status")).isEqualTo("PAID");
            assertThat(Sql.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ? AND SOURCE_CODE = 'ACM'", o.id))
                    .isEqualTo(1);
            try (KafkaEvents events = new KafkaEvents(hub.getBean(KafkaBootstrap.class).servers(), "orderhub.order-events")) {
                List<JsonNode> e = events.eventsFor(row.get("order_id").toString(), 1, Duration.ofSeconds(30));
                assertThat(e).hasSize(1);
                assertThat(e.get(0).path("order").path("channel").asText()).isEqualTo("acme-mall");
                assertThat(e.get(0).path("order").path("items").get(0).path("hubSku").asText()).startsWith("SKU-");
            }
        }
    }

    private static Path copyExample() throws IOException {
        Path source = Path.of("src/test/resources/new-channel-example");
        Path target = TestDirs.newDataDir("channel-files-");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }
}
