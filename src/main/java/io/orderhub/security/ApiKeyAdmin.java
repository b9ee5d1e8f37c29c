package io.orderhub.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Behind {@code /api/admin/keys}: create a key (its plain text answered once), list keys (ids, roles,
 * scopes; never a key or its hash), revoke a key.
 */
public class ApiKeyAdmin {

    private final ApiKeys keys;
    private final String basePath;

    public ApiKeyAdmin(ApiKeys keys, String basePath) {
        this.keys = keys;
        this.basePath = basePath;
    }

    /** {@code {"id": "erp-1", "roles": ["channel"], "scopes": ["erp-xml:*"]}} → 201 with the key. */
    public void create(Exchange exchange) {
        byte[] body = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange,
                exchange.getMessage().getBody());
        JsonNode req;
        try {
            req = body == null || body.length == 0 ? null : CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new KeyRequestException(400, "$", "is not well-formed JSON");
        }
        if (req == null || !req.isObject()) {
            throw new KeyRequestException(400, "$", "must be a JSON object with roles (and scopes for a channel key)");
        }
        if (req.has("id") && !req.get("id").isTextual()) {
            throw new KeyRequestException(400, "id", "must be a string");
        }
        ApiKeys.NewKey k;
        try {
            k = keys.create(req.path("id").asText(null), strings(req, "roles"), strings(req, "scopes"));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            int colon = m.indexOf(": ");
            throw new KeyRequestException(422, colon > 0 ? m.substring(0, colon) : null,
                    colon > 0 ? m.substring(colon + 2) : m);
        }
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        out.put("id", k.id());
        out.put("key", k.key());
        out.set("roles", CanonicalJson.mapper().valueToTree(k.roles()));
        out.set("scopes", CanonicalJson.mapper().valueToTree(k.scopes()));
        out.put("note", "the key is shown only now; the hub keeps its SHA-256");
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        m.setHeader("Location", basePath + "/admin/keys/" + k.id());
        m.setHeader("Cache-Control", "no-store");
        json(m, out);
    }

    /** Every key: id, roles, scopes, where it comes from; never a key or a hash. */
    public void list(Exchange exchange) {
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        ArrayNode list = out.putArray("keys");
        for (ApiKeys.StoredKey k : keys.all()) {
            ObjectNode n = list.addObject();
            n.put("id", k.id());
            n.set("roles", CanonicalJson.mapper().valueToTree(k.roles()));
            n.set("scopes", CanonicalJson.mapper().valueToTree(k.scopes()));
            n.put("source", k.source());
            if (k.createdAt() != null) {
                n.put("createdAt", k.createdAt().toString());
            }
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        json(m, out);
    }

    /** 204 when revoked; 404 for an unknown id; 409 for a key of config. */
    public void revoke(Exchange exchange) {
        String id = exchange.getProperty("keyId", String.class);
        boolean revoked;
        try {
            revoked = keys.revoke(id);
        } catch (IllegalStateException e) {
            throw new KeyRequestException(409, "id", "comes from config; remove it there");
        }
        if (!revoked) {
            throw new KeyRequestException(404, null, "no key with id " + id);
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        m.setBody(null);
    }

    private static List<String> strings(JsonNode req, String field) {
        JsonNode n = req.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new KeyRequestException(400, field, "must be an array of strings");
        }
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                throw new KeyRequestException(400, field, "must be an array of strings");
            }
            out.add(x.asText());
        }
        return out;
    }

    private static void json(Message m, Object value) {
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            m.setBody(CanonicalJson.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
