package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.HubTest;
import io.orderhub.support.Sql;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The cutover admin API on the running hub: read, validate, preview, change, history and rollback,
 * each answer checked over HTTP and the stored versions and journal checked with SQL. Versions are
 * taken relative to the current one: other test classes share the hub and may have changed rules.
 */
@HubTest
class CutoverAdminApiTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Orders and members in DUAL_WRITE/OFF for everyone, but members LIVE for QueryMember at store S0001. */
    static final String PILOT = """
            {"defaultCohort": "everyone",
             "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "OFF"}},
                         {"name": "members-new", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "LIVE"}}],
             "rules": [{"id": "query-member-s0001", "cohort": "members-new",
                        "match": {"functions": ["QueryMember"], "storeCodes": ["S0001"]}}]}""";

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    CutoverState state;

    static HttpResponse<String> send(int port, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        java.util.Map<String, String> rest = new java.util.HashMap<>(headers);
        String actor = rest.remove(AS);
        rest.forEach(b::header);
        // who changes is who is signed in: each named admin gets an admin key of its own (id = the name)
        b.header(io.orderhub.support.HubHttp.HEADER, actor == null ? io.orderhub.support.TestCredentials.ADMIN_KEY
                : ADMINS.computeIfAbsent(port + "/" + actor, k -> adminKey(port, actor)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pseudo-header of these tests: send the request as the admin of this name (not sent to the hub). */
    static final String AS = "as-admin";
    private static final java.util.Map<String, String> ADMINS = new java.util.concurrent.ConcurrentHashMap<>();

    /** An admin key for {@code name}, created through the key admin API by the test admin. */
    private static String adminKey(int port, String name) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/keys"))
                    .header("Content-Type", "application/json")
                    .header(io.orderhub.support.HubHttp.HEADER, io.orderhub.support.TestCredentials.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + name + "\", \"roles\": [\"admin\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("no admin key for " + name + ": " + r.statusCode() + " " + r.body());
            }
            return io.orderhub.canonical.CanonicalJson.mapper().readTree(r.body()).path("key").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        return send(port, method, path, body, headers);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return CanonicalJson.mapper().readTree(r.body());
    }

    static String put(String reason, String rules) {
        return "{\"reason\": " + CanonicalJson.mapper().valueToTree(reason) + ", \"rules\": " + rules + "}";
    }

    long currentVersion() throws Exception {
        return json(send("GET", "/api/admin/cutover/rules", null, Map.of())).get("version").asLong();
    }

    @Test
    void theFirstVersionIsTheSeedFromConfigWithOrdersAndMembersInDualWrite() throws Exception {
        Map<String, Object> first = Sql.row(pg, "SELECT author, rules::text AS rules FROM cutover_rule_versions WHERE version = ?", 1L);
        assertThat(first.get("author")).isEqualTo("classpath:config/cutover.yaml");
        RuleSet seed = RuleSetJson.read(CanonicalJson.mapper().readTree((String) first.get("rules")));
        assertThat(seed.cohort(seed.defaultCohort()).orElseThrow().phases())
                .isEqualTo(Map.of(Entity.ORDERS, Phase.DUAL_WRITE, Entity.MEMBERS, Phase.DUAL_WRITE));
        assertThat(Sql.count(pg, "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'seed' AND version = ?", 1L)).isEqualTo(1);
    }

    @Test
    void aChangeIsAVersionWithWhoWhyAndDiffAndARollbackIsOneCall() throws Exception {
        long before = currentVersion();
        JsonNode beforeRules = json(send("GET", "/api/admin/cutover/rules", null, Map.of())).get("rules");

        HttpResponse<String> changed = send("PUT", "/api/admin/cutover/rules", put("members pilot at S0001", PILOT),
                Map.of(AS, "alice"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode v = json(changed);
        assertThat(v.get("version").asLong()).isEqualTo(before + 1);
        assertThat(v.get("author").asText()).isEqualTo("alice");
        assertThat(v.get("reason").asText()).isEqualTo("members pilot at S0001");
        assertThat(v.get("changes").findValuesAsText("path")).contains("rules[query-member-s0001]");

        Map<String, Object> row = Sql.row(pg, "SELECT author, reason, diff::text AS diff FROM cutover_rule_versions WHERE version = ?",
                before + 1);
        assertThat(row.get("author")).isEqualTo("alice");
        JsonNode diff = CanonicalJson.mapper().readTree((String) row.get("diff"));
        assertThat(diff.get("before")).isEqualTo(beforeRules);
        assertThat(RuleSetJson.read(diff.get("after"))).isEqualTo(RuleSetJson.read(CanonicalJson.mapper().readTree(PILOT)));
        assertThat(Sql.count(pg, "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'change' AND version = ? AND author = 'alice'",
                before + 1)).isEqualTo(1);
        // in force on this instance as soon as the PUT answers
        assertThat(state.version()).isEqualTo(before + 1);

        // the preview: the same store, one function moved
        JsonNode query = json(send("POST", "/api/admin/cutover/preview",
                "{\"facts\": {\"function\": \"QueryMember\", \"storeCode\": \"S0001\", \"sourceSystem\": \"POS-GD\"}}", Map.of()));
        assertThat(query.get("rulesVersion").asLong()).isEqualTo(before + 1);
        assertThat(query.get("cohort").asText()).isEqualTo("members-new");
        assertThat(query.get("rule").asText()).isEqualTo("query-member-s0001");
        assertThat(query.at("/entities/MEMBERS/phase").asText()).isEqualTo("LIVE");
        assertThat(query.at("/entities/MEMBERS/readsFrom").asText()).isEqualTo("NEW");
        assertThat(query.at("/entities/MEMBERS/shadowReadsFrom").asText()).isEqualTo("OLD");
        JsonNode submit = json(send("POST", "/api/admin/cutover/preview",
                "{\"facts\": {\"function\": \"SubmitOrder\", \"storeCode\": \"S0001\"}}", Map.of()));
        assertThat(submit.get("cohort").asText()).isEqualTo("everyone");
        assertThat(submit.get("rule").isNull()).isTrue();
        assertThat(submit.at("/entities/ORDERS/writesAuthoritative").asText()).isEqualTo("OLD");
        assertThat(submit.at("/entities/ORDERS/writesSecondary").asText()).isEqualTo("NEW");
        assertThat(submit.at("/entities/ORDERS/readsFrom").asText()).isEqualTo("OLD");

        // a change based on a version that is no longer current is refused, naming basedOnVersion
        HttpResponse<String> stale = send("PUT", "/api/admin/cutover/rules",
                "{\"reason\": \"late\", \"basedOnVersion\": " + before + ", \"rules\": " + PILOT + "}",
                Map.of(AS, "carol"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).at("/errors/0/field").asText()).isEqualTo("basedOnVersion");

        // one call back to the version before; it takes members-new's MEMBERS back from LIVE across the
        // authority line, so the switch first holds them (before + 2), drains, then rolls back (before + 3)
        HttpResponse<String> back = send("POST", "/api/admin/cutover/rollback/" + before, "{\"reason\": \"pilot paused\"}",
                Map.of(AS, "bob"));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(json(back).get("version").asLong()).isEqualTo(before + 3);
        assertThat(json(back).get("rollbackOf").asLong()).isEqualTo(before);
        assertThat(json(back).at("/switch/steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        JsonNode now = json(send("GET", "/api/admin/cutover/rules", null, Map.of()));
        assertThat(now.get("version").asLong()).isEqualTo(before + 3);
        assertThat(now.get("rules")).isEqualTo(beforeRules);
        assertThat(json(send("POST", "/api/admin/cutover/preview",
                "{\"facts\": {\"function\": \"QueryMember\", \"storeCode\": \"S0001\"}}", Map.of())).at("/entities/MEMBERS/readsFrom").asText())
                .isEqualTo(previewReads(beforeRules));
        assertThat(Sql.count(pg, "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'rollback' AND version = ? AND author = 'bob'",
                before + 3)).isEqualTo(1);
        assertThat(Sql.count(pg, "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'switch' AND version = ? AND author = 'bob'",
                before + 3)).isEqualTo(1);

        // the history, newest first, with who and why
        JsonNode history = json(send("GET", "/api/admin/cutover/history?limit=3", null, Map.of()));
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("version").asLong()).isEqualTo(before + 3);
        assertThat(history.get(0).get("author").asText()).isEqualTo("bob");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("pilot paused");
        assertThat(history.get(1).get("author").asText()).isEqualTo("bob");
        assertThat(history.get(1).at("/diff/changes").findValuesAsText("path")).containsExactly("cohorts[members-new].holds");
        assertThat(history.get(2).get("author").asText()).isEqualTo("alice");
        assertThat(history.get(2).at("/diff/before")).isEqualTo(beforeRules);
    }

    /** Where QueryMember at S0001 reads members under some rules, decided by the pure decider. */
    private static String previewReads(JsonNode rules) {
        return new CohortDecider(0, RuleSetJson.read(rules)).decide(new RequestFacts(null, null, "QueryMember", null,
                "S0001", null, Map.of())).phase(Entity.MEMBERS).reads().name();
    }

    @Test
    void invalidRulesAreRefusedAsProblemJsonNamingEachFieldAndChangeNothing() throws Exception {
        long before = currentVersion();
        String bad = PILOT.replace("\"LIVE\"", "\"HALF_LIVE\"")
                .replace("\"rules\": [{", "\"rules\": [{\"id\": \"query-member-s0001\", \"cohort\": \"everyone\", \"percent\": 101}, {");

        HttpResponse<String> refused = send("PUT", "/api/admin/cutover/rules", put("bad", bad), Map.of(AS, "alice"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(refused);
        assertThat(p.get("type").asText()).isEqualTo("urn:orderhub:problem:invalid-cutover-rules");
        assertThat(p.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "rules.cohorts[1].phases.MEMBERS", "rules.rules[0].percent", "rules.rules[1].id");
        assertThat(currentVersion()).isEqualTo(before);

        // validate answers the same problems, 200, and changes nothing either
        HttpResponse<String> checked = send("POST", "/api/admin/cutover/rules/validate", bad, Map.of());
        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(json(checked).get("valid").asBoolean()).isFalse();
        assertThat(json(checked).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "cohorts[1].phases.MEMBERS", "rules[0].percent", "rules[1].id");
        assertThat(json(send("POST", "/api/admin/cutover/rules/validate", PILOT, Map.of())).get("valid").asBoolean()).isTrue();

        // who is the signed-in admin (nobody else gets in); the body must be JSON; reason is required;
        // unknown version is 404
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/cutover/rules"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(put("x", PILOT))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> operator = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/cutover/rules"))
                .header("Content-Type", "application/json").header(io.orderhub.support.HubHttp.HEADER, io.orderhub.support.TestCredentials.OPERATOR_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString(put("x", PILOT))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(operator.statusCode()).isEqualTo(403);
        HttpResponse<String> notJson = send("PUT", "/api/admin/cutover/rules", "{\"reason\": ", Map.of(AS, "a"));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("type").asText()).isEqualTo("urn:orderhub:problem:malformed-request");
        HttpResponse<String> noReason = send("PUT", "/api/admin/cutover/rules", "{\"rules\": " + PILOT + "}",
                Map.of(AS, "a"));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(json(noReason).at("/errors/0/field").asText()).isEqualTo("reason");
        HttpResponse<String> unknown = send("POST", "/api/admin/cutover/rollback/987654321", null, Map.of(AS, "a"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("type").asText()).isEqualTo("urn:orderhub:problem:cutover-version-not-found");
        HttpResponse<String> badFacts = send("POST", "/api/admin/cutover/preview",
                "{\"facts\": {\"function\": \"SubmitOrders\", \"shop\": \"x\"}}", Map.of());
        assertThat(badFacts.statusCode()).isEqualTo(400);
        assertThat(json(badFacts).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("facts.shop", "facts.function");
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void aPreviewOfProposedRulesDecidesUnderThemWithoutStoringThem() throws Exception {
        long before = currentVersion();
        String proposed = PILOT.replace("\"storeCodes\": [\"S0001\"]", "\"storeCodes\": [\"S0001\"], \"headers\": {\"X-Canary\": [\"on\"]}");

        JsonNode withHeader = json(send("POST", "/api/admin/cutover/preview", "{\"facts\": {\"function\": \"QueryMember\", "
                + "\"storeCode\": \"S0001\", \"headers\": {\"x-canary\": \"on\"}}, \"rules\": " + proposed + "}", Map.of()));
        assertThat(withHeader.get("proposed").asBoolean()).isTrue();
        assertThat(withHeader.get("rulesVersion").isNull()).isTrue();
        assertThat(withHeader.get("cohort").asText()).isEqualTo("members-new");
        JsonNode without = json(send("POST", "/api/admin/cutover/preview", "{\"facts\": {\"function\": \"QueryMember\", "
                + "\"storeCode\": \"S0001\"}, \"rules\": " + proposed + "}", Map.of()));
        assertThat(without.get("cohort").asText()).isEqualTo("everyone");
        // a broken proposal is named under rules.
        HttpResponse<String> broken = send("POST", "/api/admin/cutover/preview", "{\"facts\": {}, \"rules\": "
                + proposed.replace("\"DUAL_WRITE\", \"MEMBERS\": \"LIVE\"", "\"DUAL_WRITE\", \"MEMBERS\": \"ON\"") + "}", Map.of());
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(json(broken).at("/errors/0/field").asText()).isEqualTo("rules.cohorts[1].phases.MEMBERS");
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void theApiIsInTheOpenApiDocument() throws Exception {
        JsonNode doc = json(send("GET", "/api/openapi.json", null, Map.of()));
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/admin/cutover/rules")).as(paths.toString()).isTrue();
        assertThat(paths.get("/admin/cutover/rules").has("put")).isTrue();
        assertThat(paths.get("/admin/cutover/rules").has("get")).isTrue();
        assertThat(paths.has("/admin/cutover/rules/validate")).isTrue();
        assertThat(paths.has("/admin/cutover/preview")).isTrue();
        assertThat(paths.has("/admin/cutover/history")).isTrue();
        assertThat(paths.has("/admin/cutover/rollback/{version}")).isTrue();
    }

    @Test
    void theVersionInForceAndDecisionsPerCohortAndPhaseAreOnPrometheus() throws Exception {
        Decision d = state.decide(new RequestFacts("POS-GD", "pos", "SubmitOrder", "440106", "S-metrics", "M-metrics", Map.of()));
        String metrics = send("GET", "/actuator/prometheus", null, Map.of()).body();
        assertThat(metrics).containsPattern("(?m)^orderhub_cutover_rules_version(\\{[^}]*})? " + state.version() + "\\.0$");
        assertThat(metrics).containsPattern("orderhub_cutover_decisions_total\\{[^}]*cohort=\"" + d.cohort()
                + "\",entity=\"ORDERS\",phase=\"" + d.phase(Entity.ORDERS) + "\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("orderhub_cutover_decisions_total\\{[^}]*cohort=\"" + d.cohort()
                + "\",entity=\"MEMBERS\",phase=\"" + d.phase(Entity.MEMBERS) + "\"[^}]*} [1-9]");
    }
}
