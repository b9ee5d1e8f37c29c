package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Behind the admin routes of routes/platform/cutover-admin.camel.yaml: reads, validates, previews and
 * changes the cutover rules. Each method reads the request from the exchange (the route has put the
 * caller's actor and the path's version in properties and dropped every header) and answers JSON.
 */
public class CutoverAdmin {

    /** Who a change is recorded as: the authenticated caller's name (its key id or token subject). */
    public static final String ACTOR = "caller";
    private static final Set<String> FACT_FIELDS = Set.of("sourceSystem", "channel", "function", "regionCode",
            "storeCode", "memberId", "headers");

    private final CutoverRules rules;
    private final CutoverState state;
    private final CutoverMismatches mismatches;
    private final AuthoritySwitch authoritySwitch;

    public CutoverAdmin(CutoverRules rules, CutoverState state, CutoverMismatches mismatches,
                        AuthoritySwitch authoritySwitch) {
        this.rules = rules;
        this.state = state;
        this.mismatches = mismatches;
        this.authoritySwitch = authoritySwitch;
    }

    /** Longest wait a switch may ask for (instances + drain). */
    static final int MAX_WAIT_SECONDS = 300;
    private static final int DEFAULT_WAIT_SECONDS = 10;
    private static final Set<String> SWITCH_FIELDS = Set.of("cohort", "entity", "to", "reason", "dryRun", "maxWaitSeconds");

    /**
     * POST /switch {"cohort", "entity", "to", "reason", "dryRun": false, "maxWaitSeconds": 10}: the
     * phase change of one cohort's entity; across the authority boundary held, drained and switched
     * ({@link AuthoritySwitch}). A dry run answers the steps, the backlog and the instances it would
     * wait for, and changes nothing. Refusals are problem+json: 409 (not drained, instances not ready,
     * a switch in progress), 503 (no backlog to drain).
     */
    public String switchPhase(Exchange exchange) throws SQLException, InterruptedException {
        String actor = actor(exchange);
        JsonNode req = RuleSetJson.parse(body(exchange), "(body)");
        if (!req.isObject()) {
            throw new InvalidRulesException(true, List.of(new FieldError("(body)",
                    "must be an object with cohort, entity, to and reason")));
        }
        List<FieldError> bad = new ArrayList<>();
        boolean malformed = false;
        for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SWITCH_FIELDS.contains(f)) {
                bad.add(new FieldError(f, "unknown field; known: " + String.join(", ", SWITCH_FIELDS.stream().sorted().toList())));
                malformed = true;
            }
        }
        String cohort = null;
        JsonNode c = req.get("cohort");
        if (c == null || c.isNull() || (c.isTextual() && c.asText().isBlank())) {
            bad.add(new FieldError("cohort", "is required"));
        } else if (!c.isTextual()) {
            bad.add(new FieldError("cohort", "must be a string"));
            malformed = true;
        } else {
            cohort = c.asText();
        }
        Entity entity = enumField(req, "entity", Entity.class, bad);
        Phase to = enumField(req, "to", Phase.class, bad);
        String reason = reason(req, bad);
        boolean dryRun = false;
        JsonNode d = req.get("dryRun");
        if (d != null && !d.isNull()) {
            if (!d.isBoolean()) {
                bad.add(new FieldError("dryRun", "must be true or false"));
                malformed = true;
            } else {
                dryRun = d.asBoolean();
            }
        }
        int wait = maxWait(req, bad);
        if (!bad.isEmpty()) {
            throw new InvalidRulesException(malformed, bad);
        }
        try {
            ObjectNode out = authoritySwitch.switchPhase(new AuthoritySwitch.Request(cohort, entity, to, reason, dryRun,
                    java.time.Duration.ofSeconds(wait)), actor);
            return ok(exchange, out);
        } catch (SwitchRefusedException e) {
            return problem(exchange, e);
        }
    }

    private static <E extends Enum<E>> E enumField(JsonNode req, String name, Class<E> type, List<FieldError> bad) {
        JsonNode v = req.get(name);
        String known = String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
        if (v == null || v.isNull()) {
            bad.add(new FieldError(name, "is required: one of " + known));
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (v.isTextual() && e.name().equals(v.asText())) {
                return e;
            }
        }
        bad.add(new FieldError(name, "must be one of " + known));
        return null;
    }

    private static int maxWait(JsonNode req, List<FieldError> bad) {
        JsonNode w = req.get("maxWaitSeconds");
        if (w == null || w.isNull()) {
            return DEFAULT_WAIT_SECONDS;
        }
        if (!w.isIntegralNumber() || w.asLong() < 1 || w.asLong() > MAX_WAIT_SECONDS) {
            bad.add(new FieldError("maxWaitSeconds", "must be a whole number of seconds from 1 to " + MAX_WAIT_SECONDS));
            return DEFAULT_WAIT_SECONDS;
        }
        return w.asInt();
    }

    /** A refused switch as problem+json, with the facts it names (the backlog, the instances...). */
    private static String problem(Exchange exchange, SwitchRefusedException e) {
        ObjectNode p = CanonicalJson.mapper().createObjectNode();
        p.put("type", "urn:orderhub:problem:" + e.type());
        p.put("title", e.title());
        p.put("status", e.status());
        p.put("detail", e.getMessage());
        p.setAll(e.facts());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, e.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        if (e.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", "5");
        }
        return p.toString();
    }

    /** GET /rules: the current version, its rules and phases, and the version in force on this instance. */
    public String current(Exchange exchange) throws SQLException {
        CutoverRules.Version v = rules.current().orElseThrow(() ->
                new CutoverUnavailableException("no cutover rules are stored yet"));
        ObjectNode out = summary(v);
        out.set("rules", RuleSetJson.write(v.rules()));
        out.put("inForceHere", state.version());
        return ok(exchange, out);
    }

    /** POST /rules/validate: the problems of a proposed rule set (200 either way); nothing changes. */
    public String validate(Exchange exchange) {
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        List<FieldError> problems;
        try {
            problems = RuleSetJson.problems(RuleSetJson.parse(body(exchange), "(body)"));
        } catch (InvalidRulesException e) {
            problems = e.errors();
        }
        out.put("valid", problems.isEmpty());
        ArrayNode errors = out.putArray("errors");
        problems.forEach(p -> errors.addObject().put("field", p.field()).put("reason", p.reason()));
        return ok(exchange, out);
    }

    /**
     * POST /preview {"facts": {...}, "rules": optional proposed rule set}: the cohort and phases the
     * request would get (under the rules in force, or the proposed ones), which store answers its
     * reads and which is authoritative for its writes. Not counted as a decision.
     */
    public String preview(Exchange exchange) {
        JsonNode req = RuleSetJson.parse(body(exchange), "(body)");
        if (!req.isObject()) {
            throw new InvalidRulesException(true, List.of(new FieldError("(body)", "must be an object with facts")));
        }
        List<FieldError> bad = new ArrayList<>();
        for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("facts") && !f.equals("rules")) {
                bad.add(new FieldError(f, "unknown field; known: facts, rules"));
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRulesException(true, bad);
        }
        RequestFacts facts = facts(req.get("facts"));
        CohortDecider decider = req.hasNonNull("rules")
                ? new CohortDecider(0, RuleSetJson.read(req.get("rules"), "rules."))
                : state.decider();
        Decision d = decider.decide(facts);
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        out.put("rulesVersion", req.hasNonNull("rules") ? null : d.rulesVersion());
        out.put("proposed", req.hasNonNull("rules"));
        out.put("cohort", d.cohort());
        out.put("rule", d.ruleId());
        ObjectNode entities = out.putObject("entities");
        for (Entity e : Entity.values()) {
            Phase p = d.phase(e);
            ObjectNode o = entities.putObject(e.name());
            o.put("phase", p.name());
            o.put("writesAuthoritative", p.authority().name());
            o.put("writesSecondary", p.secondary().map(Enum::name).orElse(null));
            o.put("readsFrom", p.reads().name());
            o.put("shadowReadsFrom", p.shadowReads().map(Enum::name).orElse(null));
            o.put("writesHeld", decider.rules().cohort(d.cohort()).map(c -> c.held(e)).orElse(false));
        }
        return ok(exchange, out);
    }

    /**
     * PUT /rules {"reason": "...", "basedOnVersion": n (optional), "rules": {...}}: a new version by the
     * actor, with the diff against the one it replaces.
     */
    public String change(Exchange exchange) throws SQLException {
        String actor = actor(exchange);
        JsonNode req = RuleSetJson.parse(body(exchange), "(body)");
        if (!req.isObject()) {
            throw new InvalidRulesException(true, List.of(new FieldError("(body)", "must be an object with reason and rules")));
        }
        List<FieldError> bad = new ArrayList<>();
        boolean malformed = false;
        for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("reason", "basedOnVersion", "rules").contains(f)) {
                bad.add(new FieldError(f, "unknown field; known: basedOnVersion, reason, rules"));
                malformed = true;
            }
        }
        String reason = reason(req, bad);
        Long basedOn = null;
        if (req.hasNonNull("basedOnVersion")) {
            if (!req.get("basedOnVersion").canConvertToLong() || !req.get("basedOnVersion").isIntegralNumber()) {
                bad.add(new FieldError("basedOnVersion", "must be a version number"));
                malformed = true;
            } else {
                basedOn = req.get("basedOnVersion").asLong();
            }
        }
        RuleSet set = null;
        if (!req.hasNonNull("rules")) {
            bad.add(new FieldError("rules", "is required"));
        } else {
            try {
                set = RuleSetJson.read(req.get("rules"), "rules.");
            } catch (InvalidRulesException e) {
                bad.addAll(e.errors());
                malformed |= e.malformed();
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRulesException(malformed, bad);
        }
        CutoverRules.Version v = rules.change(set, actor, reason, basedOn);
        state.refresh();
        ObjectNode out = summary(v);
        out.set("changes", v.diff().get("changes"));
        return ok(exchange, out);
    }

    /** GET /history?limit=: the newest versions first, each with who/when/why and its changes. */
    public String history(Exchange exchange) throws SQLException {
        int limit = 50;
        Object l = exchange.getProperty("limit");
        if (l != null && !String.valueOf(l).isBlank()) {
            try {
                limit = Integer.parseInt(String.valueOf(l));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw new InvalidRulesException(true, List.of(new FieldError("limit", "must be a number from 1 to 1000")));
            }
        }
        ArrayNode out = CanonicalJson.mapper().createArrayNode();
        for (CutoverRules.Version v : rules.history(limit)) {
            ObjectNode o = summary(v);
            o.set("diff", v.diff());
            out.add(o);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return out.toString();
    }

    /**
     * GET /mismatches?entity=&cohort=&limit=: the shadow-read mismatches kept, newest first, each with
     * both stores' versions (personal data: this is an admin-only view).
     */
    public String mismatches(Exchange exchange) throws SQLException {
        List<FieldError> bad = new ArrayList<>();
        Entity entity = null;
        String e = param(exchange, "entity");
        if (e != null) {
            try {
                entity = Entity.valueOf(e);
            } catch (IllegalArgumentException ex) {
                bad.add(new FieldError("entity", "must be one of ORDERS, MEMBERS"));
            }
        }
        String cohort = param(exchange, "cohort");
        if (cohort != null && (cohort.length() > 64 || !cohort.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f))) {
            bad.add(new FieldError("cohort", "must be a cohort name (at most 64 printable characters)"));
        }
        int limit = 50;
        String l = param(exchange, "limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException ex) {
                limit = -1;
            }
            if (limit < 1 || limit > 500) {
                bad.add(new FieldError("limit", "must be a number from 1 to 500"));
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRulesException(true, bad);
        }
        return ok(exchange, mismatches.newest(entity, cohort, limit));
    }

    private static String param(Exchange exchange, String name) {
        Object v = exchange.getProperty(name);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v);
    }

    /**
     * POST /rollback/{version} (optional body {"reason": "...", "maxWaitSeconds": 10}): a new version
     * equal to that one; when it moves a cohort's entity across the authority boundary, through the
     * switch's hold → drain → switch (409 problem+json and nothing changed if the backlog does not drain).
     */
    public String rollback(Exchange exchange) throws SQLException, InterruptedException {
        String actor = actor(exchange);
        long target = version(exchange);
        byte[] body = body(exchange);
        List<FieldError> bad = new ArrayList<>();
        String reason = "rollback to version " + target;
        int wait = DEFAULT_WAIT_SECONDS;
        if (body != null && body.length > 0) {
            JsonNode req = RuleSetJson.parse(body, "(body)");
            if (!req.isObject()) {
                throw new InvalidRulesException(true, List.of(new FieldError("(body)", "must be an object with reason")));
            }
            for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("reason") && !f.equals("maxWaitSeconds")) {
                    throw new InvalidRulesException(true, List.of(new FieldError(f,
                            "unknown field; known: maxWaitSeconds, reason")));
                }
            }
            reason = reason(req, bad);
            wait = maxWait(req, bad);
            if (!bad.isEmpty()) {
                throw new InvalidRulesException(false, bad);
            }
        }
        // across the authority boundary: held, drained and switched as one (a rollback loses nothing)
        ObjectNode out;
        try {
            out = authoritySwitch.rollback(target, actor, reason, java.time.Duration.ofSeconds(wait));
        } catch (SwitchRefusedException e) {
            return problem(exchange, e);
        }
        CutoverRules.Version v = rules.version(out.get("version").asLong()).orElseThrow();
        ObjectNode answer = summary(v);
        answer.set("changes", v.diff().get("changes"));
        if (out.path("crossesAuthority").asBoolean()) {
            answer.set("switch", out);
        }
        return ok(exchange, answer);
    }

    private static String reason(JsonNode req, List<FieldError> bad) {
        JsonNode r = req.get("reason");
        if (r == null || r.isNull() || (r.isTextual() && r.asText().isBlank())) {
            bad.add(new FieldError("reason", "is required: say why the rules change"));
            return null;
        }
        if (!r.isTextual()) {
            bad.add(new FieldError("reason", "must be a string"));
            return null;
        }
        if (r.asText().length() > 2000) {
            bad.add(new FieldError("reason", "is longer than 2000 characters"));
            return null;
        }
        return r.asText();
    }

    private static String actor(Exchange exchange) {
        String actor = exchange.getProperty("actor", String.class);
        if (actor == null || actor.isBlank()) {
            throw new InvalidRulesException(true, List.of(new FieldError(ACTOR,
                    "is required: who makes the change (an authenticated admin)")));
        }
        if (actor.length() > 128 || !actor.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw new InvalidRulesException(true, List.of(new FieldError(ACTOR,
                    "must be at most 128 printable ASCII characters")));
        }
        return actor;
    }

    private static long version(Exchange exchange) {
        String v = exchange.getProperty("version", String.class);
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // answered below
        }
        throw new InvalidRulesException(true, List.of(new FieldError("version", "must be a positive version number")));
    }

    static RequestFacts facts(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRulesException(false, List.of(new FieldError("facts", "is required")));
        }
        if (!node.isObject()) {
            throw new InvalidRulesException(true, List.of(new FieldError("facts", "must be an object")));
        }
        List<FieldError> bad = new ArrayList<>();
        boolean malformed = false;
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "facts." + e.getKey();
            if (!FACT_FIELDS.contains(e.getKey())) {
                bad.add(new FieldError(field, "unknown field; known: " + String.join(", ", FACT_FIELDS.stream().sorted().toList())));
                malformed = true;
            } else if (!e.getKey().equals("headers") && !e.getValue().isNull()) {
                if (!e.getValue().isTextual()) {
                    bad.add(new FieldError(field, "must be a string"));
                    malformed = true;
                } else {
                    values.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        String function = values.get("function");
        if (function != null && !RequestFacts.FUNCTIONS.contains(function)) {
            bad.add(new FieldError("facts.function", "unknown function " + function + "; one of "
                    + String.join(", ", RequestFacts.FUNCTIONS)));
        }
        Map<String, String> headers = new HashMap<>();
        JsonNode h = node.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                bad.add(new FieldError("facts.headers", "must be an object of header name → value"));
                malformed = true;
            } else {
                h.fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        headers.put(e.getKey(), e.getValue().asText());
                    } else {
                        bad.add(new FieldError("facts.headers." + e.getKey(), "must be a string"));
                    }
                });
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRulesException(malformed || bad.stream().anyMatch(b -> b.reason().startsWith("must be")), bad);
        }
        return new RequestFacts(values.get("sourceSystem"), values.get("channel"), function, values.get("regionCode"),
                values.get("storeCode"), values.get("memberId"), headers);
    }

    private static ObjectNode summary(CutoverRules.Version v) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("version", v.version());
        o.put("author", v.author());
        o.put("reason", v.reason());
        o.put("createdAt", v.createdAt().toString());
        if (v.rollbackOf() != null) {
            o.put("rollbackOf", v.rollbackOf());
        }
        return o;
    }

    private static byte[] body(Exchange exchange) {
        return exchange.getIn().getBody(byte[].class);
    }

    private static String ok(Exchange exchange, JsonNode body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return body.toString();
    }
}
