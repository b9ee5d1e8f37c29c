package io.orderhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import io.orderhub.support.SimulatedPlatforms;
import io.orderhub.support.TestCredentials;
import io.orderhub.support.TestJwt;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The authorisation matrix: every HTTP endpoint of the hub × {no credential, wrong role or scope,
 * right role}, one row each, with the status code and, for 401/403/404 refusals, the problem+json
 * type. Credentials are API keys (X-Api-Key, Authorization: ApiKey), basic logins (key id + key) and
 * bearer tokens signed by the test's own RSA key ({@link TestJwt}).
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    static final String UNAUTHORIZED = "urn:orderhub:problem:unauthorized";
    static final String FORBIDDEN = "urn:orderhub:problem:forbidden";
    static final String OUT_OF_SCOPE = "urn:orderhub:problem:out-of-scope";
    static final String NOT_FOUND = "urn:orderhub:problem:order-not-found";
    static final String MALFORMED = "urn:orderhub:problem:malformed-request";
    static final String BAD_SIGNATURE = "urn:orderhub:problem:invalid-signature";

    /** A credential a row sends: a header name and value, or none. */
    record Cred(String name, String header, String value) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Cred NONE = new Cred("no credential", null, null);
    static final Cred ADMIN = new Cred("admin key", "X-Api-Key", TestCredentials.ADMIN_KEY);
    static final Cred ADMIN_AUTHZ = new Cred("admin key (Authorization: ApiKey)", "Authorization",
            "ApiKey " + TestCredentials.ADMIN_KEY);
    static final Cred OPERATOR = new Cred("operator key", "X-Api-Key", TestCredentials.OPERATOR_KEY);
    static final Cred TMALL = new Cred("channel key tmall:tmall-flagship-01", "X-Api-Key",
            TestCredentials.TMALL_CHANNEL_KEY);
    static final Cred JD = new Cred("channel key jd:*", "X-Api-Key", TestCredentials.JD_CHANNEL_KEY);
    static final Cred POS = new Cred("pos key", "X-Api-Key", TestCredentials.POS_KEY);
    static final Cred UNKNOWN_KEY = new Cred("unknown key", "X-Api-Key", "ohk_not-a-key-of-this-hub");
    static final Cred BASIC_ADMIN = new Cred("basic login admin-config", "Authorization", "Basic "
            + Base64.getEncoder().encodeToString(("admin-config:" + TestCredentials.ADMIN_KEY)
            .getBytes(StandardCharsets.UTF_8)));
    static final Cred BASIC_OPERATOR = new Cred("basic login test-operator", "Authorization", "Basic "
            + Base64.getEncoder().encodeToString(("test-operator:" + TestCredentials.OPERATOR_KEY)
            .getBytes(StandardCharsets.UTF_8)));
    static final Cred BASIC_WRONG = new Cred("basic login with a wrong key", "Authorization", "Basic "
            + Base64.getEncoder().encodeToString("admin-config:nope".getBytes(StandardCharsets.UTF_8)));
    static final Cred JWT_ADMIN = new Cred("bearer admin", "Authorization",
            "Bearer " + TestJwt.token("ops-lead", "[\"admin\"]", "[]"));
    static final Cred JWT_OPERATOR = new Cred("bearer operator", "Authorization",
            "Bearer " + TestJwt.token("night-shift", "\"operator\"", "[]"));
    static final Cred JWT_TMALL = new Cred("bearer channel tmall:*", "Authorization",
            "Bearer " + TestJwt.token("tmall-bridge", "[\"channel\"]", "[\"tmall:*\"]"));
    static final Cred JWT_JD = new Cred("bearer channel jd:*", "Authorization",
            "Bearer " + TestJwt.token("jd-bridge", "[\"channel\"]", "[\"jd:*\"]"));
    static final Cred JWT_FORGED = new Cred("bearer admin signed by an unknown key", "Authorization",
            "Bearer " + TestJwt.forged("mallory", "[\"admin\"]"));
    static final Cred JWT_EXPIRED = new Cred("bearer admin expired", "Authorization",
            "Bearer " + TestJwt.expired("ops-lead", "[\"admin\"]"));

    /** One row: a request, who sends it, what must come back. */
    record Row(String method, String path, Supplier<byte[]> body, String contentType, Cred cred, int status,
               String problemType, List<String> extraHeaders) {
        @Override
        public String toString() {
            return method + " " + path.replace(ORDER_ID_TOKEN, "{id}") + " as " + cred + " -> " + status
                    + (problemType == null ? "" : " " + problemType.substring(problemType.lastIndexOf(':') + 1));
        }
    }

    static final String ORDER_ID_TOKEN = "{tmallOrder}";
    static final String CHANNEL_ORDER_TOKEN = "{tmallChannelOrderId}";

    @LocalServerPort
    int port;

    String tmallOrderId;
    String tmallChannelOrderId;

    @BeforeAll
    void oneOrderOfTmall() throws Exception {
        ObjectNode order = Samples.fresh();
        HttpResponse<String> r = HubHttp.admin().send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        tmallOrderId = CanonicalJson.mapper().readTree(r.body()).get("id").asText();
        tmallChannelOrderId = order.get("channelOrderId").asText();
    }

    static byte[] freshOrder() {
        return Samples.fresh().toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] freshOrderOfShop(String shop) {
        ObjectNode o = Samples.fresh();
        o.put("shopId", shop);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] file(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SOAP_QUERY_MEMBER = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:p=\"http://ws.crm.legacy/pos/2012\"><soapenv:Body><p:QueryMemberRequest>"
            + "<p:CardNo>80000000000</p:CardNo></p:QueryMemberRequest></soapenv:Body></soapenv:Envelope>";
    static final String JOLOKIA_SEARCH = "{\"type\":\"search\",\"mbean\":\"org.apache.camel:context=orderhub,type=routes,*\"}";

    static Row row(String method, String path, Supplier<byte[]> body, String contentType, Cred cred, int status,
                   String problem, String... headers) {
        return new Row(method, path, body, contentType, cred, status, problem, List.of(headers));
    }

    static Row get(String path, Cred cred, int status, String problem) {
        return row("GET", path, null, null, cred, status, problem);
    }

    static Row postJson(String path, Supplier<byte[]> body, Cred cred, int status, String problem) {
        return row("POST", path, body, "application/json", cred, status, problem);
    }

    static Stream<Row> matrix() {
        String id = ORDER_ID_TOKEN;
        String search = "/api/orders?channel=tmall&shop=tmall-flagship-01&channelOrderId=" + CHANNEL_ORDER_TOKEN;
        String status = "/api/orders/" + id + "/status";
        // a status the route refuses (400) shows the request got past authentication and scope, changing nothing
        Supplier<byte[]> badStatus = () -> text("{\"status\":\"NOT_A_STATUS\"}");
        Supplier<byte[]> preview = () -> file("mappings/shopify/examples/01-paid-multi-line.input.json");
        Supplier<byte[]> cutoverFacts = () -> text("{\"facts\":{\"function\":\"QueryMember\",\"storeCode\":\"440106001\"}}");
        // no reason and no rules: refused by the validation after the role check, nothing changes
        Supplier<byte[]> badRules = () -> text("{}");
        Supplier<byte[]> newChannelKey = () -> text("{\"roles\":[\"channel\"],\"scopes\":[\"wechat-shop:*\"]}");
        List<Row> rows = new ArrayList<>(List.of(
                // ---- orders API: intake
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, NONE, 401, UNAUTHORIZED),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, UNKNOWN_KEY, 401, UNAUTHORIZED),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, OPERATOR, 403, FORBIDDEN),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, POS, 403, FORBIDDEN),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, JD, 403, OUT_OF_SCOPE),
                postJson("/api/orders", () -> freshOrderOfShop("tmall-outlet-02"), TMALL, 403, OUT_OF_SCOPE),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, JWT_JD, 403, OUT_OF_SCOPE),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, TMALL, 201, null),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, JWT_TMALL, 201, null),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, ADMIN, 201, null),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, ADMIN_AUTHZ, 201, null),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, JWT_ADMIN, 201, null),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, JWT_FORGED, 401, UNAUTHORIZED),
                postJson("/api/orders", AuthorizationMatrixTest::freshOrder, JWT_EXPIRED, 401, UNAUTHORIZED),
                // ---- orders API: one order by id (another channel's order does not exist for it)
                get("/api/orders/" + id, NONE, 401, UNAUTHORIZED),
                get("/api/orders/" + id, POS, 403, FORBIDDEN),
                get("/api/orders/" + id, JD, 404, NOT_FOUND),
                get("/api/orders/" + id, JWT_JD, 404, NOT_FOUND),
                get("/api/orders/" + id, TMALL, 200, null),
                get("/api/orders/" + id, JWT_TMALL, 200, null),
                get("/api/orders/" + id, OPERATOR, 200, null),
                get("/api/orders/" + id, JWT_OPERATOR, 200, null),
                get("/api/orders/" + id, ADMIN, 200, null),
                // ---- orders API: search (another channel's order: the empty list, as for none)
                get(search, NONE, 401, UNAUTHORIZED),
                get(search, POS, 403, FORBIDDEN),
                get(search, JD, 200, null),
                get(search, TMALL, 200, null),
                get(search, OPERATOR, 200, null),
                // ---- orders API: status command
                postJson(status, badStatus, NONE, 401, UNAUTHORIZED),
                postJson(status, badStatus, OPERATOR, 403, FORBIDDEN),
                postJson(status, badStatus, POS, 403, FORBIDDEN),
                postJson(status, badStatus, JD, 404, NOT_FOUND),
                postJson(status, badStatus, TMALL, 400, MALFORMED),
                postJson(status, badStatus, ADMIN, 400, MALFORMED),
                // ---- needs-attention: list (operator) and re-drive (admin)
                get("/api/needs-attention", NONE, 401, UNAUTHORIZED),
                get("/api/needs-attention", TMALL, 403, FORBIDDEN),
                get("/api/needs-attention", POS, 403, FORBIDDEN),
                get("/api/needs-attention", OPERATOR, 200, null),
                get("/api/needs-attention", JWT_OPERATOR, 200, null),
                get("/api/needs-attention", ADMIN, 200, null),
                postJson("/api/needs-attention/redrive", () -> new byte[0], NONE, 401, UNAUTHORIZED),
                postJson("/api/needs-attention/redrive", () -> new byte[0], OPERATOR, 403, FORBIDDEN),
                postJson("/api/needs-attention/redrive", () -> new byte[0], JWT_OPERATOR, 403, FORBIDDEN),
                postJson("/api/needs-attention/redrive", () -> new byte[0], TMALL, 403, FORBIDDEN),
                postJson("/api/needs-attention/redrive", () -> new byte[0], ADMIN, 200, null),
                // ---- admin preview
                postJson("/api/admin/preview/shopify?shop=example-shop", preview, NONE, 401, UNAUTHORIZED),
                postJson("/api/admin/preview/shopify?shop=example-shop", preview, OPERATOR, 403, FORBIDDEN),
                postJson("/api/admin/preview/shopify?shop=example-shop", preview, TMALL, 403, FORBIDDEN),
                postJson("/api/admin/preview/shopify?shop=example-shop", preview, ADMIN, 200, null),
                // ---- key management
                get("/api/admin/keys", NONE, 401, UNAUTHORIZED),
                get("/api/admin/keys", OPERATOR, 403, FORBIDDEN),
                get("/api/admin/keys", JWT_OPERATOR, 403, FORBIDDEN),
                get("/api/admin/keys", ADMIN, 200, null),
                get("/api/admin/keys", JWT_ADMIN, 200, null),
                postJson("/api/admin/keys", newChannelKey, NONE, 401, UNAUTHORIZED),
                postJson("/api/admin/keys", newChannelKey, OPERATOR, 403, FORBIDDEN),
                postJson("/api/admin/keys", newChannelKey, TMALL, 403, FORBIDDEN),
                postJson("/api/admin/keys", newChannelKey, ADMIN, 201, null),
                row("DELETE", "/api/admin/keys/no-such-key", null, null, NONE, 401, UNAUTHORIZED),
                row("DELETE", "/api/admin/keys/no-such-key", null, null, OPERATOR, 403, FORBIDDEN),
                row("DELETE", "/api/admin/keys/no-such-key", null, null, ADMIN, 404,
                        "urn:orderhub:problem:key-not-found"),
                row("DELETE", "/api/admin/keys/test-operator", null, null, ADMIN, 409,
                        "urn:orderhub:problem:invalid-key-request"),
                // ---- cutover rules and phases: admin only (an operator may not even read them)
                get("/api/admin/cutover/rules", NONE, 401, UNAUTHORIZED),
                get("/api/admin/cutover/rules", OPERATOR, 403, FORBIDDEN),
                get("/api/admin/cutover/rules", TMALL, 403, FORBIDDEN),
                get("/api/admin/cutover/rules", ADMIN, 200, null),
                get("/api/admin/cutover/history", OPERATOR, 403, FORBIDDEN),
                get("/api/admin/cutover/history", ADMIN, 200, null),
                // shadow-read mismatches hold both stores' versions (names, mobiles): admin only
                get("/api/admin/cutover/mismatches", NONE, 401, UNAUTHORIZED),
                get("/api/admin/cutover/mismatches", OPERATOR, 403, FORBIDDEN),
                get("/api/admin/cutover/mismatches", TMALL, 403, FORBIDDEN),
                get("/api/admin/cutover/mismatches?entity=MEMBERS&limit=10", ADMIN, 200, null),
                get("/api/admin/cutover/mismatches?limit=501", ADMIN, 400, MALFORMED),
                postJson("/api/admin/cutover/preview", cutoverFacts, NONE, 401, UNAUTHORIZED),
                postJson("/api/admin/cutover/preview", cutoverFacts, OPERATOR, 403, FORBIDDEN),
                postJson("/api/admin/cutover/preview", cutoverFacts, ADMIN, 200, null),
                row("PUT", "/api/admin/cutover/rules", badRules, "application/json", NONE, 401, UNAUTHORIZED),
                row("PUT", "/api/admin/cutover/rules", badRules, "application/json", OPERATOR, 403, FORBIDDEN),
                row("PUT", "/api/admin/cutover/rules", badRules, "application/json", TMALL, 403, FORBIDDEN),
                row("PUT", "/api/admin/cutover/rules", badRules, "application/json", ADMIN, 422,
                        "urn:orderhub:problem:invalid-cutover-rules"),
                postJson("/api/admin/cutover/rollback/987654321", null, NONE, 401, UNAUTHORIZED),
                postJson("/api/admin/cutover/rollback/987654321", null, OPERATOR, 403, FORBIDDEN),
                postJson("/api/admin/cutover/rollback/987654321", null, ADMIN, 404,
                        "urn:orderhub:problem:cutover-version-not-found"),
                // secondary sync backlog and dead letters (aggregate ids, failure reasons): admin only
                get("/api/admin/cutover/backlog", NONE, 401, UNAUTHORIZED),
                get("/api/admin/cutover/backlog", OPERATOR, 403, FORBIDDEN),
                get("/api/admin/cutover/backlog", TMALL, 403, FORBIDDEN),
                get("/api/admin/cutover/backlog", ADMIN, 200, null),
                get("/api/admin/cutover/dead-letters", NONE, 401, UNAUTHORIZED),
                get("/api/admin/cutover/dead-letters", OPERATOR, 403, FORBIDDEN),
                get("/api/admin/cutover/dead-letters", TMALL, 403, FORBIDDEN),
                get("/api/admin/cutover/dead-letters?limit=10", ADMIN, 200, null),
                get("/api/admin/cutover/dead-letters?limit=501", ADMIN, 400, MALFORMED),
                // the switch of authority: admin only; an empty request is refused by validation, nothing changes
                postJson("/api/admin/cutover/switch", badRules, NONE, 401, UNAUTHORIZED),
                postJson("/api/admin/cutover/switch", badRules, OPERATOR, 403, FORBIDDEN),
                postJson("/api/admin/cutover/switch", badRules, TMALL, 403, FORBIDDEN),
                postJson("/api/admin/cutover/switch", badRules, ADMIN, 422, "urn:orderhub:problem:invalid-cutover-rules"),
                // ---- OpenAPI document: any credential
                get("/api/openapi.json", NONE, 401, UNAUTHORIZED),
                get("/api/openapi.json", TMALL, 200, null),
                // ---- webhooks: the platform signature is the credential; a key is no substitute for it
                row("POST", "/api/webhooks/shopify", preview, "application/json", NONE, 401, BAD_SIGNATURE,
                        "X-Shopify-Hmac-Sha256", "bm90LWEtc2lnbmF0dXJl", "X-Shopify-Topic", "orders/create",
                        "X-Shopify-Shop-Domain", "orderhub-demo.myshopify.com"),
                row("POST", "/api/webhooks/shopify", preview, "application/json", ADMIN, 401, BAD_SIGNATURE,
                        "X-Shopify-Hmac-Sha256", "bm90LWEtc2lnbmF0dXJl", "X-Shopify-Topic", "orders/create",
                        "X-Shopify-Shop-Domain", "orderhub-demo.myshopify.com"),
                row("POST", "/api/webhooks/shopify", preview, "application/json", NONE, 200, null,
                        "X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET,
                                preview.get()), "X-Shopify-Topic", "orders/create",
                        "X-Shopify-Webhook-Id", UUID.randomUUID().toString(),
                        "X-Shopify-Shop-Domain", "orderhub-demo.myshopify.com"),
                row("POST", "/api/webhooks/woocommerce", () -> text("{}"), "application/json", NONE, 401,
                        BAD_SIGNATURE, "X-WC-Webhook-Signature", "bm90LWEtc2lnbmF0dXJl",
                        "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Source", "https://shop.example.com/"),
                // ---- SOAP: a pos credential (WS-Security is off in the test context)
                get("/services/crm?wsdl", NONE, 401, UNAUTHORIZED),
                get("/services/crm?wsdl", OPERATOR, 403, FORBIDDEN),
                get("/services/crm?wsdl", TMALL, 403, FORBIDDEN),
                get("/services/crm?wsdl", POS, 200, null),
                row("POST", "/services/crm", () -> text(SOAP_QUERY_MEMBER), "text/xml; charset=UTF-8", NONE, 401,
                        UNAUTHORIZED, "SOAPAction", "\"\""),
                row("POST", "/services/crm", () -> text(SOAP_QUERY_MEMBER), "text/xml; charset=UTF-8", OPERATOR, 403,
                        FORBIDDEN, "SOAPAction", "\"\""),
                // the call reaches the contract: an unknown card is the contract's CrmFault (SOAP 1.1: HTTP 500)
                row("POST", "/services/crm", () -> text(SOAP_QUERY_MEMBER), "text/xml; charset=UTF-8", POS, 500,
                        null, "SOAPAction", "\"\""),
                // ---- actuator: health status and probes anonymous, details and the rest operator
                get("/actuator/health", NONE, 200, null),
                get("/actuator/health/liveness", NONE, 200, null),
                get("/actuator/health/readiness", NONE, 200, null),
                get("/actuator/health", OPERATOR, 200, null),
                get("/actuator/health/db", NONE, 401, UNAUTHORIZED),
                get("/actuator/health/db", TMALL, 403, FORBIDDEN),
                get("/actuator/health/db", OPERATOR, 200, null),
                get("/actuator/prometheus", NONE, 401, UNAUTHORIZED),
                get("/actuator/prometheus", TMALL, 403, FORBIDDEN),
                get("/actuator/prometheus", POS, 403, FORBIDDEN),
                get("/actuator/prometheus", OPERATOR, 200, null),
                get("/actuator/prometheus", ADMIN, 200, null),
                get("/actuator/info", NONE, 401, UNAUTHORIZED),
                get("/actuator/info", TMALL, 403, FORBIDDEN),
                get("/actuator/info", OPERATOR, 200, null),
                get("/actuator/camelroutes", NONE, 401, UNAUTHORIZED),
                get("/actuator/camelroutes", POS, 403, FORBIDDEN),
                get("/actuator/camelroutes", OPERATOR, 200, null),
                get("/actuator", NONE, 401, UNAUTHORIZED),
                get("/actuator", OPERATOR, 200, null),
                // ---- hawtio: admin only (a browser logs in with key id and key)
                get("/actuator/hawtio/", NONE, 401, UNAUTHORIZED),
                get("/actuator/hawtio/", OPERATOR, 403, FORBIDDEN),
                get("/actuator/hawtio/", BASIC_OPERATOR, 403, FORBIDDEN),
                get("/actuator/hawtio/", BASIC_WRONG, 401, UNAUTHORIZED),
                get("/actuator/hawtio/", BASIC_ADMIN, 200, null),
                get("/actuator/hawtio/", ADMIN, 200, null),
                // ---- Jolokia: admin only, GET and POST
                get("/actuator/jolokia/version", NONE, 401, UNAUTHORIZED),
                get("/actuator/jolokia/version", OPERATOR, 403, FORBIDDEN),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), NONE, 401, UNAUTHORIZED),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), UNKNOWN_KEY, 401, UNAUTHORIZED),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), OPERATOR, 403, FORBIDDEN),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), TMALL, 403, FORBIDDEN),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), JWT_OPERATOR, 403, FORBIDDEN),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), ADMIN, 200, null),
                postJson("/actuator/jolokia", () -> text(JOLOKIA_SEARCH), BASIC_ADMIN, 200, null),
                // ---- anything else: admin
                get("/no-such-page", NONE, 401, UNAUTHORIZED),
                get("/no-such-page", OPERATOR, 403, FORBIDDEN)));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void answersAsSpecified(Row row) throws Exception {
        String path = row.path().replace(ORDER_ID_TOKEN, tmallOrderId).replace(CHANNEL_ORDER_TOKEN, tmallChannelOrderId);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        byte[] body = row.body() == null ? null : row.body().get();
        b.method(row.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (row.contentType() != null) {
            b.header("Content-Type", row.contentType());
        }
        for (int i = 0; i < row.extraHeaders().size(); i += 2) {
            b.header(row.extraHeaders().get(i), row.extraHeaders().get(i + 1));
        }
        if (row.cred().header() != null) {
            b.header(row.cred().header(), row.cred().value());
        }
        HttpResponse<String> r = HubHttp.anonymous().send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(row + ": " + r.body()).isEqualTo(row.status());
        if (row.problemType() != null) {
            assertThat(r.headers().firstValue("Content-Type")).as(row.toString()).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            JsonNode problem = CanonicalJson.mapper().readTree(r.body());
            assertThat(problem.path("type").asText()).as(row.toString()).isEqualTo(row.problemType());
            assertThat(problem.path("status").asInt()).as(row.toString()).isEqualTo(row.status());
        }
        if (row.status() == 401 && UNAUTHORIZED.equals(row.problemType())) {
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(row.toString())
                    .hasValueSatisfying(h -> assertThat(h).contains("ApiKey", "Bearer"));
        }
        // a key's plain text leaves the hub only in the answer that creates it, never in a listing
        if (row.path().equals("/api/admin/keys") && row.method().equals("GET") && row.status() == 200) {
            assertThat(r.body()).doesNotContain(TestCredentials.ADMIN_KEY, TestCredentials.ADMIN_SHA256,
                    TestCredentials.OPERATOR_SHA256).contains("\"test-operator\"", "\"admin-config\"");
        }
        // what a channel key may read of another channel: nothing
        if (row.path().startsWith("/api/orders?") && row.status() == 200) {
            int expected = row.cred() == JD ? 0 : 1;
            assertThat(CanonicalJson.mapper().readTree(r.body())).as(row.toString()).hasSize(expected);
        }
        // health for anyone: the status only; details for the operator
        if (row.path().equals("/actuator/health")) {
            JsonNode health = CanonicalJson.mapper().readTree(r.body());
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.has("components")).as(row.toString()).isEqualTo(row.cred() != NONE);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
