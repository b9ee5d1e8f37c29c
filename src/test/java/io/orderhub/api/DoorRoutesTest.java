package io.orderhub.api;

import io.orderhub.support.HubHttp;
import io.orderhub.support.TestCredentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.reads.MemberQuery;
import io.orderhub.reads.OrderQuery;
import io.orderhub.soap.PosCrmGateway;
import io.orderhub.soap.contract.OrderLine;
import io.orderhub.soap.contract.OrderLines;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One door in, one door out: every REST and SOAP intake passes canonical-order-intake, every order or
 * member read passes order-read or member-read. Each call is recognised at its door by what it carries
 * (its Idempotency-Key, its channel order id, its typed query), so the platform polls running beside
 * the test cannot make it pass; the route statistics show the door routes ran.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoorRoutesTest {

    private static final HubHttp HTTP = HubHttp.admin();
    private static final String CARD = "66009876543";

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    private final Doors doors = new Doors();
    private PosCrm pos;

    /** What was sent to a door route: the route's endpoint, the body, the exchange's properties and headers. */
    record Passage(String endpoint, Object body, Map<String, Object> properties, Map<String, Object> headers) {
    }

    static final class Doors extends EventNotifierSupport {
        final List<Passage> seen = new CopyOnWriteArrayList<>();

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSendingEvent s) {
                String uri = s.getEndpoint().getEndpointUri();
                if (uri.equals("direct://canonical-order-intake") || uri.equals("direct://order-read")
                        || uri.equals("direct://member-read")) {
                    seen.add(new Passage(uri.substring("direct://".length()), s.getExchange().getMessage().getBody(),
                            Map.copyOf(s.getExchange().getProperties()),
                            new java.util.HashMap<>(s.getExchange().getMessage().getHeaders())));
                }
            }
        }

        List<Passage> at(String door) {
            return seen.stream().filter(p -> p.endpoint().equals(door)).toList();
        }
    }

    @BeforeAll
    void listen() throws Exception {
        camel.getManagementStrategy().addEventNotifier(doors);
        camel.getCamelContextExtension().setEventNotificationApplicable(true);
        pos = HubHttp.authorizeSoap(posClient());
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT IGNORE INTO CRM_MEMBER (CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE, POINTS, REGION_CODE,"
                        + " CREATE_TIME, UPDATE_TIME) VALUES (?, 'oDoor1a2b3c4d5e', '王芳', '13900139111',"
                        + " '01', 10, '310000', NOW(), NOW())")) {
            ps.setString(1, CARD);
            ps.executeUpdate();
        }
    }

    @AfterAll
    void stopListening() {
        camel.getManagementStrategy().removeEventNotifier(doors);
    }

    @BeforeEach
    void newPath() {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        doors.seen.clear();
    }

    private long routeExchanges(String routeId) {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesTotal();
    }

    @Test
    void restPostGetAndSearchPassTheDoors() throws Exception {
        long intakeBefore = routeExchanges("canonical-order-intake");
        long readsBefore = routeExchanges("order-read");
        ObjectNode order = Samples.fresh();
        String key = "door-" + UUID.randomUUID();
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(api("/orders")))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(201);
        String id = CanonicalJson.mapper().readTree(posted.body()).get("id").asText();
        assertThat(doors.at("canonical-order-intake")).anySatisfy(p ->
                assertThat(p.properties()).containsEntry("idempotencyKey", key));

        HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(api("/orders/" + id))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(doors.at("order-read")).extracting(Passage::body)
                .containsExactly(new OrderQuery.ById(UUID.fromString(id)));

        String query = "channel=" + enc(order.get("channel").asText()) + "&shop=" + enc(order.get("shopId").asText())
                + "&channelOrderId=" + enc(order.get("channelOrderId").asText());
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(api("/orders?" + query))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode list = CanonicalJson.mapper().readTree(found.body());
        assertThat(list).singleElement().satisfies(o -> assertThat(o.get("id").asText()).isEqualTo(id));
        assertThat(doors.at("order-read")).extracting(Passage::body).containsExactly(
                new OrderQuery.ById(UUID.fromString(id)), new OrderQuery.ByChannelKey(order.get("channel").asText(),
                        order.get("shopId").asText(), order.get("channelOrderId").asText()));

        assertThat(routeExchanges("canonical-order-intake")).isGreaterThan(intakeBefore);
        assertThat(routeExchanges("order-read")).isEqualTo(readsBefore + 2);
    }

    @Test
    void soapSaleQueriesAndMemberLookUpsPassTheDoors() throws Exception {
        long membersBefore = routeExchanges("member-read");
        SubmitOrderRequest sale = sale();
        // only the allow-listed POS identity headers, each matching its pattern, get past the entry, and
        // only from a POS gateway's credential (role pos, scope relay)
        PosCrm pos = HubHttp.authorizeSoap(posClient(), TestCredentials.POS_RELAY_KEY);
        org.apache.cxf.frontend.ClientProxy.getClient(pos).getRequestContext().put(
                org.apache.cxf.message.Message.PROTOCOL_HEADERS, Map.of(
                        "X-POS-Source-System", List.of("pos-door-v1"),
                        "X-POS-Region-Code", List.of("not-a-region"),
                        "X-Forwarded-Evil", List.of("injected")));
        String no;
        try {
            no = pos.submitOrder(sale).getOrderNo();
        } finally {
            org.apache.cxf.frontend.ClientProxy.getClient(pos).getRequestContext()
                    .remove(org.apache.cxf.message.Message.PROTOCOL_HEADERS);
        }
        String channelOrderId = sale.getPosNo() + "-" + sale.getPosTxnNo();
        // the platform polls beside the test pass the intake door too: pick this sale by its channel order id
        assertThat(doors.at("canonical-order-intake")).filteredOn(p -> p.body() instanceof CanonicalOrder o
                && o.channelOrderId().equals(channelOrderId)).singleElement().satisfies(p -> {
            assertThat(((CanonicalOrder) p.body()).sourceSystem()).isEqualTo("pos-door-v1");
            assertThat(p.headers()).isEmpty();
            assertThat(p.properties().get("posIdentity")).isEqualTo(
                    new io.orderhub.soap.PosIdentity("pos-door-v1", null, null));
        });
        // the sale names a card: its member is looked up through the member door too
        assertThat(doors.at("member-read")).extracting(Passage::body).containsExactly(new MemberQuery(CARD, null));

        QueryOrderRequest q = new QueryOrderRequest();
        q.setOrderNo(no);
        assertThat(pos.queryOrder(q).getOrder().getExtOrderNo()).isEqualTo(channelOrderId);
        QueryOrdersSinceRequest since = new QueryOrdersSinceRequest();
        since.setSince("20261122000000");
        since.setPageNo(2);
        since.setPageSize(7);
        pos.queryOrdersSince(since);
        assertThat(doors.at("order-read")).extracting(Passage::body).satisfiesExactly(
                first -> assertThat(first).isEqualTo(new OrderQuery.ByLegacyOrderNo(no)),
                second -> assertThat(second).isInstanceOfSatisfying(OrderQuery.ChangedSince.class, c -> {
                    assertThat(c.offset()).isEqualTo(7);
                    assertThat(c.limit()).isEqualTo(7);
                }));

        QueryMemberRequest member = new QueryMemberRequest();
        member.setMobile("13900139111");
        assertThat(pos.queryMember(member).getMember().getCardNo()).isEqualTo(CARD);
        assertThat(doors.at("member-read")).extracting(Passage::body)
                .containsExactly(new MemberQuery(CARD, null), new MemberQuery(null, "13900139111"));
        assertThat(routeExchanges("member-read")).isEqualTo(membersBefore + 2);
    }

    private PosCrm posClient() {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        return (PosCrm) f.create();
    }

    private String api(String path) {
        return "http://localhost:" + port + "/api" + path;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static SubmitOrderRequest sale() {
        SubmitOrderRequest r = new SubmitOrderRequest();
        r.setStoreCode("BJ0007");
        r.setRegionCode("110000");
        r.setPosNo("POS07");
        r.setPosTxnNo("D" + System.nanoTime());
        r.setCardNo(CARD);
        r.setOrderTime("20261122101530");
        OrderLines lines = new OrderLines();
        OrderLine l = new OrderLine();
        l.setLineNo(1);
        l.setSkuCode("SKU-100234");
        l.setGoodsName("保温杯 500ml");
        l.setQty(3);
        l.setPrice(8900);
        l.setDiscAmt(700);
        l.setLineAmt(3 * 8900 - 700);
        lines.getLine().add(l);
        r.setLines(lines);
        r.setGoodsAmt(3 * 8900 - 700);
        r.setDiscAmt(0);
        r.setPayAmt(3 * 8900 - 700);
        r.setPayType("WECHAT");
        r.setPayNo("4200001234202611220000000001");
        return r;
    }
}
