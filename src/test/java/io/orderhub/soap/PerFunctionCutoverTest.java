package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalMember;
import io.orderhub.cutover.CutoverState;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import io.orderhub.support.Sql;
import io.orderhub.support.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11, per-function switching: one rule serves {@code QueryMember} of one store from the new
 * store while {@code SubmitOrder} of the same store still writes old-first (the legacy CRM numbers
 * the sale), and another store's {@code QueryMember} still reads the legacy member table. The member
 * is made to differ between the stores on purpose (its name), so the answer shows which store
 * answered. The rules are rolled back at the end, as a migration team would.
 */
@HubTest
class PerFunctionCutoverTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    NewStoreMembers newStoreMembers;
    @Autowired
    CutoverState cutover;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    @Test
    void queryMemberOfOneStoreFromTheNewStoreWhileItsSalesStillWriteOldFirst() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        String card = "66" + String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
        String mobile = "15" + String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
        String store = "PF" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        String otherStore = "PX" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        try (var c = maria.getConnection(); var ps = c.prepareStatement("INSERT INTO CRM_MEMBER (CARD_NO, MEMBER_NAME, MOBILE,"
                + " LEVEL_CODE, POINTS, CREATE_TIME, UPDATE_TIME) VALUES (?, '老店名', ?, '01', 0, ?, ?)")) {
            ps.setString(1, card);
            ps.setString(2, mobile);
            ps.setObject(3, LocalDateTime.now());
            ps.setObject(4, LocalDateTime.now());
            ps.executeUpdate();
        }
        newStoreMembers.write(new CanonicalMember(CanonicalMember.idOf(card), card, null, "新店名", mobile, "01", 0, null,
                store, 1, Instant.now()));

        assertThat(nameAt(store, card)).as("the seed: members DUAL_WRITE, read from the legacy table").isEqualTo("老店名");

        long before = rulesVersion();
        String rules = """
                {"defaultCohort": "everyone",
                 "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "DUAL_WRITE"}},
                             {"name": "member-reads", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "LIVE"}}],
                 "rules": [{"id": "query-member-%s", "cohort": "member-reads",
                            "match": {"functions": ["QueryMember"], "storeCodes": ["%s"]}}]}""".formatted(store, store);
        HttpResponse<String> put = admin("PUT", "/api/admin/cutover/rules",
                "{\"reason\": \"QueryMember of " + store + " from the new store\", \"basedOnVersion\": " + before
                        + ", \"rules\": " + rules + "}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long changed = CanonicalJson.mapper().readTree(put.body()).path("version").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cutover.version() >= changed);
        try {
            assertThat(nameAt(store, card)).as("QueryMember of the store: the new store answers").isEqualTo("新店名");
            assertThat(nameAt(otherStore, card)).as("another store: still the legacy table").isEqualTo("老店名");

            // the same store's sale still writes old-first: the legacy CRM's order number, in both stores
            SubmitOrderRequest sale = LegacyCrmSimulatorTest.sale(card);
            sale.setStoreCode(store);
            String no = pos(store).submitOrder(sale).getOrderNo();
            assertThat(no).startsWith("SO");
            assertThat(Sql.row(maria, "SELECT STORE_CODE FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", no))
                    .containsEntry("STORE_CODE", store);
            assertThat(Sql.row(pg, "SELECT store_code FROM orders WHERE legacy_order_no = ?", no))
                    .containsEntry("store_code", store);
        } finally {
            HttpResponse<String> back = admin("POST", "/api/admin/cutover/rollback/" + before,
                    "{\"reason\": \"end of the per-function test\"}");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            long restored = CanonicalJson.mapper().readTree(back.body()).path("version").asLong();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cutover.version() >= restored);
        }
        assertThat(nameAt(store, card)).as("rolled back: the legacy table again").isEqualTo("老店名");
    }

    private String nameAt(String store, String card) throws Exception {
        QueryMemberRequest q = new QueryMemberRequest();
        q.setCardNo(card);
        return pos(store).queryMember(q).getMember().getMemberName();
    }

    /** A POS gateway (relay credential) calling for the store. */
    private PosCrm pos(String store) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        PosCrm pos = HubHttp.authorizeSoap((PosCrm) f.create(), TestCredentials.POS_RELAY_KEY);
        Client client = ClientProxy.getClient(pos);
        client.getRequestContext().put(Message.PROTOCOL_HEADERS, Map.of(PosIdentity.STORE_HEADER, List.of(store)));
        return pos;
    }

    private long rulesVersion() throws Exception {
        JsonNode rules = CanonicalJson.mapper().readTree(admin("GET", "/api/admin/cutover/rules", null).body());
        return rules.path("version").asLong();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header(HubHttp.HEADER, TestCredentials.ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
