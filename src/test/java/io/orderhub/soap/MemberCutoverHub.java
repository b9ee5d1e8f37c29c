package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalMember;
import io.orderhub.cutover.CutoverState;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.support.HubHttp;
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
import javax.sql.DataSource;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.awaitility.Awaitility;

/**
 * The running hub as the member cutover tests drive it: a member written into each store directly
 * (so the two can differ on purpose and an answer shows which store gave it), {@code QueryMember}
 * from a POS gateway for a store, and the cutover rules changed and rolled back through the admin API
 * as a migration team would, each waited for until it is in force.
 */
final class MemberCutoverHub {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final DataSource legacyDatabase;
    private final NewStoreMembers newStoreMembers;
    private final CutoverState cutover;

    MemberCutoverHub(int port, DataSource legacyDatabase, NewStoreMembers newStoreMembers, CutoverState cutover) {
        this.port = port;
        this.legacyDatabase = legacyDatabase;
        this.newStoreMembers = newStoreMembers;
        this.cutover = cutover;
    }

    /** A member in the legacy CRM's member table. */
    void oldMember(String card, String name, String mobile) throws Exception {
        try (var c = legacyDatabase.getConnection(); var ps = c.prepareStatement("INSERT INTO CRM_MEMBER (CARD_NO,"
                + " MEMBER_NAME, MOBILE, LEVEL_CODE, POINTS, CREATE_TIME, UPDATE_TIME) VALUES (?, ?, ?, '01', 0, ?, ?)")) {
            ps.setString(1, card);
            ps.setString(2, name);
            ps.setString(3, mobile);
            ps.setObject(4, LocalDateTime.now());
            ps.setObject(5, LocalDateTime.now());
            ps.executeUpdate();
        }
    }

    /** The same card in the new store's members table. */
    void newMember(String card, String name, String mobile, String store) throws Exception {
        newStoreMembers.write(new CanonicalMember(CanonicalMember.idOf(card), card, null, name, mobile, "01", 0, null,
                store, 1, Instant.now()));
    }

    /** The member's name as QueryMember answers it at the store. */
    String nameAt(String store, String card) {
        QueryMemberRequest q = new QueryMemberRequest();
        q.setCardNo(card);
        try {
            return pos(store).queryMember(q).getMember().getMemberName();
        } catch (Exception e) {
            throw new AssertionError("QueryMember of " + card + " at " + store + " failed", e);
        }
    }

    /** A POS gateway (relay credential) calling for the store. */
    PosCrm pos(String store) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        PosCrm pos = HubHttp.authorizeSoap((PosCrm) f.create(), TestCredentials.POS_RELAY_KEY);
        ClientProxy.getClient(pos).getRequestContext().put(Message.PROTOCOL_HEADERS,
                Map.of(PosIdentity.STORE_HEADER, List.of(store)));
        return pos;
    }

    long rulesVersion() throws Exception {
        return CanonicalJson.mapper().readTree(admin("GET", "/api/admin/cutover/rules", null).body()).path("version").asLong();
    }

    /**
     * One rule putting the store's QueryMember in a cohort of its own with MEMBERS in {@code phase}
     * (everything else DUAL_WRITE); the new version, once in force.
     */
    long queryMemberIn(long basedOn, String cohort, String store, String phase) throws Exception {
        String rules = """
                {"defaultCohort": "everyone",
                 "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "DUAL_WRITE"}},
                             {"name": "%s", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "%s"}}],
                 "rules": [{"id": "query-member-%s", "cohort": "%s",
                            "match": {"functions": ["QueryMember"], "storeCodes": ["%s"]}}]}"""
                .formatted(cohort, phase, store, cohort, store);
        return inForce(admin("PUT", "/api/admin/cutover/rules", "{\"reason\": \"QueryMember of " + store + " in " + phase
                + "\", \"basedOnVersion\": " + basedOn + ", \"rules\": " + rules + "}"));
    }

    /** Back to the rules of {@code version}; the new version, once in force. */
    long rollBackTo(long version, String reason) throws Exception {
        return inForce(admin("POST", "/api/admin/cutover/rollback/" + version, "{\"reason\": \"" + reason + "\"}"));
    }

    private long inForce(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        long version = CanonicalJson.mapper().readTree(answer.body()).path("version").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cutover.version() >= version);
        return version;
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header(HubHttp.HEADER, TestCredentials.ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
