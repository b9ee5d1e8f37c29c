package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orderhub.canonical.CanonicalMember;
import io.orderhub.embedded.FreePorts;
import io.orderhub.soap.contract.CrmFault;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.RegisterMemberRequest;
import io.orderhub.soap.contract.RegisterMemberResponse;
import io.orderhub.soap.contract.UpdateMemberRequest;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.stores.OldStoreMembers;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Members as a migrated entity, today (OFF/DUAL_WRITE): a POS registers and changes members at the
 * hub; the legacy CRM simulator (its own SQL, its own numbering) assigns the card number and writes
 * first, the hub then writes the new store's members with it. Both stores must hold the same member
 * in the canonical form; a retried registration is one member; a legacy CRM that is down is CRM-9000
 * with nothing written to the new store.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PosMemberWritesTest {

    private static final ZoneId HEAD_OFFICE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    @LocalServerPort
    int port;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    io.orderhub.cutover.ShadowReads shadowReads;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    OldStoreMembers oldStoreMembers;
    @Autowired
    NewStoreMembers newStoreMembers;
    @Autowired
    io.orderhub.stores.OldStore oldStore;

    private Server simulator;
    private String simulatorUrl;
    private PosCrm previousLegacy;
    private PosCrm hub;

    @BeforeAll
    void start() {
        int simPort = FreePorts.find();
        simulator = io.orderhub.soap.legacycrm.LegacyCrm.start(simPort, maria);
        simulatorUrl = "http://127.0.0.1:" + simPort + "/crm";
        previousLegacy = gateway.legacyClient();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        hub = HubHttp.authorizeSoap((PosCrm) f.create());
    }

    @BeforeEach
    void legacyCrmUp() {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        gateway.useLegacyCrm(simulatorUrl, 3000);
    }

    @AfterAll
    void stop() {
        gateway.useLegacyCrm(previousLegacy);
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        simulator.destroy();
    }

    private static RegisterMemberRequest registration(String name, String mobile) {
        RegisterMemberRequest r = new RegisterMemberRequest();
        r.setMemberName(name);
        r.setMobile(mobile);
        r.setStoreCode("BJ0007");
        r.setRegionCode("110000");
        return r;
    }

    private static String fault(ThrowableCall call) {
        CrmFault_Exception e = catchThrowableOfType(CrmFault_Exception.class, call::run);
        assertThat(e).as("a CrmFault").isNotNull();
        CrmFault f = e.getFaultInfo();
        return f.getFaultCode() + " " + f.getElement();
    }

    private interface ThrowableCall {
        void run() throws Exception;
    }

    private Optional<CanonicalMember> inOld(String card) throws Exception {
        return oldStoreMembers.find(card, null);
    }

    private Optional<CanonicalMember> inNew(String card) throws Exception {
        return newStoreMembers.find(card, null);
    }

    private long count(DataSource ds, String sql, String value) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Instant legacyTime(String ts14) {
        return LocalDateTime.parse(ts14, TS14).atZone(HEAD_OFFICE).toInstant();
    }

    @Test
    void registeredAndUpdatedMembersAreTheSameInBothStoresWithTheLegacyCardNumber() throws Exception {
        String mobile = LegacyCrmSimulatorTest.freshMobile();
        RegisterMemberResponse registered = hub.registerMember(registration("陈静", mobile));
        assertThat(registered.getResultCode()).isEqualTo("0000");
        String card = registered.getMember().getCardNo();
        // the legacy CRM's numbering, not the hub's: 66 and a nine-digit serial
        assertThat(card).matches("66\\d{9}");
        RegisterMemberResponse next = hub.registerMember(registration("刘洋", LegacyCrmSimulatorTest.freshMobile()));
        assertThat(Long.parseLong(next.getMember().getCardNo())).isEqualTo(Long.parseLong(card) + 1);

        // worked out from the request and the legacy rules for a new member: level 01, no points, version 1
        CanonicalMember expected = new CanonicalMember(CanonicalMember.idOf(card), card, null, "陈静", mobile, "01", 0,
                "110000", "BJ0007", 1, legacyTime(registered.getUpdateTime()));
        assertThat(inOld(card)).contains(expected);
        assertThat(inNew(card)).contains(expected);

        UpdateMemberRequest change = new UpdateMemberRequest();
        change.setCardNo(card);
        change.setVersion(1);
        change.setMemberName("陈静怡");
        String newMobile = LegacyCrmSimulatorTest.freshMobile();
        change.setMobile(newMobile);
        change.setUnionId("oHubUnion12345");
        var changed = hub.updateMember(change);
        assertThat(changed.getResultCode()).isEqualTo("0000");
        assertThat(changed.getVersion()).isEqualTo(2);

        CanonicalMember after = new CanonicalMember(CanonicalMember.idOf(card), card, "oHubUnion12345", "陈静怡", newMobile,
                "01", 0, "110000", "BJ0007", 2, legacyTime(changed.getUpdateTime()));
        assertThat(inOld(card)).contains(after);
        assertThat(inNew(card)).contains(after);
        // the new store's mobile index follows the change
        assertThat(count(pg, "SELECT count(*) FROM member_mobile_keys WHERE mobile = ?", mobile)).isZero();
        assertThat(newStoreMembers.find(null, newMobile)).contains(after);

        // reads still come from the old store, through direct:member-read
        QueryMemberRequest byMobile = new QueryMemberRequest();
        byMobile.setMobile(newMobile);
        assertThat(hub.queryMember(byMobile).getMember().getCardNo()).isEqualTo(card);
    }

    @Test
    void aRetriedRegistrationIsOneMemberInBothStoresEvenWhenTheRetriesRace() throws Exception {
        String mobile = LegacyCrmSimulatorTest.freshMobile();
        RegisterMemberResponse first = hub.registerMember(registration("黄磊", mobile));
        RegisterMemberResponse retry = hub.registerMember(registration("黄磊", mobile));
        assertThat(first.getResultCode()).isEqualTo("0000");
        assertThat(retry.getResultCode()).isEqualTo("0001");
        assertThat(retry.getMember().getCardNo()).isEqualTo(first.getMember().getCardNo());

        String raced = LegacyCrmSimulatorTest.freshMobile();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RegisterMemberResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<RegisterMemberResponse> c = () -> hub.registerMember(registration("吴敏", raced));
                calls.add(pool.submit(c));
            }
            Set<String> cards = new HashSet<>();
            int created = 0;
            for (Future<RegisterMemberResponse> f : calls) {
                RegisterMemberResponse r = f.get();
                cards.add(r.getMember().getCardNo());
                created += "0000".equals(r.getResultCode()) ? 1 : 0;
            }
            assertThat(cards).hasSize(1);
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        for (String m : List.of(mobile, raced)) {
            assertThat(count(maria, "SELECT COUNT(*) FROM CRM_MEMBER WHERE MOBILE = ?", m)).isEqualTo(1);
            assertThat(count(pg, "SELECT count(*) FROM members WHERE mobile = ?", m)).isEqualTo(1);
            assertThat(count(pg, "SELECT count(*) FROM member_mobile_keys WHERE mobile = ?", m)).isEqualTo(1);
        }
        String card = first.getMember().getCardNo();
        assertThat(inNew(card)).isEqualTo(inOld(card));
    }

    @Test
    void aLegacyCrmThatIsDownIsCrm9000AndNothingIsWrittenToTheNewStore() throws Exception {
        String mobile = LegacyCrmSimulatorTest.freshMobile();
        gateway.useLegacyCrm("http://127.0.0.1:" + FreePorts.find() + "/crm", 500);
        assertThat(fault(() -> hub.registerMember(registration("郑爽", mobile)))).isEqualTo(CrmFaults.UNAVAILABLE + " null");
        assertThat(count(pg, "SELECT count(*) FROM members WHERE mobile = ?", mobile)).isZero();
        assertThat(count(pg, "SELECT count(*) FROM member_mobile_keys WHERE mobile = ?", mobile)).isZero();
        assertThat(count(maria, "SELECT COUNT(*) FROM CRM_MEMBER WHERE MOBILE = ?", mobile)).isZero();

        // bad input is refused at the hub's member choke point before the legacy CRM is asked
        assertThat(fault(() -> hub.registerMember(registration("  ", LegacyCrmSimulatorTest.freshMobile()))))
                .isEqualTo("CRM-1000 MemberName");
    }

    @Test
    void refusedChangesNameTheElementAndLeaveTheNewStoreAsItWas() throws Exception {
        var m = hub.registerMember(registration("何超", LegacyCrmSimulatorTest.freshMobile()));
        String card = m.getMember().getCardNo();
        CanonicalMember before = inNew(card).orElseThrow();

        UpdateMemberRequest stale = new UpdateMemberRequest();
        stale.setCardNo(card);
        stale.setVersion(7);
        stale.setMemberName("何超然");
        assertThat(fault(() -> hub.updateMember(stale))).isEqualTo("CRM-1006 Version");

        UpdateMemberRequest taken = new UpdateMemberRequest();
        taken.setCardNo(card);
        taken.setVersion(1);
        taken.setMobile(hub.registerMember(registration("林峰", LegacyCrmSimulatorTest.freshMobile())).getMember().getMobile());
        assertThat(fault(() -> hub.updateMember(taken))).isEqualTo("CRM-1007 Mobile");

        UpdateMemberRequest unknown = new UpdateMemberRequest();
        unknown.setCardNo("66999999998");
        unknown.setVersion(1);
        unknown.setMemberName("无名");
        assertThat(fault(() -> hub.updateMember(unknown))).isEqualTo("CRM-1001 CardNo");

        UpdateMemberRequest blank = new UpdateMemberRequest();
        blank.setCardNo(card);
        blank.setVersion(1);
        blank.setMemberName(" ");
        assertThat(fault(() -> hub.updateMember(blank))).isEqualTo("CRM-1000 MemberName");

        assertThat(inNew(card)).contains(before);
        assertThat(inOld(card)).contains(before);
    }

    @Test
    void theNewStoreNeverTakesAnOlderVersionOfAMember() throws Exception {
        var m = hub.registerMember(registration("高远", LegacyCrmSimulatorTest.freshMobile()));
        String card = m.getMember().getCardNo();
        UpdateMemberRequest change = new UpdateMemberRequest();
        change.setCardNo(card);
        change.setVersion(1);
        change.setMemberName("高远航");
        hub.updateMember(change);
        CanonicalMember current = inNew(card).orElseThrow();
        // a late or repeated delivery of version 1 (the registration) changes nothing
        CanonicalMember late = new CanonicalMember(current.memberId(), card, null, "高远", m.getMember().getMobile(), "01", 0,
                "110000", "BJ0007", 1, legacyTime(m.getUpdateTime()));
        assertThat(newStoreMembers.write(late)).isFalse();
        assertThat(newStoreMembers.write(current)).isFalse();
        assertThat(inNew(card)).contains(current);
    }

    @Test
    void theReadSwitchToTheNewStoreAnswersWhatTheOldStoreAnswers() throws Exception {
        String mobile = LegacyCrmSimulatorTest.freshMobile();
        var m = hub.registerMember(registration("袁野", mobile));
        UpdateMemberRequest change = new UpdateMemberRequest();
        change.setCardNo(m.getMember().getCardNo());
        change.setVersion(1);
        change.setUnionId("oHubUnion67890");
        hub.updateMember(change);
        // the store that answers is the MEMBERS phase of the request's cohort, and nothing else
        var today = new io.orderhub.reads.MemberReads(oldStore, newStoreMembers, facts -> members(io.orderhub.cutover.Phase.DUAL_WRITE), shadowReads);
        var fromNew = new io.orderhub.reads.MemberReads(oldStore, newStoreMembers, facts -> members(io.orderhub.cutover.Phase.LIVE), shadowReads);
        assertThat(fromNew.source(new io.orderhub.reads.MemberQuery(m.getMember().getCardNo(), null), null, "QueryMember"))
                .isEqualTo(io.orderhub.reads.MemberReads.Store.NEW);
        assertThat(today.source(new io.orderhub.reads.MemberQuery(m.getMember().getCardNo(), null), null, "QueryMember"))
                .isEqualTo(io.orderhub.reads.MemberReads.Store.OLD);
        for (var q : List.of(new io.orderhub.reads.MemberQuery(m.getMember().getCardNo(), null),
                new io.orderhub.reads.MemberQuery(null, mobile))) {
            assertThat(today.read(q, null, "QueryMember")).isPresent();
            assertThat(fromNew.read(q, null, "QueryMember")).isEqualTo(today.read(q, null, "QueryMember"));
        }
        assertThat(fromNew.read(new io.orderhub.reads.MemberQuery("66999999996", null), null, "QueryMember")).isEmpty();
    }

    private static io.orderhub.cutover.Decision members(io.orderhub.cutover.Phase phase) {
        return new io.orderhub.cutover.Decision(1, "test", null, Map.of(io.orderhub.cutover.Entity.ORDERS,
                io.orderhub.cutover.Phase.DUAL_WRITE, io.orderhub.cutover.Entity.MEMBERS, phase));
    }
}
