package io.orderhub.cutover;

import static io.orderhub.cutover.CutoverAdminApiTest.AS;
import static io.orderhub.cutover.CutoverAdminApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.HubTest;
import io.orderhub.support.Sql;
import io.orderhub.sync.SyncBacklog;
import java.net.http.HttpResponse;
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
 * test hub's {@link ControlledSyncBacklog} whose pending count this test sets.
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

    ControlledSyncBacklog backlog;

    /** The controlled backlog (the test hub's when it has no real one); set to nothing pending. */
    @BeforeEach
    void backlog() {
        SyncBacklog b = context.getBean(SyncBacklog.class);
        backlog = b instanceof ControlledSyncBacklog c ? c : null;
        if (backlog != null) {
            backlog.set(COHORT, 0);
        }
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
        assumeTrue(backlog != null, "the hub has a real sync backlog: its pending count cannot be set by this test");
        long before = addCohort();
        long added = rules().get("version").asLong();

        // dry run: the steps, the backlog and the instances; nothing changes
        backlog.set(COHORT, 2);
        HttpResponse<String> dry = send("POST", "/api/admin/cutover/switch", switchBody("LIVE", true, 5));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode plan = json(dry);
        assertThat(plan.get("steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        assertThat(plan.at("/backlog/pending").asLong()).isEqualTo(2);
        assertThat(plan.get("instances")).isNotEmpty();
        assertThat(rules().get("version").asLong()).isEqualTo(added);

        // a backlog that does not drain: 409 naming it, the hold released, the phase unchanged
        backlog.set(COHORT, 7);
        HttpResponse<String> refused = send("POST", "/api/admin/cutover/switch", switchBody("LIVE", false, 1));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(refused);
        assertThat(p.get("type").asText()).isEqualTo("urn:orderhub:problem:cutover-backlog-not-drained");
        assertThat(p.at("/backlog/pending").asLong()).isEqualTo(7);
        assertThat(p.get("detail").asText()).contains("7 pending, oldest 7.0 s old");
        JsonNode after = rules();
        assertThat(cohort(after.get("rules")).at("/phases/ORDERS").asText()).isEqualTo("SHADOW");
        assertThat(cohort(after.get("rules")).has("holds")).isFalse();
        assertThat(after.get("version").asLong()).isEqualTo(added + 2);

        // drained: switched, the journal has the switch
        backlog.set(COHORT, 0);
        HttpResponse<String> done = send("POST", "/api/admin/cutover/switch", switchBody("LIVE", false, 10));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        long switched = json(done).get("version").asLong();
        assertThat(cohort(rules().get("rules")).at("/phases/ORDERS").asText()).isEqualTo("LIVE");
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
        backlog.set(COHORT, 3);
        HttpResponse<String> noRollback = send("POST", "/api/admin/cutover/rollback/" + before,
                "{\"reason\": \"back\", \"maxWaitSeconds\": 1}");
        assertThat(noRollback.statusCode()).as(noRollback.body()).isEqualTo(409);
        assertThat(json(noRollback).at("/backlog/pending").asLong()).isEqualTo(3);
        assertThat(cohort(rules().get("rules")).at("/phases/ORDERS").asText()).isEqualTo("LIVE");
        backlog.set(COHORT, 0);
        HttpResponse<String> back = send("POST", "/api/admin/cutover/rollback/" + before, "{\"reason\": \"back\"}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(json(back).get("rollbackOf").asLong()).isEqualTo(before);
        assertThat(json(back).at("/switch/steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        assertThat(cohort(rules().get("rules"))).isNull();
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
