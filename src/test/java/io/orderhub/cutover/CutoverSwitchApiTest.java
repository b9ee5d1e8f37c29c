package io.orderhub.cutover;

import static io.orderhub.cutover.CutoverAdminApiTest.AS;
import static io.orderhub.cutover.CutoverAdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.HubTest;
import io.orderhub.support.Sql;
import io.orderhub.sync.SyncBacklog;
import java.net.http.HttpResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import io.orderhub.support.HubHttp;
import io.orderhub.support.Samples;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * POST /api/admin/cutover/switch and the rollback through it, over HTTP on the running hub, with the
 * real secondary: its consumers are stopped so an acknowledged order stays pending in the backlog.
 */
@HubTest
class CutoverSwitchApiTest {

    private static final String COHORT = "switch-api";
    private static final String STORE = "SWITCH-API-S1";

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    io.orderhub.sync.SyncConsumers consumers;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    /** The secondary's consumers run again after each test, whatever it stopped. */
    @org.junit.jupiter.api.AfterEach
    void consumersRun() {
        consumers.start();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return CutoverAdminApiTest.send(port, method, path, body, Map.of(AS, "switcher"));
    }

    JsonNode rules() throws Exception {
        return json(send("GET", "/api/admin/cutover/rules", null));
    }

    JsonNode cohort(JsonNode rules) {
        for (JsonNode c : rules.get("cohorts")) {
            if (c.get("name").asText().equals(COHORT)) {
                return c;
            }
        }
        return null;
    }

    static String switchBody(String to, boolean dryRun, int maxWait) {
        return "{\"cohort\": \"" + COHORT + "\", \"entity\": \"ORDERS\", \"to\": \"" + to + "\", \"reason\": \"go " + to
                + "\", \"dryRun\": " + dryRun + ", \"maxWaitSeconds\": " + maxWait + "}";
    }

    /** The current rules plus the test's cohort (ORDERS in SHADOW) for its store; the version before it. */
    long addCohort() throws Exception {
        JsonNode cur = rules();
        ObjectNode set = (ObjectNode) cur.get("rules").deepCopy();
        ((ArrayNode) set.get("cohorts")).addObject().put("name", COHORT).putObject("phases")
                .put("ORDERS", "SHADOW").put("MEMBERS", "DUAL_WRITE");
        ((ArrayNode) set.withArray("rules")).insertObject(0).put("id", COHORT).put("cohort", COHORT)
                .putObject("match").putArray("storeCodes").add(STORE);
        HttpResponse<String> put = send("PUT", "/api/admin/cutover/rules", CutoverAdminApiTest.put("switch test cohort", set.toString()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return cur.get("version").asLong();
    }

    @Test
    void aSwitchIsDryRunRefusedWhileTheBacklogStaysThenDoneAndARollbackGoesThroughItToo() throws Exception {
        long before = addCohort();
        long added = rules().get("version").asLong();

        // dry run: the steps, the backlog and the instances; nothing changes
        consumers.stop();
        String first = postOrder();
        HttpResponse<String> dry = send("POST", "/api/admin/cutover/switch", switchBody("LIVE", true, 5));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode plan = json(dry);
        assertThat(plan.get("steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        assertThat(plan.at("/backlog/pending").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(plan.get("instances")).isNotEmpty();
        assertThat(rules().get("version").asLong()).isEqualTo(added);

        // a backlog that does not drain: 409 naming it, the hold released, the phase unchanged
        HttpResponse<String> refused = send("POST", "/api/admin/cutover/switch", switchBody("LIVE", false, 1));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(refused);
        assertThat(p.get("type").asText()).isEqualTo("urn:orderhub:problem:cutover-backlog-not-drained");
        assertThat(p.at("/backlog/pending").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(p.get("detail").asText()).contains(" pending, oldest ");
        JsonNode after = rules();
        assertThat(cohort(after.get("rules")).at("/phases/ORDERS").asText()).isEqualTo("SHADOW");
        assertThat(cohort(after.get("rules")).has("holds")).isFalse();
        assertThat(after.get("version").asLong()).isEqualTo(added + 2);

        // drained: switched, the journal has the switch
        consumers.start();
        HttpResponse<String> done = send("POST", "/api/admin/cutover/switch", switchBody("LIVE", false, 10));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        long switched = json(done).get("version").asLong();
        assertThat(cohort(rules().get("rules")).at("/phases/ORDERS").asText()).isEqualTo("LIVE");
        // the order acknowledged while the secondary stood still is in the new store right after the switch
        assertThat(Sql.count(pg, "SELECT COUNT(*) FROM orders WHERE order_id = ?::uuid", first)).isEqualTo(1);
        assertThat(Sql.count(pg, "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'switch' AND author = 'switcher' AND version = ?",
                switched)).isEqualTo(1);
        JsonNode preview = json(send("POST", "/api/admin/cutover/preview",
                "{\"facts\": {\"function\": \"SubmitOrder\", \"storeCode\": \"" + STORE + "\"}}"));
        assertThat(preview.at("/entities/ORDERS/writesAuthoritative").asText()).isEqualTo("NEW");
        assertThat(preview.at("/entities/ORDERS/writesSecondary").asText()).isEqualTo("OLD");
        assertThat(preview.at("/entities/ORDERS/writesHeld").asBoolean()).isFalse();

        // holds are the switch's: a rules change setting one is refused
        ObjectNode withHold = (ObjectNode) rules().get("rules").deepCopy();
        for (JsonNode c : withHold.get("cohorts")) {
            if (c.get("name").asText().equals(COHORT)) {
                ((ObjectNode) c).putArray("holds").add("ORDERS");
            }
        }
        HttpResponse<String> holdByPut = send("PUT", "/api/admin/cutover/rules", CutoverAdminApiTest.put("hold", withHold.toString()));
        assertThat(holdByPut.statusCode()).as(holdByPut.body()).isEqualTo(422);
        assertThat(json(holdByPut).get("errors").findValuesAsText("field")).singleElement().asString().endsWith(".holds");

        // the rollback from LIVE to the rules before the cohort: through the drain; refused while it stays
        consumers.stop();
        String second = postOrder();
        HttpResponse<String> noRollback = send("POST", "/api/admin/cutover/rollback/" + before,
                "{\"reason\": \"back\", \"maxWaitSeconds\": 1}");
        assertThat(noRollback.statusCode()).as(noRollback.body()).isEqualTo(409);
        assertThat(json(noRollback).at("/backlog/pending").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(cohort(rules().get("rules")).at("/phases/ORDERS").asText()).isEqualTo("LIVE");
        consumers.start();
        HttpResponse<String> back = send("POST", "/api/admin/cutover/rollback/" + before, "{\"reason\": \"back\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(json(back).get("rollbackOf").asLong()).isEqualTo(before);
        assertThat(json(back).at("/switch/steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        assertThat(cohort(rules().get("rules"))).isNull();
        assertThat(Sql.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", second)).isEqualTo(1);
    }

    /** An order of the test's store (its cohort); its hub id. */
    private String postOrder() throws Exception {
        HttpResponse<String> res = HubHttp.admin().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Samples.json(Samples.set(Samples.fresh(), "storeCode", STORE)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return json(res).get("id").asText();
    }

    @Test
    void aBadSwitchRequestIsNamedAndTheEndpointIsInTheOpenApiDocument() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/admin/cutover/switch",
                "{\"cohort\": \"everyone\", \"entity\": \"COUPONS\", \"to\": \"LIVE\", \"maxWaitSeconds\": 0}");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
        assertThat(json(bad).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("entity", "reason", "maxWaitSeconds");
        HttpResponse<String> unknown = send("POST", "/api/admin/cutover/switch", "{\"cohort\": \"everyone\", \"force\": true}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> noCohort = send("POST", "/api/admin/cutover/switch",
                "{\"cohort\": \"nobody-here\", \"entity\": \"ORDERS\", \"to\": \"LIVE\", \"reason\": \"x\"}");
        assertThat(noCohort.statusCode()).isEqualTo(422);
        assertThat(json(noCohort).at("/errors/0/field").asText()).isEqualTo("cohort");
        JsonNode paths = json(send("GET", "/api/openapi.json", null)).get("paths");
        assertThat(paths.has("/admin/cutover/switch")).as(paths.toString()).isTrue();
        assertThat(paths.get("/admin/cutover/switch").has("post")).isTrue();
        assertThat(CanonicalJson.mapper().writeValueAsString(paths.get("/admin/cutover/switch"))).contains("dryRun");
    }
}
