package io.orderhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Phase;
import io.orderhub.cutover.Store;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.support.HubTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The default cohort's orders and members walked through all six phases and back while orders flow
 * from REST, a signed Shopify webhook, the Taobao poll, a store-csv file drop and SOAP SubmitOrder at the
 * same time: OFF, DUAL_WRITE, SHADOW, LIVE, a rollback to DUAL_WRITE, then SHADOW, LIVE, RAMPDOWN,
 * COMPLETE and back to RAMPDOWN, LIVE and the rules the class found. Each step is taken while the
 * doors send; then the doors pause, the sync backlog is waited to 0, and every order acknowledged so
 * far is checked: it is in a store (in its authority when the step left no doubt which), and every
 * order written only in phases with a secondary store is in both stores, equal on the key columns and
 * on the canonical form. A rollback loses nothing: the checks are cumulative. MEMBERS walks the same
 * phases; member traffic (CutoverDriver.member, SOAP RegisterMember) is not sent yet: the hub's
 * RegisterMember goes to the legacy CRM first, which this shared context does not run (the checks for
 * members in check() are ready for it).
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CutoverWalkTest {

    /** The doors orders come in by. (Members: RegisterMember needs the legacy CRM simulator wired in, see the class comment.) */
    static final CutoverDriver.Door[] ORDER_DOORS = {CutoverDriver.Door.REST, CutoverDriver.Door.WEBHOOK,
            CutoverDriver.Door.POLL, CutoverDriver.Door.FILE, CutoverDriver.Door.SOAP};

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    NewStore newStore;
    @Autowired
    OldStore oldStore;
    @Autowired
    io.orderhub.stores.OldStoreOrderReader oldReader;
    @Autowired
    LegacyMapping legacy;
    @Autowired
    org.apache.camel.ProducerTemplate producer;
    @Value("${orderhub.inbox.dir}")
    Path inbox;

    CutoverDriver hub;
    StoreComparison stores;
    String cohort;
    long rulesBefore;
    volatile Phase current;
    Traffic traffic;
    /** The phase set at the end of each interval (index = interval); an order of interval k was written under k-1 or k. */
    final List<Phase> phases = new ArrayList<>();
    final Map<String, String> journal = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        hub = new CutoverDriver(port, inbox);
        stores = new StoreComparison(pg, maria, newStore, oldReader, legacy);
        cohort = hub.defaultCohort();
        rulesBefore = hub.version();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        if (hub.version() != rulesBefore && !hub.rules().get("rules").equals(rulesAt(rulesBefore))) {
            HttpResponse<String> back = hub.rollback(rulesBefore, "CutoverWalkTest: the rules as the class found them");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode rulesAt(long version) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode v : CutoverDriver.json(hub.send("GET", "/api/admin/cutover/history?limit=200", null))) {
            if (v.path("version").asLong() == version) {
                return v.at("/diff/after");
            }
        }
        return null;
    }

    @Test
    void aCohortWalksAllSixPhasesAndBackWhileEveryDoorSendsAndTheStoresStayEqual() throws Exception {
        // start: OFF for orders and members (old store only)
        moveBoth(Phase.OFF, "e2e walk: start from OFF");
        current = Phase.OFF;
        phases.add(Phase.OFF);
        traffic = new Traffic(() -> current, Map.of(
                CutoverDriver.Door.REST, hub::rest,
                CutoverDriver.Door.WEBHOOK, hub::webhook,
                CutoverDriver.Door.SOAP, hub::soap,
                CutoverDriver.Door.POLL, phase -> hub.poll(phase, producer, stores::stored),
                CutoverDriver.Door.FILE, hub::file), Map.of(
                CutoverDriver.Door.REST, Duration.ofMillis(120),
                CutoverDriver.Door.WEBHOOK, Duration.ofMillis(250),
                CutoverDriver.Door.SOAP, Duration.ofMillis(250),
                CutoverDriver.Door.POLL, Duration.ofMillis(900),
                CutoverDriver.Door.FILE, Duration.ofMillis(900)));

        step(Phase.DUAL_WRITE);
        long dualWriteVersion = hub.version();
        step(Phase.SHADOW);
        step(Phase.LIVE);
        // the rollback: one call back to the version that had DUAL_WRITE, across the authority boundary
        step(Phase.DUAL_WRITE, () -> {
            HttpResponse<String> r = hub.rollback(dualWriteVersion, "e2e walk: roll LIVE back to DUAL_WRITE");
            assertThat(r.statusCode()).as("rollback: " + r.body()).isEqualTo(200);
        });
        step(Phase.SHADOW);
        step(Phase.LIVE);
        step(Phase.RAMPDOWN);
        step(Phase.COMPLETE);
        step(Phase.RAMPDOWN);
        step(Phase.LIVE);
        step(Phase.DUAL_WRITE);
        traffic.close();

        // which door and phase each order came through
        Map<String, Integer> table = new TreeMap<>();
        for (Traffic.Sent s : traffic.sent()) {
            table.merge(s.ack().door() + " " + phases.get(s.interval() - 1) + "->" + phases.get(s.interval()), 1, Integer::sum);
        }
        System.out.println("cutover walk: orders by door and step " + table);
        System.out.println("cutover walk: steps " + journal);
        List<Traffic.Failure> failures = traffic.failures().stream().filter(f -> !f.unavailable()).toList();
        assertThat(failures).as("calls refused other than 503 with Retry-After").isEmpty();
        for (CutoverDriver.Door door : ORDER_DOORS) {
            assertThat(traffic.sent()).as("orders through " + door).anyMatch(s -> s.ack().door() == door);
        }
    }

    private void moveBoth(Phase to, String reason) throws Exception {
        hub.moveTo(cohort, Entity.ORDERS, to, reason);
        hub.moveTo(cohort, Entity.MEMBERS, to, reason);
    }

    private interface Move {
        void run() throws Exception;
    }

    private void step(Phase to) throws Exception {
        step(to, () -> moveBoth(to, "e2e walk: " + current + " -> " + to));
    }

    /** One step: the doors send while the phase changes; then pause, drain, check everything so far. */
    private void step(Phase to, Move move) throws Exception {
        int interval = phases.size();
        long t0 = System.nanoTime();
        traffic.resume(interval);
        // the doors are sending before the change...
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(traffic.countsIn(interval))
                .as("refusals: " + traffic.failures()).hasSizeGreaterThanOrEqualTo(3));
        move.run();
        current = to;
        phases.add(to);
        assertThat(hub.phase(cohort, Entity.ORDERS)).isEqualTo(to);
        assertThat(hub.phase(cohort, Entity.MEMBERS)).isEqualTo(to);
        // ...and after it: every door once more under the new phase
        int after = traffic.sent().size();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(traffic.countsIn(interval).keySet()).as("doors that took an order in this step; refusals: "
                    + traffic.failures()).containsExactlyInAnyOrder(ORDER_DOORS);
            assertThat(traffic.sent().size()).isGreaterThanOrEqualTo(after + 5);
        });
        traffic.pause();
        check(interval);
        journal.put(interval + " " + phases.get(interval - 1) + "->" + to,
                traffic.sent().size() + " orders so far, " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** Every acknowledged order so far: stored, in its authority when certain, equal in both stores when both are written. */
    private void check(int upTo) throws Exception {
        List<Traffic.Sent> all = traffic.sent();
        List<Traffic.Sent> members = all.stream().filter(s -> s.ack().door() == CutoverDriver.Door.MEMBER).toList();
        List<Traffic.Sent> sent = all.stream().filter(s -> s.ack().door() != CutoverDriver.Door.MEMBER).toList();
        Map<CutoverDriver.Ack, String> numbers = stores.awaitNumbers(sent.stream().map(Traffic.Sent::ack).toList(),
                Duration.ofSeconds(60));
        hub.awaitBacklogDrained(Duration.ofSeconds(60));
        SoftAssertions soft = new SoftAssertions();
        for (Traffic.Sent s : sent) {
            Phase before = phases.get(s.interval() - 1);
            Phase after = phases.get(s.interval());
            String no = numbers.get(s.ack());
            String label = s.ack().door() + " order " + no + " (" + s.ack().channelOrderId() + ") sent in " + before + "->" + after;
            Set<Store> authorities = EnumSet.of(before.authority(), after.authority());
            if (authorities.size() == 1) {
                soft.assertThat(stores.in(authorities.iterator().next(), no)).as(label + ": in its authority").isTrue();
            }
            if (before.secondary().isPresent() && after.secondary().isPresent()) {
                stores.assertEqual(soft, label, no);
            }
        }
        // members: the legacy CRM numbers every card first, and every phase but OFF writes the new store too
        for (Traffic.Sent s : members) {
            Phase before = phases.get(s.interval() - 1);
            Phase after = phases.get(s.interval());
            String card = s.ack().legacyOrderNo();
            String label = "member " + card + " registered in " + before + "->" + after;
            soft.assertThat(stores.memberIn(Store.OLD, card)).as(label + ": in the legacy CRM").isTrue();
            if (before != Phase.OFF && after != Phase.OFF) {
                stores.assertMemberEqual(soft, label, card);
            }
        }
        soft.assertAll();
    }
}
