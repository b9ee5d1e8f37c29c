package io.orderhub.api;

import io.orderhub.support.HubHttp;
import static io.orderhub.support.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * createdAt over HTTP: outside the horizon (2000-01-01) or more than a day ahead it is a 422
 * naming the field and nothing reaches either store; an old month inside the horizon is stored in
 * the default partition without the request creating a partition (PostgreSQL's catalogue).
 */
@HubTest
class CreatedAtBoundsApiTest {

    private static final HubHttp HTTP = HubHttp.admin();

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    @ParameterizedTest(name = "createdAt {0}")
    @ValueSource(strings = {"1969-07-20T20:17:40Z", "1999-12-31T23:59:59+08:00", "now+2d"})
    void anOrderOutsideTheCreatedAtBoundsIsRefusedAndNothingIsStored(String createdAt) throws Exception {
        String at = createdAt.equals("now+2d") ? Instant.now().plus(2, ChronoUnit.DAYS).toString() : createdAt;
        ObjectNode order = Samples.set(Samples.set(Samples.fresh(), "createdAt", at), "platformModifiedAt", at);
        long partitions = partitionsOfOrders();

        HttpResponse<String> res = post(order);

        assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
        JsonNode problem = CanonicalJson.mapper().readTree(res.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:orderhub:problem:invalid-order");
        assertThat(problem.get("errors")).anySatisfy(e -> assertThat(e.get("field").asText()).isEqualTo("createdAt"));
        String channelOrderId = order.get("channelOrderId").asText();
        assertThat(count(pg, "SELECT count(*) FROM orders WHERE channel_order_id = ?", channelOrderId)).isZero();
        assertThat(count(pg, "SELECT count(*) FROM order_channel_keys WHERE channel_order_id = ?", channelOrderId)).isZero();
        assertThat(count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", channelOrderId)).isZero();
        assertThat(partitionsOfOrders()).isEqualTo(partitions);
    }

    @Test
    void anOrderOfAnOldMonthInsideTheHorizonIsStoredInTheDefaultPartitionWithoutDdl() throws Exception {
        String at = "2009-05-04T03:02:01Z";
        ObjectNode order = Samples.set(Samples.set(Samples.fresh(), "createdAt", at), "platformModifiedAt", at);
        long partitions = partitionsOfOrders();

        HttpResponse<String> res = post(order);

        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        UUID id = UUID.fromString(CanonicalJson.mapper().readTree(res.body()).get("id").asText());
        assertThat(count(pg, "SELECT count(*) FROM orders_default WHERE order_id = ?", id)).isEqualTo(1);
        assertThat(count(pg, "SELECT count(*) FROM pg_class WHERE relname = ?", "orders_y2009m05")).isZero();
        assertThat(partitionsOfOrders()).isEqualTo(partitions);
        assertThat(count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", id.toString())).isEqualTo(1);
        HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/orders/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(java.time.OffsetDateTime.parse(CanonicalJson.mapper().readTree(got.body()).get("createdAt").asText()).toInstant())
                .isEqualTo(Instant.parse(at));
    }

    private long partitionsOfOrders() throws SQLException {
        return count(pg, "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ?",
                "orders");
    }

    private HttpResponse<String> post(JsonNode order) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
