package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import io.orderhub.support.SimulatedPlatforms;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The entry guards on the running hub: a body over its group's limit is 413 problem+json before it is
 * read (declared or chunked), and Camel headers and Camel-significant query parameters sent by a
 * caller (REST, webhook, SOAP) never reach a route. A probe records the headers of every exchange as
 * its consumer created it (before the route's first step).
 */
@HubTest
class EntryGuardsHubTest {

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;

    /** Headers of each new exchange, by the id of the route whose consumer created it. */
    final Map<String, List<Map<String, Object>>> seen = new ConcurrentHashMap<>();
    final EventNotifierSupport probe = new EventNotifierSupport() {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCreatedEvent created) {
                var ex = created.getExchange();
                seen.computeIfAbsent(String.valueOf(ex.getFromRouteId()), k -> new ArrayList<>())
                        .add(new HashMap<>(ex.getIn().getHeaders()));
            } else if (event instanceof CamelEvent.ExchangeSendingEvent sending) {
                seen.computeIfAbsent("sending:" + sending.getEndpoint().getEndpointUri(), k -> new ArrayList<>())
                        .add(new HashMap<>(sending.getExchange().getIn().getHeaders()));
            }
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCreatedEvent || event instanceof CamelEvent.ExchangeSendingEvent;
        }
    };

    @BeforeEach
    void addProbe() {
        ServiceHelper.startService(probe);
        camel.getManagementStrategy().addEventNotifier(probe);
    }

    @AfterEach
    void removeProbe() {
        camel.getManagementStrategy().removeEventNotifier(probe);
        ServiceHelper.stopService(probe);
    }

    static final Map<String, String> HOSTILE = Map.of(
            "CamelHttpUri", "http://127.0.0.1:1/elsewhere",
            "camelFileName", "../../etc/passwd",
            "CAMELJMSDESTINATIONNAME", "orderhub.other-queue",
            "CamelSqlQuery", "DELETE FROM orders",
            "CamelHttpResponseCode", "299");
    static final String HOSTILE_QUERY = "?CamelSqlQuery=DELETE%20FROM%20orders&camelFileName=x&CAMELHTTPPATH=/y"
            + "&CamelJmsDestinationName=orderhub.other-queue";

    /** Every header any route saw from this test's calls; the hostile ones must not be among them. */
    void assertNoHostileHeaderReached(String routeId) {
        List<Map<String, Object>> exchanges = seen.getOrDefault(routeId, List.of());
        assertThat(exchanges).as("exchanges created by " + routeId).isNotEmpty();
        for (Map<String, Object> headers : exchanges) {
            for (String name : List.of("CamelFileName", "CamelJmsDestinationName", "CamelSqlQuery",
                    "CamelHttpResponseCode")) {
                assertThat(headers.keySet()).as(routeId).noneMatch(k -> k.equalsIgnoreCase(name));
            }
            assertThat(headers.values()).as(routeId).noneMatch(v -> String.valueOf(v).contains("127.0.0.1:1/elsewhere")
                    || String.valueOf(v).contains("etc/passwd") || String.valueOf(v).contains("DELETE FROM")
                    || String.valueOf(v).contains("DELETE%20FROM") || String.valueOf(v).contains("other-queue")
                    || "/y".equals(String.valueOf(v)) || "299".equals(String.valueOf(v)));
        }
    }

    @Test
    void camelHeadersAndQueryParametersNeverReachTheRestRoutes() throws Exception {
        HttpResponse<String> r = post(port, "/api/orders" + HOSTILE_QUERY,
                Samples.json(Samples.fresh()).getBytes(StandardCharsets.UTF_8), HOSTILE);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().map().keySet()).noneMatch(k -> k.toLowerCase().startsWith("camel"));
        assertNoHostileHeaderReached("sending:direct://post-order");
    }

    @Test
    void camelHeadersAndQueryParametersNeverReachTheWebhookRoutes() throws Exception {
        SimOrder o = SimulatedPlatforms.SIM.newOrder("shopify", "shopify", SimOrder.Stage.PAID);
        byte[] body = PlatformSimulator.shopifyOrder(o).toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(HOSTILE);
        h.putAll(Map.of("X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", WebhookChannelsTest.SHOPIFY_DOMAIN,
                "X-Shopify-Webhook-Id", "g-" + System.nanoTime(),
                "X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET, body)));
        HttpResponse<String> r = post(port, "/api/webhooks/shopify" + HOSTILE_QUERY, body, h);
        assertThat(r.statusCode()).isBetween(200, 202);
        assertNoHostileHeaderReached("sending:direct://shopify-webhook");
    }

    @Test
    void camelHeadersInHttpAndSoapHeadersNeverReachThePosRoute() throws Exception {
        String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:p=\"http://ws.crm.legacy/pos/2012\"><soapenv:Header>"
                + "<CamelJmsDestinationName xmlns=\"urn:x\">orderhub.other-queue</CamelJmsDestinationName>"
                + "<CamelFileName xmlns=\"urn:x\">../../etc/passwd</CamelFileName>"
                + "</soapenv:Header><soapenv:Body>"
                + "<p:QueryMemberRequest><p:CardNo>88001234567</p:CardNo></p:QueryMemberRequest>"
                + "</soapenv:Body></soapenv:Envelope>";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/crm" + HOSTILE_QUERY))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        HOSTILE.forEach(b::header);
        HttpResponse<String> r = ChannelSupport.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        // an answer of the contract (the member or its CrmFault), not a redirected call
        assertThat(r.body()).containsAnyOf("<ResultCode>", "<FaultCode>");
        assertNoHostileHeaderReached("pos-crm");
    }

    @Autowired
    jakarta.jms.ConnectionFactory jms;
    @org.springframework.beans.factory.annotation.Value("${orderhub.needs-attention.queue}")
    String needsAttentionQueue;

    @Test
    void camelJmsPropertiesOnAParkedRecordNeverReachTheRoutesItIsRedrivenInto() throws Exception {
        SimOrder o = SimulatedPlatforms.SIM.newOrder("shopify", "shopify", SimOrder.Stage.PAID);
        String record = PlatformSimulator.shopifyOrder(o).toString();
        // as if someone with broker access had put it there: the hub's own properties plus Camel ones
        new org.springframework.jms.core.JmsTemplate(jms).send(needsAttentionQueue, session -> {
            jakarta.jms.TextMessage m = session.createTextMessage(record);
            m.setStringProperty("orderhubMapping", "shopify");
            m.setStringProperty("orderhubChannel", "shopify");
            m.setStringProperty("orderhubShop", "shopify-cn-flagship");
            m.setStringProperty("orderhubSource", "test:" + o.id);
            m.setStringProperty("orderhubReason", "test");
            m.setStringProperty("CamelJmsDestinationName", "orderhub.other-queue");
            m.setStringProperty("CamelFileName", "../../etc/passwd");
            m.setStringProperty("CamelSqlQuery", "DELETE FROM orders");
            m.setStringProperty("CamelHttpUri", "http://127.0.0.1:1/elsewhere");
            return m;
        });
        HttpResponse<String> r = post(port, "/api/needs-attention/redrive", new byte[0], Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ChannelSupport.json(r).path("redriven").asInt()).isPositive();
        assertNoHostileHeaderReached("sending:direct://channel-order-intake");
    }

    @Test
    void aDeclaredBodyOverTheOrdersLimitIs413ProblemJson() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = post(port, "/api/orders", big, Map.of());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(ChannelSupport.json(r).path("type").asText()).isEqualTo("urn:orderhub:problem:payload-too-large");
        assertThat(seen.getOrDefault("sending:direct://post-order", List.of())).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheOrdersLimitIs413ProblemJson() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        // from an InputStream the client sends no Content-Length: Transfer-Encoding chunked
        HttpResponse<String> r = ChannelSupport.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ChannelSupport.json(r).path("status").asInt()).isEqualTo(413);
        assertThat(seen.getOrDefault("sending:direct://post-order", List.of())).isEmpty();

        // a chunked order within the limit is taken as before
        byte[] ok = Samples.json(Samples.fresh()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> taken = ChannelSupport.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(ok))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(taken.statusCode()).isEqualTo(201);
    }
}
