package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule set's one JSON form (API bodies, the database, config/cutover.yaml), read strictly: every
 * problem is collected with the JSON path of its field, then answered at once.
 *
 * <pre>
 * {"defaultCohort": "everyone",
 *  "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "OFF"}},
 *              {"name": "pilot", "phases": {"ORDERS": "SHADOW", "MEMBERS": "OFF"}, "holds": ["ORDERS"]}, ...],
 *  "rules": [{"id": "gd-pilot", "cohort": "pilot",
 *             "match": {"sourceSystems": [], "channels": [], "functions": ["QueryMember"],
 *                       "regionCodes": ["44"], "storeCodes": [], "headers": {"X-Canary": ["1"]}},
 *             "percent": 12.5, "salt": "gd-2026"}]}
 * </pre>
 *
 * {@code holds} (optional, absent when empty) lists the entities of a cohort whose writes are held
 * for a switch of authority in progress; only {@link AuthoritySwitch} sets and clears it.
 */
public final class RuleSetJson {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern REGION = Pattern.compile("\\d{2}|\\d{4}|\\d{6}");
    private static final Set<String> ROOT_FIELDS = Set.of("defaultCohort", "cohorts", "rules");
    private static final Set<String> COHORT_FIELDS = Set.of("name", "phases", "holds");
    private static final Set<String> RULE_FIELDS = Set.of("id", "cohort", "match", "percent", "salt");
    private static final List<String> MATCH_LISTS = List.of("sourceSystems", "channels", "functions",
            "regionCodes", "storeCodes");

    private RuleSetJson() {
    }

    /** Reads request bytes: not JSON (or a key twice) is a malformed request. */
    public static JsonNode parse(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw new InvalidRulesException(true, List.of(new FieldError(what, "is required (empty body)")));
        }
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (java.io.IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new InvalidRulesException(true, List.of(new FieldError(what, "is not JSON: " + reason)));
        }
    }

    /** The rule set in {@code node}, or every problem with it as an {@link InvalidRulesException}. */
    public static RuleSet read(JsonNode node) {
        return read(node, "");
    }

    /** As {@link #read(JsonNode)}, with each field path under {@code prefix} (e.g. {@code rules.}). */
    public static RuleSet read(JsonNode node, String prefix) {
        Problems p = new Problems(prefix);
        RuleSet set = readSet(node, p);
        p.throwIfAny();
        return set;
    }

    /** Every problem of {@code node}, empty if it is a valid rule set. */
    public static List<FieldError> problems(JsonNode node) {
        try {
            read(node);
            return List.of();
        } catch (InvalidRulesException e) {
            return e.errors();
        }
    }

    private static RuleSet readSet(JsonNode node, Problems p) {
        if (node == null || !node.isObject()) {
            p.malformed("", "must be a JSON object with defaultCohort, cohorts and rules");
            return null;
        }
        unknownFields(node, ROOT_FIELDS, "", p);
        String defaultCohort = text(node, "defaultCohort", "defaultCohort", true, p);
        List<Cohort> cohorts = new ArrayList<>();
        Map<String, Integer> cohortAt = new HashMap<>();
        JsonNode cs = node.get("cohorts");
        if (cs == null || cs.isNull()) {
            p.invalid("cohorts", "is required: at least the default cohort");
        } else if (!cs.isArray()) {
            p.malformed("cohorts", "must be an array");
        } else {
            if (cs.isEmpty()) {
                p.invalid("cohorts", "is required: at least the default cohort");
            }
            for (int i = 0; i < cs.size(); i++) {
                Cohort c = cohort(cs.get(i), "cohorts[" + i + "]", p);
                if (c == null) {
                    continue;
                }
                Integer before = cohortAt.putIfAbsent(c.name(), i);
                if (before != null) {
                    p.invalid("cohorts[" + i + "].name", "duplicate cohort name " + c.name() + " (also cohorts[" + before + "])");
                } else {
                    cohorts.add(c);
                }
            }
        }
        if (defaultCohort != null && cs != null && cs.isArray() && !cohortAt.containsKey(defaultCohort)
                && !namedInvalidCohort(cs, defaultCohort)) {
            p.invalid("defaultCohort", "names no cohort: " + defaultCohort);
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode rs = node.get("rules");
        if (rs != null && !rs.isNull()) {
            if (!rs.isArray()) {
                p.malformed("rules", "must be an array");
            } else {
                Map<String, Integer> ruleAt = new HashMap<>();
                for (int i = 0; i < rs.size(); i++) {
                    String at = "rules[" + i + "]";
                    Rule r = rule(rs.get(i), at, p);
                    if (r == null) {
                        continue;
                    }
                    Integer before = r.id() == null ? null : ruleAt.putIfAbsent(r.id(), i);
                    if (before != null) {
                        p.invalid(at + ".id", "duplicate rule id " + r.id() + " (also rules[" + before + "])");
                    }
                    if (r.cohort() != null && cs != null && cs.isArray() && !cohortAt.containsKey(r.cohort())
                            && !namedInvalidCohort(cs, r.cohort())) {
                        p.invalid(at + ".cohort", "names no cohort: " + r.cohort());
                    }
                    rules.add(r);
                }
            }
        }
        return p.any() ? null : new RuleSet(defaultCohort, cohorts, rules);
    }

    /** A cohort that is named but broken elsewhere: its own problems are reported, not a second one. */
    private static boolean namedInvalidCohort(JsonNode cohorts, String name) {
        for (JsonNode c : cohorts) {
            if (c.isObject() && c.path("name").isTextual() && c.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Cohort cohort(JsonNode node, String at, Problems p) {
        if (!node.isObject()) {
            p.malformed(at, "must be an object with name and phases");
            return null;
        }
        unknownFields(node, COHORT_FIELDS, at + ".", p);
        int before = p.count();
        String name = text(node, "name", at + ".name", true, p);
        if (name != null && !NAME.matcher(name).matches()) {
            p.invalid(at + ".name", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        JsonNode phases = node.get("phases");
        Map<Entity, Phase> map = new EnumMap<>(Entity.class);
        if (phases == null || phases.isNull() || (phases.isObject() && phases.isEmpty())) {
            p.invalid(at + ".phases", "is required: a phase for each entity (" + names(Entity.values()) + ")");
        } else if (!phases.isObject()) {
            p.malformed(at + ".phases", "must be an object of entity → phase");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = phases.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = at + ".phases." + e.getKey();
                Entity entity = enumOf(Entity.class, e.getKey());
                if (entity == null) {
                    p.invalid(field, "unknown entity; one of " + names(Entity.values()));
                    continue;
                }
                if (!e.getValue().isTextual()) {
                    p.malformed(field, "must be a phase name (" + names(Phase.values()) + "); in YAML write \"OFF\" in quotes");
                    continue;
                }
                Phase phase = enumOf(Phase.class, e.getValue().asText());
                if (phase == null) {
                    p.invalid(field, "unknown phase " + e.getValue().asText() + "; one of " + names(Phase.values()));
                    continue;
                }
                map.put(entity, phase);
            }
            for (Entity entity : Entity.values()) {
                if (!phases.has(entity.name())) {
                    p.invalid(at + ".phases." + entity.name(), "is required: every cohort has a phase for each entity");
                }
            }
        }
        java.util.Set<Entity> holds = java.util.EnumSet.noneOf(Entity.class);
        JsonNode hs = node.get("holds");
        if (hs != null && !hs.isNull()) {
            if (!hs.isArray()) {
                p.malformed(at + ".holds", "must be an array of entity names (" + names(Entity.values()) + ")");
            } else {
                for (int i = 0; i < hs.size(); i++) {
                    JsonNode h = hs.get(i);
                    String field = at + ".holds[" + i + "]";
                    if (!h.isTextual()) {
                        p.malformed(field, "must be an entity name (" + names(Entity.values()) + ")");
                        continue;
                    }
                    Entity entity = enumOf(Entity.class, h.asText());
                    if (entity == null) {
                        p.invalid(field, "unknown entity " + h.asText() + "; one of " + names(Entity.values()));
                    } else if (!holds.add(entity)) {
                        p.invalid(field, "holds " + entity + " twice");
                    }
                }
            }
        }
        return p.count() > before ? null : new Cohort(name, map, holds);
    }

    private static Rule rule(JsonNode node, String at, Problems p) {
        if (!node.isObject()) {
            p.malformed(at, "must be an object with id, cohort and match");
            return null;
        }
        unknownFields(node, RULE_FIELDS, at + ".", p);
        int before = p.count();
        String id = text(node, "id", at + ".id", true, p);
        if (id != null && !NAME.matcher(id).matches()) {
            p.invalid(at + ".id", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String cohort = text(node, "cohort", at + ".cohort", true, p);
        Rule.Match match = match(node.get("match"), at + ".match", p);
        BigDecimal percent = null;
        JsonNode pc = node.get("percent");
        if (pc != null && !pc.isNull()) {
            if (!pc.isNumber()) {
                p.malformed(at + ".percent", "must be a number from 0 to 100");
            } else {
                percent = pc.decimalValue();
                if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                    p.invalid(at + ".percent", "must be from 0 to 100, was " + percent.toPlainString());
                } else if (percent.stripTrailingZeros().scale() > 2) {
                    p.invalid(at + ".percent", "has at most two decimals (buckets of 0.01 %), was " + percent.toPlainString());
                } else {
                    percent = percent.stripTrailingZeros();
                    if (percent.scale() < 0) {
                        percent = percent.setScale(0);
                    }
                }
            }
        }
        String salt = text(node, "salt", at + ".salt", false, p);
        if (salt != null && salt.isBlank()) {
            p.invalid(at + ".salt", "must not be blank (leave it out to salt with the rule id)");
        }
        // a broken rule still takes part in the checks across rules (duplicate ids, unknown cohorts)
        return p.count() > before ? new Rule(id, cohort, Rule.Match.any(), null, null)
                : new Rule(id, cohort, match, percent, salt);
    }

    private static Rule.Match match(JsonNode node, String at, Problems p) {
        if (node == null || node.isNull()) {
            return Rule.Match.any();
        }
        if (!node.isObject()) {
            p.malformed(at, "must be an object of conditions");
            return Rule.Match.any();
        }
        List<String> known = new ArrayList<>(MATCH_LISTS);
        known.add("headers");
        unknownFields(node, Set.copyOf(known), at + ".", p);
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String name : MATCH_LISTS) {
            lists.put(name, strings(node.get(name), at + "." + name, p));
        }
        List<String> functions = lists.get("functions");
        for (int i = 0; i < functions.size(); i++) {
            if (!RequestFacts.FUNCTIONS.contains(functions.get(i))) {
                p.invalid(at + ".functions[" + i + "]", "unknown function " + functions.get(i) + "; one of "
                        + String.join(", ", RequestFacts.FUNCTIONS));
            }
        }
        List<String> regions = lists.get("regionCodes");
        for (int i = 0; i < regions.size(); i++) {
            if (!REGION.matcher(regions.get(i)).matches()) {
                p.invalid(at + ".regionCodes[" + i + "]", "must be a GB/T 2260 code or prefix of 2, 4 or 6 digits, was "
                        + regions.get(i));
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                p.malformed(at + ".headers", "must be an object of header name → allowed values");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String field = at + ".headers." + e.getKey();
                    if (!e.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                        p.invalid(field, "is not an HTTP header name");
                        continue;
                    }
                    List<String> values = strings(e.getValue(), field, p);
                    if (values.isEmpty()) {
                        p.invalid(field, "needs at least one allowed value");
                    }
                    headers.put(e.getKey(), values);
                }
            }
        }
        return new Rule.Match(lists.get("sourceSystems"), lists.get("channels"), functions, regions,
                lists.get("storeCodes"), headers);
    }

    private static List<String> strings(JsonNode node, String at, Problems p) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            p.malformed(at, "must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (!v.isTextual()) {
                p.malformed(at + "[" + i + "]", "must be a string");
            } else if (v.asText().isBlank()) {
                p.invalid(at + "[" + i + "]", "must not be blank");
            } else {
                out.add(v.asText());
            }
        }
        return out;
    }

    private static String text(JsonNode node, String name, String at, boolean required, Problems p) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                p.invalid(at, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            p.malformed(at, "must be a string");
            return null;
        }
        if (required && v.asText().isBlank()) {
            p.invalid(at, "is required");
            return null;
        }
        return v.asText();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, Problems p) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                p.malformed(prefix + f, "unknown field; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String names(Enum<?>[] values) {
        return String.join(", ", Arrays.stream(values).map(Enum::name).toList());
    }

    /** The rule set as JSON, in one stable form (the database, the API, the diff). */
    public static ObjectNode write(RuleSet set) {
        ObjectNode root = CanonicalJson.mapper().createObjectNode();
        root.put("defaultCohort", set.defaultCohort());
        ArrayNode cohorts = root.putArray("cohorts");
        for (Cohort c : set.cohorts()) {
            ObjectNode o = cohorts.addObject();
            o.put("name", c.name());
            ObjectNode phases = o.putObject("phases");
            c.phases().forEach((e, ph) -> phases.put(e.name(), ph.name()));
            if (!c.holds().isEmpty()) {
                ArrayNode holds = o.putArray("holds");
                c.holds().forEach(e -> holds.add(e.name()));
            }
        }
        ArrayNode rules = root.putArray("rules");
        for (Rule r : set.rules()) {
            ObjectNode o = rules.addObject();
            o.put("id", r.id());
            o.put("cohort", r.cohort());
            ObjectNode m = o.putObject("match");
            Rule.Match match = r.match();
            put(m, "sourceSystems", match.sourceSystems());
            put(m, "channels", match.channels());
            put(m, "functions", match.functions());
            put(m, "regionCodes", match.regionCodes());
            put(m, "storeCodes", match.storeCodes());
            if (!match.headers().isEmpty()) {
                ObjectNode h = m.putObject("headers");
                match.headers().forEach((k, v) -> put(h, k, v));
            }
            if (r.percent() != null) {
                o.put("percent", r.percent());
            }
            if (r.salt() != null) {
                o.put("salt", r.salt());
            }
        }
        return root;
    }

    private static void put(ObjectNode o, String name, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    /** Problems found so far, each with its path under a prefix. */
    private static final class Problems {
        private final String prefix;
        private final List<FieldError> errors = new ArrayList<>();
        private boolean malformed;

        Problems(String prefix) {
            this.prefix = prefix;
        }

        void malformed(String field, String reason) {
            malformed = true;
            add(field, reason);
        }

        void invalid(String field, String reason) {
            add(field, reason);
        }

        private void add(String field, String reason) {
            String f = prefix + field;
            if (f.endsWith(".")) {
                f = f.substring(0, f.length() - 1);
            }
            errors.add(new FieldError(f.isEmpty() ? "(body)" : f, reason));
        }

        boolean any() {
            return !errors.isEmpty();
        }

        int count() {
            return errors.size();
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidRulesException(malformed, errors);
            }
        }
    }
}
