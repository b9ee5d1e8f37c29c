package io.orderhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operator console's Jolokia policy (what even an admin may do over HTTP) and the key
 * management API from creation to revocation.
 */
@HubTest
class ConsoleAndKeyAdminTest {

    @LocalServerPort
    int port;
    @Value("${orderhub.data-dir}")
    Path dataDir;

    final HubHttp admin = HubHttp.admin();

    HttpResponse<String> send(HubHttp who, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return who.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode jolokia(String request, String... headers) throws Exception {
        HttpResponse<String> r = send(admin, "POST", "/actuator/jolokia", request, headers);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 403);
        return CanonicalJson.mapper().readTree(r.body());
    }

    @Test
    void jolokiaLetsAnAdminReadAndRunRouteOperationsButNothingElse() throws Exception {
        // reading: allowed
        JsonNode read = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}");
        assertThat(read.path("status").asInt()).as(read.toString()).isEqualTo(200);
        // a Camel route operation an operator needs: allowed
        JsonNode dump = jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=orderhub,type=routes,"
                + "name=\\\"post-order\\\"\",\"operation\":\"dumpRouteAsXml()\"}");
        assertThat(dump.path("status").asInt()).as(dump.toString()).isEqualTo(200);
        assertThat(dump.path("value").asText()).contains("post-order");
        // any other operation, any write: refused by the policy
        for (String refused : new String[] {
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                        + "\"operation\":\"dumpHeap(java.lang.String,boolean)\",\"arguments\":[\"/tmp/x.hprof\",true]}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=orderhub,type=context,name=\\\"orderhub\\\"\","
                        + "\"operation\":\"stop()\"}"}) {
            JsonNode r = jolokia(refused);
            assertThat(r.path("status").asInt()).as(refused + " -> " + r).isEqualTo(403);
        }
        assertThat(Files.exists(Path.of("/tmp/x.hprof"))).isFalse();
        // a page of another site cannot drive Jolokia with a logged-in admin's browser
        HttpResponse<String> crossSite = send(admin, "POST", "/actuator/jolokia",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}",
                "Origin", "https://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(CanonicalJson.mapper().readTree(crossSite.body()).path("type").asText())
                .isEqualTo("urn:orderhub:problem:forbidden");
    }

    @Test
    void aKeyIsCreatedShownOnceUsedWithinItsScopeAndRevoked() throws Exception {
        HttpResponse<String> created = send(admin, "POST", "/api/admin/keys",
                "{\"id\":\"erp-lifecycle\",\"roles\":[\"channel\"],\"scopes\":[\"tmall:tmall-flagship-01\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/admin/keys/erp-lifecycle");
        JsonNode k = CanonicalJson.mapper().readTree(created.body());
        String key = k.path("key").asText();
        assertThat(key).startsWith(ApiKeys.PREFIX);
        assertThat(k.path("scopes").get(0).asText()).isEqualTo("tmall:tmall-flagship-01");

        // the listing and the data directory know the id, roles and scopes, never the key
        HttpResponse<String> list = send(admin, "GET", "/api/admin/keys", null);
        assertThat(list.body()).contains("erp-lifecycle").doesNotContain(key);
        assertThat(Files.readString(dataDir.resolve("security/api-keys.json"))).contains("erp-lifecycle")
                .doesNotContain(key);

        HubHttp erp = HubHttp.withKey(key);
        HttpResponse<String> own = send(erp, "POST", "/api/orders", Samples.fresh().toString());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        String id = CanonicalJson.mapper().readTree(own.body()).path("id").asText();
        assertThat(send(erp, "GET", "/api/orders/" + id, null).statusCode()).isEqualTo(200);
        HttpResponse<String> notItsShop = send(erp, "POST", "/api/orders",
                Samples.set(Samples.fresh(), "shopId", "tmall-outlet-02").toString());
        assertThat(notItsShop.statusCode()).isEqualTo(403);
        assertThat(CanonicalJson.mapper().readTree(notItsShop.body()).at("/errors/0/field").asText())
                .isEqualTo("shopId");

        assertThat(send(admin, "DELETE", "/api/admin/keys/erp-lifecycle", null).statusCode()).isEqualTo(204);
        HttpResponse<String> after = send(erp, "GET", "/api/orders/" + id, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(send(admin, "GET", "/api/admin/keys", null).body()).doesNotContain("erp-lifecycle");
    }

    @Test
    void aKeyRequestThatBreaksARuleIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> noScope = send(admin, "POST", "/api/admin/keys", "{\"roles\":[\"channel\"]}");
        assertThat(noScope.statusCode()).isEqualTo(422);
        JsonNode p = CanonicalJson.mapper().readTree(noScope.body());
        assertThat(p.path("type").asText()).isEqualTo("urn:orderhub:problem:invalid-key-request");
        assertThat(p.at("/errors/0/field").asText()).isEqualTo("scopes");
        HttpResponse<String> badRole = send(admin, "POST", "/api/admin/keys", "{\"roles\":[\"root\"]}");
        assertThat(badRole.statusCode()).isEqualTo(422);
        assertThat(CanonicalJson.mapper().readTree(badRole.body()).at("/errors/0/field").asText()).isEqualTo("roles");
        assertThat(send(admin, "POST", "/api/admin/keys", "not json").statusCode()).isEqualTo(400);
    }
}
