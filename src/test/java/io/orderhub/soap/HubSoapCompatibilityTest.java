package io.orderhub.soap;

import io.orderhub.support.HubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orderhub.config.HubProperties;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.embedded.FreePorts;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.ObjectFactory;
import io.orderhub.soap.contract.OrderInfo;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import io.orderhub.support.HubTest;
import io.orderhub.support.KafkaEvents;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The compatibility suite: the same generated CXF client calls the hub at /services/crm and the
 * legacy CRM simulator, both over the same data (the simulator reads the hub's old store), and every
 * answer must be the same, on the new path and on the old path.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubSoapCompatibilityTest {

    @LocalServerPort
    int port;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;

    private Server simulator;
    private String simulatorUrl;
    private PosCrm hub;
    private PosCrm legacy;
    private JAXBContext jaxb;

    @BeforeAll
    void start() throws Exception {
        int simPort = FreePorts.find();
        simulator = io.orderhub.soap.legacycrm.LegacyCrm.start(simPort, maria);
        simulatorUrl = "http://127.0.0.1:" + simPort + "/crm";
        hub = client("http://localhost:" + port + "/services/crm");
        legacy = client(simulatorUrl);
        jaxb = JAXBContext.newInstance(ObjectFactory.class);
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT IGNORE INTO CRM_MEMBER (CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE, POINTS, REGION_CODE,"
                        + " CREATE_TIME, UPDATE_TIME) VALUES ('66001234567', 'oHub9a8b7c6d5e4', '李华', '13900139000',"
                        + " '02', 300, '310000', NOW(), NOW())")) {
            ps.executeUpdate();
        }
    }

    @AfterAll
    void stop() {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        simulator.destroy();
    }

    private static PosCrm client(String url) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        return HubHttp.authorizeSoap((PosCrm) f.create());
    }

    private String xml(Object value) throws Exception {
        Marshaller m = jaxb.createMarshaller();
        m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
        StringWriter w = new StringWriter();
        m.marshal(value, w);
        return w.toString();
    }


    private interface Call {
        Object run(PosCrm crm) throws Exception;
    }

    /** Both answer the same, or both fault with the same code and element. */
    private void assertSameAnswer(Call call) throws Exception {
        Object a;
        Object b;
        try {
            a = xml(call.run(hub));
        } catch (CrmFault_Exception e) {
            a = e.getFaultInfo().getFaultCode() + " " + e.getFaultInfo().getElement();
        }
        try {
            b = xml(call.run(legacy));
        } catch (CrmFault_Exception e) {
            b = e.getFaultInfo().getFaultCode() + " " + e.getFaultInfo().getElement();
        }
        assertThat(a).isEqualTo(b);
    }

    private static SubmitOrderRequest sale(String cardNo) {
        SubmitOrderRequest r = LegacyCrmSimulatorTest.sale(cardNo);
        r.setStoreCode("BJ0007");
        r.setRegionCode("110000");
        return r;
    }

    @Test
    void newPathAnswersLikeTheLegacyCrmForEveryOperation() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        QueryMemberRequest card = new QueryMemberRequest();
        card.setCardNo("66001234567");
        assertSameAnswer(crm -> crm.queryMember(card));
        QueryMemberRequest mobile = new QueryMemberRequest();
        mobile.setMobile("13900139000");
        assertSameAnswer(crm -> crm.queryMember(mobile));
        QueryMemberRequest nobody = new QueryMemberRequest();
        nobody.setCardNo("12345678");
        assertSameAnswer(crm -> crm.queryMember(nobody));

        SubmitOrderRequest sale = sale("66001234567");
        var submitted = hub.submitOrder(sale);
        assertThat(submitted.getResultCode()).isEqualTo("0000");
        String no = submitted.getOrderNo();
        // a retried sale is answered with the same number by both
        assertSameAnswer(crm -> crm.submitOrder(sale));

        QueryOrderRequest q = new QueryOrderRequest();
        q.setOrderNo(no);
        assertSameAnswer(crm -> crm.queryOrder(q));
        QueryOrderRequest missing = new QueryOrderRequest();
        missing.setOrderNo("SO2611229999999999");
        assertSameAnswer(crm -> crm.queryOrder(missing));

        UpdateOrderStatusRequest jump = new UpdateOrderStatusRequest();
        jump.setOrderNo(no);
        jump.setOrderStatus("50");
        jump.setOperTime("20261122130000");
        assertSameAnswer(crm -> crm.updateOrderStatus(jump));

        UpdateOrderStatusRequest step = new UpdateOrderStatusRequest();
        step.setOrderNo(no);
        step.setOrderStatus("30");
        step.setOperTime("20261122130000");
        assertThat(hub.updateOrderStatus(step).getResultCode()).isEqualTo("0000");
        assertSameAnswer(crm -> crm.queryOrder(q));

        SubmitOrderRequest bad = sale(null);
        bad.setPayAmt(1);
        assertSameAnswer(crm -> crm.submitOrder(bad));
        SubmitOrderRequest strangerCard = sale("55000000000");
        assertSameAnswer(crm -> crm.submitOrder(strangerCard));

        Map<String, String> viaHub = ordersSince(hub);
        Map<String, String> viaLegacy = ordersSince(legacy);
        assertThat(viaHub).containsKey(no);
        assertThat(viaHub.get(no)).isEqualTo(viaLegacy.get(no));
    }

    private static io.orderhub.soap.contract.UpdateMemberRequest change(String card, int version) {
        var r = new io.orderhub.soap.contract.UpdateMemberRequest();
        r.setCardNo(card);
        r.setVersion(version);
        return r;
    }

    @Test
    void memberWritesAnswerLikeTheLegacyCrm() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        // member writes go to the legacy CRM first on both paths: it numbers the card
        gateway.useLegacyCrm(simulatorUrl, 3000);
        var reg = LegacyCrmSimulatorTest.registration("周婷", LegacyCrmSimulatorTest.freshMobile());
        var created = hub.registerMember(reg);
        assertThat(created.getResultCode()).isEqualTo("0000");
        String card = created.getMember().getCardNo();
        // the retried registration: ResultCode 0001 and the same member from both
        assertSameAnswer(crm -> crm.registerMember(reg));
        QueryMemberRequest byCard = new QueryMemberRequest();
        byCard.setCardNo(card);
        assertSameAnswer(crm -> crm.queryMember(byCard));

        var rename = change(card, 1);
        rename.setMemberName("周婷婷");
        rename.setRegionCode("310000");
        assertThat(hub.updateMember(rename).getVersion()).isEqualTo(2);
        assertSameAnswer(crm -> crm.queryMember(byCard));
        // refusals: the same code and element from both
        assertSameAnswer(crm -> crm.updateMember(rename));
        var unknown = change("66999999997", 1);
        unknown.setMemberName("无名");
        assertSameAnswer(crm -> crm.updateMember(unknown));
        var taken = change(card, 2);
        taken.setMobile("13900139000");
        assertSameAnswer(crm -> crm.updateMember(taken));
        var blank = change(card, 2);
        blank.setMemberName("  ");
        assertSameAnswer(crm -> crm.updateMember(blank));
        var blankName = LegacyCrmSimulatorTest.registration(" ", LegacyCrmSimulatorTest.freshMobile());
        assertSameAnswer(crm -> crm.registerMember(blankName));
        var badMobile = LegacyCrmSimulatorTest.registration("钱多", "1380013800");
        assertSameAnswer(crm -> crm.registerMember(badMobile));
        var badUnion = LegacyCrmSimulatorTest.registration("钱多", LegacyCrmSimulatorTest.freshMobile());
        badUnion.setUnionId("a b");
        assertSameAnswer(crm -> crm.registerMember(badUnion));

        // the old path takes member writes the same way: the new store is written too
        gateway.serveFrom(PosCrmGateway.Path.LEGACY);
        var viaOldPath = hub.registerMember(LegacyCrmSimulatorTest.registration("孔明", LegacyCrmSimulatorTest.freshMobile()));
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM members WHERE card_no = ?")) {
            ps.setString(1, viaOldPath.getMember().getCardNo());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("孔明");
            }
        } finally {
            gateway.serveFrom(PosCrmGateway.Path.HUB);
        }
    }

    @Test
    void aSaleThroughTheHubLandsInBothStoresAndOnKafka() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        SubmitOrderRequest sale = sale(null);
        // a POS gateway (a pos key with the relay scope) names the POS in allow-listed HTTP headers; the
        // hub records its source system (headers of a key without relay would be ignored: PosIdentityHubTest)
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        PosCrm pos = HubHttp.authorizeSoap((PosCrm) f.create(), io.orderhub.support.TestCredentials.POS_RELAY_KEY);
        org.apache.cxf.frontend.ClientProxy.getClient(pos).getRequestContext().put(
                org.apache.cxf.message.Message.PROTOCOL_HEADERS, Map.of(
                        PosIdentity.SOURCE_HEADER, java.util.List.of("pos-suzhou-v3"),
                        PosIdentity.STORE_HEADER, java.util.List.of("BJ0007"),
                        "X-Something-Else", java.util.List.of("ignored")));
        String no = pos.submitOrder(sale).getOrderNo();

        String id;
        io.orderhub.support.Secondary.settled();
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT order_id::text, channel, status, paid_amount, source_system FROM orders WHERE legacy_order_no = ?")) {
            ps.setString(1, no);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                id = rs.getString(1);
                assertThat(rs.getString(2)).isEqualTo("pos");
                assertThat(rs.getString(3)).isEqualTo("PAID");
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("160.90");
                assertThat(rs.getString(5)).isEqualTo("pos-suzhou-v3");
            }
        }
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT HUB_ORDER_ID, SOURCE_CODE FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?")) {
            ps.setString(1, no);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(id);
                assertThat(rs.getString(2)).isEqualTo("POS");
            }
        }
        try (KafkaEvents events = new KafkaEvents(kafka.servers(), props.getKafka().getTopic())) {
            assertThat(events.eventsFor(id, 1, Duration.ofSeconds(30))).singleElement()
                    .satisfies(e -> assertThat(e.at("/order/legacyOrderNo").asText()).isEqualTo(no));
        }
    }

    @Test
    void oldPathForwardsToTheLegacyCrmAndADeadCrmIsAFaultNotAHang() throws Exception {
        try {
            gateway.useLegacyCrm(simulatorUrl, 3000);
            gateway.serveFrom(PosCrmGateway.Path.LEGACY);
            String no = hub.submitOrder(sale(null)).getOrderNo();
            QueryOrderRequest q = new QueryOrderRequest();
            q.setOrderNo(no);
            assertSameAnswer(crm -> crm.queryOrder(q));
            QueryMemberRequest card = new QueryMemberRequest();
            card.setCardNo("66001234567");
            assertSameAnswer(crm -> crm.queryMember(card));
            // the legacy CRM numbered and stored it; the hub only forwarded
            try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM orders WHERE legacy_order_no = ?")) {
                ps.setString(1, no);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }

            gateway.useLegacyCrm("http://127.0.0.1:" + FreePorts.find() + "/crm", 500);
            long t0 = System.nanoTime();
            CrmFault_Exception down = catchThrowableOfType(CrmFault_Exception.class, () -> hub.queryMember(card));
            assertThat(down.getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
            // after enough failures the breaker opens and answers at once, without calling the dead CRM
            for (int i = 0; i < 5; i++) {
                catchThrowableOfType(CrmFault_Exception.class, () -> hub.queryMember(card));
            }
            assertThat(gateway.legacyCircuit()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
            CrmFault_Exception open = catchThrowableOfType(CrmFault_Exception.class, () -> hub.queryMember(card));
            assertThat(open.getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.UNAVAILABLE);
            assertThat(open.getFaultInfo().getFaultMessage()).contains("circuit open");
        } finally {
            gateway.serveFrom(PosCrmGateway.Path.HUB);
        }
    }

    @Test
    void hubServesTheLegacyWsdlAndRefusesBadXmlWithCodedFaults() throws Exception {
        HubHttp http = HubHttp.admin();
        String base = "http://localhost:" + port + "/services/crm";
        String wsdl = http.send(HttpRequest.newBuilder(URI.create(base + "?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(wsdl).contains("targetNamespace=\"http://ws.crm.legacy/pos/2012\"").contains("QueryOrdersSince");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:p=\"http://ws.crm.legacy/pos/2012\"><soapenv:Body><p:QueryMemberRequest><p:CardNo>&x;"
                + "</p:CardNo></p:QueryMemberRequest></soapenv:Body></soapenv:Envelope>";
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(xxe)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(res.body()).contains("<FaultCode>CRM-1000</FaultCode>").doesNotContain("root:");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> hostileRequests() {
        return LegacyCrmSimulatorTest.hostileRequests();
    }

    /** The same raw bad and hostile envelopes as the simulator's suite, sent to the hub. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostileRequests")
    void hubRefusesBadAndHostileEnvelopesLikeTheLegacyCrm(String name, String body, String element) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> res = HubHttp.admin().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/services/crm"))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(res.body()).contains("<FaultCode>" + CrmFaults.INVALID_REQUEST + "</FaultCode>")
                .doesNotContain("root:").doesNotContain("at org.apache");
        if (element != null) {
            assertThat(res.body()).contains("<Element>" + element + "</Element>");
        }
        assertThat(ms).isLessThan(1000);
    }

    private static Map<String, String> ordersSince(PosCrm crm) throws Exception {
        Map<String, String> all = new HashMap<>();
        int page = 1;
        int total;
        do {
            QueryOrdersSinceRequest r = new QueryOrdersSinceRequest();
            r.setSince("20000101000000");
            r.setPageNo(page++);
            r.setPageSize(100);
            var res = crm.queryOrdersSince(r);
            total = res.getTotalCount();
            for (OrderInfo o : res.getOrder()) {
                all.put(o.getOrderNo(), o.getOrderStatus() + "/" + o.getPayAmt() + "/" + o.getUpdateTime() + "/"
                        + o.getLines().getLine().size());
            }
        } while ((page - 1) * 100 < total);
        return all;
    }
}
