package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.MachineDatabases;
import io.orderhub.support.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The switch of authority on a real PostgreSQL (a fresh database of the machine's server, the new
 * store's migrations): two instances, each with its rules in force, its write gate and its heartbeat,
 * and a backlog whose pending count the test sets. Each test works on a cohort of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthoritySwitchTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    MachineDatabases dbs;
    CutoverRules rules;
    CutoverState stateA;
    CutoverState stateB;
    HeldWrites writesA;
    HeldWrites writesB;
    CutoverInstances instancesA;
    CutoverInstances instancesB;
    TestBacklog backlog = new TestBacklog();
    AuthoritySwitch authoritySwitch;
    ExecutorService pool = Executors.newCachedThreadPool();

    /** Pending counts the test sets, and how often each cohort's backlog was read. */
    static final class TestBacklog implements SwitchBacklog {
        final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();
        volatile Duration oldest = Duration.ofSeconds(42);

        void set(String cohort, long n) {
            pending.computeIfAbsent(cohort, k -> new AtomicLong()).set(n);
        }

        long reads(String cohort) {
            return reads.computeIfAbsent(cohort, k -> new AtomicLong()).get();
        }

        @Override
        public Pending of(String cohort, Entity entity) {
            reads.computeIfAbsent(cohort, k -> new AtomicLong()).incrementAndGet();
            long n = entity == Entity.ORDERS ? pending.computeIfAbsent(cohort, k -> new AtomicLong()).get() : 0;
            return new Pending(n, 0, n == 0 ? Optional.empty() : Optional.of(oldest));
        }
    }

    @BeforeAll
    void start() throws Exception {
        dbs = new MachineDatabases();
        Flyway.configure().dataSource(dbs.postgres()).locations("classpath:db/newstore")
                .table("orderhub_schema_history").load().migrate();
        rules = new CutoverRules(dbs.postgres());
        RuleSet seed = RuleSetJson.read(CanonicalJson.mapper().readTree("""
                {"defaultCohort": "everyone",
                 "cohorts": [{"name": "everyone", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "DUAL_WRITE"}}],
                 "rules": []}"""));
        CutoverState.Listen listen = new CutoverState.Listen(dbs.postgres().getJdbcUrl(), dbs.postgres().getUsername(), "");
        stateA = new CutoverState(rules, seed, "test", listen, 100, new SimpleMeterRegistry());
        stateB = new CutoverState(rules, seed, "test", listen, 100, new SimpleMeterRegistry());
        writesA = new HeldWrites(stateA, LONG.toMillis());
        writesB = new HeldWrites(stateB, LONG.toMillis());
        instancesA = new CutoverInstances(dbs.postgres(), "instance-a", writesA, 50);
        instancesB = new CutoverInstances(dbs.postgres(), "instance-b", writesB, 50);
        authoritySwitch = new AuthoritySwitch(rules, stateA, instancesA, () -> backlog, 20);
        await().atMost(LONG).until(() -> instancesA.live().size() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        pool.shutdownNow();
        instancesA.close();
        instancesB.close();
        stateA.close();
        stateB.close();
        dbs.close();
    }

    /** A cohort of the test's own: the requests of store {@code name}, ORDERS in {@code orders}. */
    private long addCohort(String name, Phase orders) throws Exception {
        Map<Entity, Phase> phases = new EnumMap<>(Entity.class);
        phases.put(Entity.ORDERS, orders);
        phases.put(Entity.MEMBERS, Phase.DUAL_WRITE);
        CutoverRules.Version v = rules.update(rs -> {
            List<Cohort> cohorts = new ArrayList<>(rs.cohorts());
            cohorts.add(new Cohort(name, phases));
            List<Rule> rs2 = new ArrayList<>(rs.rules());
            rs2.add(new Rule(name, name, new Rule.Match(List.of(), List.of(), List.of(), List.of(), List.of(name), Map.of()),
                    null, null));
            return new RuleSet(rs.defaultCohort(), cohorts, rs2);
        }, "test", "cohort " + name);
        inForceEverywhere(v.version());
        return v.version();
    }

    private void inForceEverywhere(long version) {
        await().atMost(LONG).until(() -> stateA.version() >= version && stateB.version() >= version);
    }

    private static RequestFacts facts(String store) {
        return new RequestFacts(null, null, "SubmitOrder", null, store, null, Map.of());
    }

    private static boolean held(CutoverState s, String cohort) {
        return s.decider().rules().cohort(cohort).orElseThrow().held(Entity.ORDERS);
    }

    private CompletableFuture<ObjectResult> switchAsync(String cohort, Phase to, Duration maxWait) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new ObjectResult(authoritySwitch.switchPhase(
                        new AuthoritySwitch.Request(cohort, Entity.ORDERS, to, "test switch of " + cohort, false, maxWait), "alice"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }

    record ObjectResult(JsonNode out) {
    }

    private JsonNode journal(String kind, long version) throws Exception {
        try (java.sql.Connection c = dbs.postgres().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT detail::text FROM cutover_journal WHERE kind = ? AND version = ?")) {
            ps.setString(1, kind);
            ps.setLong(2, version);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("journal " + kind + " of version " + version).isTrue();
                return CanonicalJson.mapper().readTree(rs.getString(1));
            }
        }
    }

    @Test
    void aBacklogThatDrainsInTimeIsSwitchedAndHeldWritesProceedUnderTheNewPhase() throws Exception {
        long v0 = addCohort("c1", Phase.SHADOW);
        backlog.set("c1", 3);
        CompletableFuture<ObjectResult> sw = switchAsync("c1", Phase.LIVE, LONG);
        await().atMost(LONG).until(() -> held(stateA, "c1") && held(stateB, "c1"));
        // writes of the cohort on both instances, concurrently, while it is held
        List<CompletableFuture<WriteGate.Admission>> writes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HeldWrites gate = i % 2 == 0 ? writesA : writesB;
            writes.add(CompletableFuture.supplyAsync(() -> gate.admit(facts("c1"), Entity.ORDERS), pool));
        }
        // a write of another cohort is not held
        try (WriteGate.Admission other = writesB.admit(facts("elsewhere"), Entity.ORDERS)) {
            assertThat(other.decision().cohort()).isEqualTo("everyone");
        }
        await().atMost(LONG).until(() -> backlog.reads("c1") > 0);
        backlog.set("c1", 0);

        JsonNode out = sw.get(LONG.toSeconds(), TimeUnit.SECONDS).out();
        long switched = out.get("version").asLong();
        assertThat(switched).isEqualTo(v0 + 2);
        for (CompletableFuture<WriteGate.Admission> w : writes) {
            try (WriteGate.Admission a = w.get(LONG.toSeconds(), TimeUnit.SECONDS)) {
                assertThat(a.decision().phase(Entity.ORDERS)).isEqualTo(Phase.LIVE);
                assertThat(a.decision().rulesVersion()).isGreaterThanOrEqualTo(switched);
            }
        }
        // the hold was set, then released with the new phase
        Cohort hold = rules.version(v0 + 1).orElseThrow().rules().cohort("c1").orElseThrow();
        assertThat(hold.holds()).containsExactly(Entity.ORDERS);
        assertThat(hold.phase(Entity.ORDERS)).isEqualTo(Phase.SHADOW);
        Cohort after = rules.version(switched).orElseThrow().rules().cohort("c1").orElseThrow();
        assertThat(after.holds()).isEmpty();
        assertThat(after.phase(Entity.ORDERS)).isEqualTo(Phase.LIVE);
        assertThat(after.phase(Entity.ORDERS).secondary()).contains(Store.OLD);
        // the journal: who, why, the steps and the backlog waited for
        JsonNode j = journal("switch", switched);
        assertThat(j.get("reason").asText()).isEqualTo("test switch of c1");
        assertThat(j.get("steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        assertThat(j.at("/backlogWaitedFor/pending").asLong()).isEqualTo(3);
        assertThat(j.at("/backlogWaitedFor/each/0/oldestSeconds").asDouble()).isEqualTo(42.0);
        assertThat(j.get("switches").get(0).get("from").asText()).isEqualTo("SHADOW");
        assertThat(Sql.count(dbs.postgres(), "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'switch' AND author = 'alice'"
                + " AND version = ?", switched)).isEqualTo(1);
    }

    @Test
    void aBacklogThatDoesNotDrainIsRefusedNamingItAndTheHoldIsReleased() throws Exception {
        long v0 = addCohort("c2", Phase.SHADOW);
        backlog.set("c2", 5);
        assertThatThrownBy(() -> authoritySwitch.switchPhase(new AuthoritySwitch.Request("c2", Entity.ORDERS, Phase.LIVE,
                "too early", false, Duration.ofSeconds(1)), "alice"))
                .isInstanceOfSatisfying(SwitchRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo("cutover-backlog-not-drained");
                    assertThat(e.getMessage()).contains("c2 ORDERS: 5 pending, oldest 42.0 s old");
                    assertThat(e.facts().at("/backlog/pending").asLong()).isEqualTo(5);
                    assertThat(e.facts().at("/backlog/each/0/oldestSeconds").asDouble()).isEqualTo(42.0);
                });
        CutoverRules.Version now = rules.current().orElseThrow();
        assertThat(now.version()).isEqualTo(v0 + 2);
        assertThat(rules.version(v0 + 1).orElseThrow().rules().cohort("c2").orElseThrow().holds()).containsExactly(Entity.ORDERS);
        Cohort c2 = now.rules().cohort("c2").orElseThrow();
        assertThat(c2.phase(Entity.ORDERS)).isEqualTo(Phase.SHADOW);
        assertThat(now.rules().anyHeld()).isFalse();
        assertThat(journal("switch-refused", v0 + 2).get("refused").asText()).contains("5 pending");
        inForceEverywhere(v0 + 2);
        try (WriteGate.Admission a = writesB.admit(facts("c2"), Entity.ORDERS)) {
            assertThat(a.decision().phase(Entity.ORDERS)).isEqualTo(Phase.SHADOW);
        }
        backlog.set("c2", 0);
    }

    @Test
    void aDryRunAnswersTheStepsBacklogAndInstancesAndChangesNothing() throws Exception {
        addCohort("c3", Phase.SHADOW);
        backlog.set("c3", 2);
        long before = rules.currentVersion();
        long journalBefore = Sql.count(dbs.postgres(), "SELECT COUNT(*) FROM cutover_journal WHERE id > ?", 0L);
        JsonNode out = authoritySwitch.switchPhase(new AuthoritySwitch.Request("c3", Entity.ORDERS, Phase.LIVE, "look first",
                true, Duration.ofSeconds(10)), "alice");
        assertThat(rules.currentVersion()).isEqualTo(before);
        assertThat(Sql.count(dbs.postgres(), "SELECT COUNT(*) FROM cutover_journal WHERE id > ?", 0L)).isEqualTo(journalBefore);
        assertThat(out.get("dryRun").asBoolean()).isTrue();
        assertThat(out.get("crossesAuthority").asBoolean()).isTrue();
        assertThat(out.get("currentVersion").asLong()).isEqualTo(before);
        assertThat(out.get("steps").findValuesAsText("step")).containsExactly("hold", "instances", "drain", "switch");
        assertThat(out.at("/backlog/pending").asLong()).isEqualTo(2);
        assertThat(out.get("instances").findValuesAsText("id")).contains("instance-a", "instance-b");
        assertThat(stateA.decider().rules().cohort("c3").orElseThrow().phase(Entity.ORDERS)).isEqualTo(Phase.SHADOW);
        backlog.set("c3", 0);
    }

    @Test
    void anAdmittedWriteInFlightDelaysTheDrainUntilItIsDone() throws Exception {
        addCohort("c4", Phase.SHADOW);
        backlog.set("c4", 0);
        WriteGate.Admission open = writesA.admit(facts("c4"), Entity.ORDERS);
        assertThat(open.decision().phase(Entity.ORDERS)).isEqualTo(Phase.SHADOW);
        CompletableFuture<ObjectResult> sw = switchAsync("c4", Phase.LIVE, LONG);
        await().atMost(LONG).until(() -> held(stateA, "c4") && held(stateB, "c4"));
        long holdVersion = stateA.version();
        // instance A reports the holding version with the write still in flight
        await().atMost(LONG).until(() -> instancesA.live().stream().anyMatch(i -> i.id().equals("instance-a")
                && i.seenVersion() >= holdVersion && i.inFlight() == 1));
        assertThat(writesA.inFlight("c4", Entity.ORDERS)).isEqualTo(1);
        // so the switch has not got to the drain
        assertThat(backlog.reads("c4")).isZero();
        assertThat(sw).isNotDone();
        open.close();
        JsonNode out = sw.get(LONG.toSeconds(), TimeUnit.SECONDS).out();
        assertThat(backlog.reads("c4")).isPositive();
        assertThat(rules.version(out.get("version").asLong()).orElseThrow().rules().cohort("c4").orElseThrow()
                .phase(Entity.ORDERS)).isEqualTo(Phase.LIVE);
    }

    @Test
    void aRollbackAcrossTheBoundaryDrainsFirstAndIsRefusedIfItCannot() throws Exception {
        long before = rules.currentVersion();
        long live = addCohort("c5", Phase.LIVE);
        backlog.set("c5", 4);
        assertThatThrownBy(() -> authoritySwitch.rollback(before, "bob", "back", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(SwitchRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.facts().at("/backlog/pending").asLong()).isEqualTo(4);
                });
        CutoverRules.Version now = rules.current().orElseThrow();
        assertThat(now.version()).isEqualTo(live + 2);
        assertThat(now.rules().cohort("c5").orElseThrow().phase(Entity.ORDERS)).isEqualTo(Phase.LIVE);
        assertThat(now.rules().anyHeld()).isFalse();

        long readsBefore = backlog.reads("c5");
        CompletableFuture<JsonNode> rb = CompletableFuture.supplyAsync(() -> {
            try {
                return authoritySwitch.rollback(before, "bob", "back", LONG);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        await().atMost(LONG).until(() -> backlog.reads("c5") > readsBefore);
        backlog.set("c5", 0);
        JsonNode out = rb.get(LONG.toSeconds(), TimeUnit.SECONDS);
        long v = out.get("version").asLong();
        assertThat(out.get("rollbackOf").asLong()).isEqualTo(before);
        CutoverRules.Version rolled = rules.version(v).orElseThrow();
        assertThat(rolled.rollbackOf()).isEqualTo(before);
        assertThat(rolled.rules()).isEqualTo(rules.version(before).orElseThrow().rules());
        assertThat(rolled.rules().cohort("c5")).isEmpty();
        assertThat(rules.version(v - 1).orElseThrow().rules().cohort("c5").orElseThrow().holds()).containsExactly(Entity.ORDERS);
        assertThat(journal("switch", v).at("/backlogWaitedFor/pending").asLong()).isEqualTo(4);
    }

    @Test
    void withoutABacklogTheSwitchIsUnavailableAndChangesNothing() throws Exception {
        addCohort("c6", Phase.SHADOW);
        long before = rules.currentVersion();
        AuthoritySwitch blind = new AuthoritySwitch(rules, stateA, instancesA, () -> null, 20);
        assertThatThrownBy(() -> blind.switchPhase(new AuthoritySwitch.Request("c6", Entity.ORDERS, Phase.LIVE, "no backlog",
                false, Duration.ofSeconds(1)), "alice"))
                .isInstanceOfSatisfying(SwitchRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("cutover-backlog-unavailable");
                });
        assertThat(rules.currentVersion()).isEqualTo(before);
    }

    @Test
    void aHeldWriteWaitsBoundedAndAHoldLeftBehindIsReleasedBySwitchingToTheSamePhase() throws Exception {
        addCohort("c7", Phase.SHADOW);
        // a switch that died after its hold
        CutoverRules.Version hold = rules.update(rs -> rs.withCohort("c7", c -> c.withHold(Entity.ORDERS, true)),
                "crashed", "hold");
        inForceEverywhere(hold.version());
        HeldWrites impatient = new HeldWrites(stateB, 100);
        assertThatThrownBy(() -> impatient.admit(facts("c7"), Entity.ORDERS))
                .isInstanceOf(CutoverUnavailableException.class).hasMessageContaining("held");
        // meanwhile: no other switch, no rules change clearing it
        assertThatThrownBy(() -> authoritySwitch.switchPhase(new AuthoritySwitch.Request("c7", Entity.ORDERS, Phase.LIVE,
                "x", false, Duration.ofSeconds(1)), "alice"))
                .isInstanceOfSatisfying(SwitchRefusedException.class, e -> assertThat(e.type()).isEqualTo("cutover-switch-in-progress"));
        assertThatThrownBy(() -> rules.change(rules.current().orElseThrow().rules().withoutHolds(), "alice", "clear", null))
                .isInstanceOf(InvalidRulesException.class);
        assertThatThrownBy(() -> rules.rollback(1, "alice", "back"))
                .isInstanceOf(SwitchRefusedException.class);
        JsonNode out = authoritySwitch.switchPhase(new AuthoritySwitch.Request("c7", Entity.ORDERS, Phase.SHADOW, "release",
                false, Duration.ofSeconds(1)), "alice");
        inForceEverywhere(out.get("version").asLong());
        assertThat(rules.current().orElseThrow().rules().anyHeld()).isFalse();
        try (WriteGate.Admission a = impatient.admit(facts("c7"), Entity.ORDERS)) {
            assertThat(a.decision().phase(Entity.ORDERS)).isEqualTo(Phase.SHADOW);
        }
    }

    @Test
    void aPhaseChangeOnOneSideOfTheBoundaryIsAPlainChangeWithoutHoldOrDrain() throws Exception {
        long v0 = addCohort("c8", Phase.LIVE);
        backlog.set("c8", 9);
        JsonNode out = authoritySwitch.switchPhase(new AuthoritySwitch.Request("c8", Entity.ORDERS, Phase.RAMPDOWN,
                "stop shadow reads", false, Duration.ofSeconds(1)), "alice");
        assertThat(out.get("crossesAuthority").asBoolean()).isFalse();
        assertThat(out.get("version").asLong()).isEqualTo(v0 + 1);
        assertThat(rules.current().orElseThrow().rules().cohort("c8").orElseThrow().phase(Entity.ORDERS)).isEqualTo(Phase.RAMPDOWN);
        assertThat(backlog.reads("c8")).isZero();
        assertThat(Sql.count(dbs.postgres(), "SELECT COUNT(*) FROM cutover_journal WHERE kind = 'switch' AND version = ?", v0 + 1))
                .isZero();
        backlog.set("c8", 0);
    }

}
