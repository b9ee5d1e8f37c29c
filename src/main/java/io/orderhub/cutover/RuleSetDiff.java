package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The before/after of a rules change, stored with the version: both whole rule sets and the list of
 * what changed, one entry per changed value, with cohorts and rules keyed by their name and id
 * ({@code cohorts[pilot].phases.ORDERS: SHADOW → LIVE}) so a reordering is not read as a rewrite.
 */
public final class RuleSetDiff {

    private RuleSetDiff() {
    }

    public static ObjectNode of(JsonNode before, JsonNode after) {
        ObjectNode diff = CanonicalJson.mapper().createObjectNode();
        diff.set("before", before == null ? NullNode.getInstance() : before);
        diff.set("after", after);
        ArrayNode changes = diff.putArray("changes");
        walk("", before == null ? NullNode.getInstance() : before, after, changes);
        return diff;
    }

    private static void walk(String path, JsonNode a, JsonNode b, ArrayNode out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                walk(path.isEmpty() ? n : path + "." + n, a.path(n).isMissingNode() ? NullNode.getInstance() : a.get(n),
                        b.path(n).isMissingNode() ? NullNode.getInstance() : b.get(n), out);
            }
            return;
        }
        if (a.isArray() && b.isArray() && keyed(a) && keyed(b)) {
            Map<String, JsonNode> ma = byKey(a);
            Map<String, JsonNode> mb = byKey(b);
            Set<String> keys = new LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (String k : keys) {
                walk(path + "[" + k + "]", ma.getOrDefault(k, NullNode.getInstance()),
                        mb.getOrDefault(k, NullNode.getInstance()), out);
            }
            if (!ma.keySet().stream().filter(mb::containsKey).toList()
                    .equals(mb.keySet().stream().filter(ma::containsKey).toList())) {
                ObjectNode c = out.addObject().put("path", path + "(order)");
                c.set("before", keysOf(ma.keySet()));
                c.set("after", keysOf(mb.keySet()));
            }
            return;
        }
        ObjectNode c = out.addObject().put("path", path.isEmpty() ? "(all)" : path);
        c.set("before", a);
        c.set("after", b);
    }

    private static ArrayNode keysOf(Set<String> keys) {
        ArrayNode a = CanonicalJson.mapper().createArrayNode();
        keys.forEach(a::add);
        return a;
    }

    private static boolean keyed(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isObject() || !(e.path("id").isTextual() || e.path("name").isTextual())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(JsonNode array) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            m.put(e.path("id").isTextual() ? e.get("id").asText() : e.get("name").asText(), e);
        }
        return m;
    }
}
