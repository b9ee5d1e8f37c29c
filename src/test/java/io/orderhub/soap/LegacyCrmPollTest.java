package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.config.HubProperties;
import io.orderhub.intake.OrderIntake;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.embedded.FreePorts;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.KafkaEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** QueryOrdersSince polling: legacy orders reach the hub once, changes follow, bad records wait on Artemis. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyCrmPollTest {

    @Autowired
    LegacyCrmPoller poller;
    @Autowired
    OrderIntake intake;
    @Autowired
    NewStore newStore;
    @Autowired
    OldStore oldStore;
    @Autowired
    LegacyMapping mapping;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConsumerTemplate consumer;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;

    private Server simulator;
    private String url;
    private PosCrm legacy;

    @BeforeAll
    void start() {
        int port = FreePorts.find();
        simulator = LegacyCrmSimulator.start(port, oldStore, mapping);
        url = "http://127.0.0.1:" + port + "/crm";
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        legacy = (PosCrm) f.create();
        poller.useLegacyCrm(url);
    }

    @AfterAll
    void stop() {
        simulator.destroy();
    }

    @Test
    void legacyOrdersArriveOnceFollowChangesAndSurviveARestartOfThePoller() throws Exception {
        List<String> nos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var sale = LegacyCrmSimulatorTest.sale(null);
            sale.setStoreCode("GZ0003");
            nos.add(legacy.submitOrder(sale).getOrderNo());
        }

        var first = poller.poll();

        assertThat(first.getOrDefault(LegacyCrmPoller.Outcome.CREATED, 0)).isGreaterThanOrEqualTo(3);
        for (String no : nos) {
            assertThat(countNew(no)).isEqualTo(1);
        }
        String id = newStore.findByLegacyOrderNo(nos.get(0)).orElseThrow().id();
        assertThat(newStore.findByLegacyOrderNo(nos.get(0)).orElseThrow().sourceSystem()).isEqualTo("legacy-crm");
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?")) {
            ps.setString(1, nos.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(id);
            }
        }

        // the window is read again (inclusive, lagging cursor): nothing doubles
        var again = poller.poll();
        assertThat(again.getOrDefault(LegacyCrmPoller.Outcome.CREATED, 0)).isZero();
        for (String no : nos) {
            assertThat(countNew(no)).isEqualTo(1);
        }

        // the legacy CRM moves an order on; the next poll follows it
        UpdateOrderStatusRequest step = new UpdateOrderStatusRequest();
        step.setOrderNo(nos.get(1));
        step.setOrderStatus("30");
        step.setOperTime("20261122140000");
        legacy.updateOrderStatus(step);
        assertThat(poller.poll().getOrDefault(LegacyCrmPoller.Outcome.UPDATED, 0)).isGreaterThanOrEqualTo(1);
        assertThat(newStore.findByLegacyOrderNo(nos.get(1)).orElseThrow().status().name()).isEqualTo("PREPARING");

        // a poller started afresh (as after a restart) resumes from the stored cursor without doubling
        assertThat(newStore.cursor(LegacyCrmPoller.SOURCE)).isPresent();
        LegacyCrmPoller restarted = new LegacyCrmPoller(intake, newStore, mapping, producer,
                "orderhub.needs-attention", "20000101000000", Duration.ofSeconds(120));
        restarted.useLegacyCrm(url);
        assertThat(restarted.poll().getOrDefault(LegacyCrmPoller.Outcome.CREATED, 0)).isZero();
        for (String no : nos) {
            assertThat(countNew(no)).isEqualTo(1);
        }
        try (KafkaEvents events = new KafkaEvents(kafka.servers(), props.getKafka().getTopic())) {
            assertThat(events.eventsFor(id, 1, Duration.ofSeconds(30))).extracting(e -> e.get("eventType").asText())
                    .containsExactly("OrderCreated");
        }
    }

    @Test
    void aLegacyOrderThatCannotBeMappedWaitsOnTheNeedsAttentionQueue() throws Exception {
        String no = "SO" + String.format("%016d", System.nanoTime() % 10_000_000_000_000_000L);
        try (Connection c = maria.getConnection(); Statement st = c.createStatement();
             PreparedStatement h = c.prepareStatement("INSERT INTO CRM_ORDER_HEAD (ORDER_NO, SOURCE_CODE, SHOP_CODE,"
                     + " EXT_ORDER_NO, ORDER_STATUS, GOODS_AMT, PAY_AMT, ORDER_TIME, PLAT_MODIFY_TIME, CREATE_TIME,"
                     + " UPDATE_TIME) VALUES (?, 'ZZ', 'OLD01', ?, '20', 100, 100, NOW(), NOW(), NOW(), NOW())");
             PreparedStatement d = c.prepareStatement("INSERT INTO CRM_ORDER_DETAIL (ORDER_NO, LINE_NO, SKU_CODE,"
                     + " GOODS_NAME, QTY, PRICE, LINE_AMT) VALUES (?, 1, 'SKU-1', 'x', 1, 100, 100)")) {
            h.setString(1, no);
            h.setString(2, "EXT-" + no);
            h.executeUpdate();
            d.setString(1, no);
            d.executeUpdate();
        }

        var counts = poller.poll();

        assertThat(counts.getOrDefault(LegacyCrmPoller.Outcome.NEEDS_ATTENTION, 0)).isGreaterThanOrEqualTo(1);
        assertThat(countNew(no)).isZero();
        Exchange waiting = null;
        for (int i = 0; i < 50 && waiting == null; i++) {
            Exchange e = consumer.receive("jms:queue:orderhub.needs-attention", 5000);
            if (e != null && no.equals(e.getIn().getHeader("orderhubLegacyOrderNo"))) {
                waiting = e;
            }
        }
        assertThat(waiting).as("the record is on the needs-attention queue").isNotNull();
        assertThat(waiting.getIn().getHeader("orderhubReason", String.class)).contains("ZZ");
        assertThat(waiting.getIn().getBody(String.class)).contains(no);
    }

    private long countNew(String legacyNo) throws Exception {
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM orders WHERE legacy_order_no = ?")) {
            ps.setString(1, legacyNo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
