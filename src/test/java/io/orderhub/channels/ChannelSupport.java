package io.orderhub.channels;

import io.orderhub.support.HubHttp;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.Sql;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** What the channel tests share: HTTP calls to the hub and look-ups in both stores. */
final class ChannelSupport {

    static final HubHttp HTTP = HubHttp.admin();

    private ChannelSupport() {
    }

    static HttpResponse<String> post(int port, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return CanonicalJson.mapper().readTree(r.body());
    }

    /** The stored canonical order of a channel identity, via the REST API (null if none). */
    static JsonNode order(int port, String channel, String shop, String channelOrderId) throws IOException, InterruptedException {
        HttpResponse<String> r = get(port, "/api/orders?channel=" + enc(channel) + "&shop=" + enc(shop)
                + "&channelOrderId=" + enc(channelOrderId));
        if (r.statusCode() == 404) {
            return null;
        }
        JsonNode n = json(r);
        return n.isArray() ? (n.isEmpty() ? null : n.get(0)) : n;
    }

    /** Rows of a channel order in the old store (legacy CRM schema). */
    static long oldStoreRows(DataSource maria, String channelOrderId) throws SQLException {
        return Sql.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", channelOrderId);
    }

    /** Rows of a channel order in the new store. */
    static long newStoreRows(DataSource pg, String channelOrderId) throws SQLException {
        return Sql.count(pg, "SELECT COUNT(*) FROM orders WHERE channel_order_id = ?", channelOrderId);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
