package io.orderhub.cutover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safe switch of authority (issue 11 item 7), after Vitess MoveTables SwitchTraffic. A phase
 * change of a cohort's entity that moves the authority between the stores
 * ({@link Phase#newIsAuthoritative()} differs) is done in four steps:
 *
 * <ol>
 *   <li><b>hold</b>: a new rules version holding the cohort's entity: its writes wait at the
 *       {@link WriteGate} ({@link HeldWrites});</li>
 *   <li><b>instances</b>: wait until every live instance ({@link CutoverInstances}) has that version in
 *       force and no admitted write of a held cohort in flight;</li>
 *   <li><b>drain</b>: wait until the cohort's secondary backlog ({@link SwitchBacklog}) is empty, so the
 *       store about to become authoritative has every write the other one took;</li>
 *   <li><b>switch</b>: a new version with the target phase and the hold released (the new phase's
 *       secondary writes, the reverse direction, start in the same version).</li>
 * </ol>
 *
 * Steps 2 and 3 together wait at most {@code maxWait}; if that is not enough the hold is released (a
 * new version, the phase unchanged) and the switch is refused (409) naming what it waited for. Each
 * switch leaves one journal entry of kind {@code switch} (or {@code switch-refused}) with who, why,
 * the steps with their versions and durations, and the backlog waited for. One switch at a time.
 * A phase change that does not cross the boundary is a plain rules change (no hold, no drain).
 */
public class AuthoritySwitch {

    private static final Logger LOG = LoggerFactory.getLogger(AuthoritySwitch.class);

    /** One cohort's entity. */
    public record Pair(String cohort, Entity entity) {
    }

    /** POST /switch. */
    public record Request(String cohort, Entity entity, Phase to, String reason, boolean dryRun, Duration maxWait) {
    }

    private final CutoverRules rules;
    private final CutoverState state;
    private final CutoverInstances instances;
    private final Supplier<SwitchBacklog> backlog;
    private final long pollMs;

    /**
     * @param backlog answers the backlog bean, or null when the application has none (the switch then
     *                refuses with 503 before changing anything)
     * @param pollMs  how often the instances and the backlog are looked at while waiting
     */
    public AuthoritySwitch(CutoverRules rules, CutoverState state, CutoverInstances instances,
                           Supplier<SwitchBacklog> backlog, long pollMs) {
        this.rules = rules;
        this.state = state;
        this.instances = instances;
        this.backlog = backlog;
        this.pollMs = Math.max(5, pollMs);
    }

    /** The switch (or, without crossing the boundary, the plain change) of one cohort's entity. */
    public ObjectNode switchPhase(Request r, String actor) throws SQLException, InterruptedException {
        CutoverRules.Version cur = rules.current().orElseThrow(() ->
                new CutoverUnavailableException("no cutover rules are stored yet"));
        Cohort cohort = cur.rules().cohort(r.cohort()).orElseThrow(() -> new InvalidRulesException(false,
                List.of(new FieldError("cohort", "names no cohort of rules version " + cur.version()))));
        Phase from = cohort.phase(r.entity());
        if (cohort.held(r.entity())) {
            if (r.to() == from && !r.dryRun()) {
                return releaseStaleHold(r, actor);
            }
            throw SwitchRefusedException.inProgress(cur.rules());
        }
        if (r.to() == from) {
            throw new InvalidRulesException(false, List.of(new FieldError("to", r.entity() + " of cohort " + r.cohort()
                    + " is in " + from + " already (rules version " + cur.version() + ")")));
        }
        String what = r.cohort() + " " + r.entity() + " " + from + " → " + r.to();
        boolean crossing = from.newIsAuthoritative() != r.to().newIsAuthoritative();
        if (!crossing) {
            if (r.dryRun()) {
                ObjectNode out = base(true, false, cur.version(), r.reason());
                out.putArray("steps").addObject().put("step", "change").put("does", "a new rules version with " + what
                        + " (does not move the authority: no hold, no drain)");
                pairsOf(out, Map.of(new Pair(r.cohort(), r.entity()), new Phase[] {from, r.to()}));
                return out;
            }
            if (cur.rules().anyHeld()) {
                throw SwitchRefusedException.inProgress(cur.rules());
            }
            CutoverRules.Version v = rules.update(rs -> {
                if (rs.anyHeld()) {
                    throw SwitchRefusedException.inProgress(rs);
                }
                return rs.withCohort(r.cohort(), c -> c.withPhase(r.entity(), r.to()));
            }, actor, r.reason() + " (" + what + ")");
            state.refresh();
            ObjectNode out = base(false, false, v.version(), r.reason());
            out.put("version", v.version());
            out.putArray("steps").addObject().put("step", "change").put("version", v.version());
            pairsOf(out, Map.of(new Pair(r.cohort(), r.entity()), new Phase[] {from, r.to()}));
            return out;
        }
        Map<Pair, Phase[]> pairs = Map.of(new Pair(r.cohort(), r.entity()), new Phase[] {from, r.to()});
        return crossing(pairs, cur, actor, r.reason(), r.dryRun(), r.maxWait(), "switch " + what,
                () -> rules.update(rs -> rs.withCohort(r.cohort(), c -> c.withPhase(r.entity(), r.to())
                        .withHold(r.entity(), false)), actor, r.reason() + " (switch " + what + ": switched, hold released)"));
    }

    /**
     * The one-call rollback to {@code target}: a plain rollback unless it moves some cohort's entity
     * across the authority boundary (its phase's authority differs in {@code target}, or the cohort is
     * gone there while the new store holds its authority now); then those are held, drained and
     * switched as one, the last step being the rollback version.
     */
    public ObjectNode rollback(long target, String actor, String reason, Duration maxWait)
            throws SQLException, InterruptedException {
        CutoverRules.Version cur = rules.current().orElseThrow(() -> new UnknownRulesVersionException(target));
        CutoverRules.Version old = rules.version(target).orElseThrow(() -> new UnknownRulesVersionException(target));
        if (cur.rules().anyHeld()) {
            throw SwitchRefusedException.inProgress(cur.rules());
        }
        Map<Pair, Phase[]> pairs = crossings(cur.rules(), old.rules());
        if (pairs.isEmpty()) {
            CutoverRules.Version v = rules.rollback(target, actor, reason);
            state.refresh();
            ObjectNode out = base(false, false, v.version(), reason);
            out.put("version", v.version());
            out.put("rollbackOf", target);
            out.set("changes", v.diff().get("changes"));
            return out;
        }
        ObjectNode out = crossing(pairs, cur, actor, reason, false, maxWait, "rollback to version " + target,
                () -> rules.rollback(target, actor, reason, true));
        out.put("rollbackOf", target);
        return out;
    }

    /** Where a move from {@code from} to {@code to} takes a cohort's entity across the boundary. */
    static Map<Pair, Phase[]> crossings(RuleSet from, RuleSet to) {
        Map<Pair, Phase[]> out = new LinkedHashMap<>();
        for (Cohort c : from.cohorts()) {
            for (Entity e : Entity.values()) {
                Phase now = c.phase(e);
                Phase then = to.cohort(c.name()).map(t -> t.phase(e)).orElse(null);
                boolean crosses = then == null ? now.newIsAuthoritative() : now.newIsAuthoritative() != then.newIsAuthoritative();
                if (crosses) {
                    out.put(new Pair(c.name(), e), new Phase[] {now, then});
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface FinalStep {
        CutoverRules.Version write() throws SQLException;
    }

    private ObjectNode crossing(Map<Pair, Phase[]> pairs, CutoverRules.Version cur, String actor, String reason,
                                boolean dryRun, Duration maxWait, String what, FinalStep last)
            throws SQLException, InterruptedException {
        SwitchBacklog drains = backlog.get();
        if (drains == null) {
            throw new SwitchRefusedException(503, "cutover-backlog-unavailable", "Secondary backlog unavailable",
                    "a switch of authority drains the secondary-write backlog first, but this hub has no backlog"
                            + " (no io.orderhub.sync.SyncBacklog bean); nothing was changed", null);
        }
        if (dryRun) {
            ObjectNode out = base(true, true, cur.version(), reason);
            pairsOf(out, pairs);
            ArrayNode steps = out.putArray("steps");
            steps.addObject().put("step", "hold").put("does", "a new rules version holding the writes of " + names(pairs));
            steps.addObject().put("step", "instances").put("does", "wait until every live instance has that version in"
                    + " force and no admitted write of a held cohort in flight");
            steps.addObject().put("step", "drain").put("does", "wait until the secondary backlog of " + names(pairs)
                    + " is empty (at most " + maxWait.toSeconds() + " s with the instances' wait; else the hold is"
                    + " released and the switch refused)");
            steps.addObject().put("step", "switch").put("does", what + ", in one new version releasing the hold");
            out.set("backlog", backlogs(drains, pairs));
            out.set("instances", instancesJson(instances.live()));
            return out;
        }
        long started = System.nanoTime();
        long deadline = started + maxWait.toNanos();
        ArrayNode steps = CanonicalJson.mapper().createArrayNode();
        CutoverRules.Version hold = rules.update(rs -> {
            if (rs.anyHeld()) {
                throw SwitchRefusedException.inProgress(rs);
            }
            RuleSet held = rs;
            for (Pair p : pairs.keySet()) {
                if (held.cohort(p.cohort()).isEmpty()) {
                    throw new SwitchRefusedException(409, "cutover-version-conflict", "Cutover rules changed meanwhile",
                            "cohort " + p.cohort() + " is gone from the current rules", null);
                }
                held = held.withCohort(p.cohort(), c -> c.withHold(p.entity(), true));
            }
            return held;
        }, actor, reason + " (" + what + ": hold writes of " + names(pairs) + ")");
        state.refresh();
        long t = System.nanoTime();
        steps.addObject().put("step", "hold").put("version", hold.version()).put("ms", ms(started, t));
        LOG.info("cutover {}: writes of {} held in version {}", what, names(pairs), hold.version());
        boolean released = false;
        try {
            // (b) every live instance holds, nothing of a held cohort in flight
            List<CutoverInstances.Instance> waiting = waitForInstances(hold.version(), deadline);
            long t2 = System.nanoTime();
            ObjectNode instStep = steps.addObject().put("step", "instances").put("ms", ms(t, t2));
            if (!waiting.isEmpty()) {
                instStep.set("notReady", instancesJson(waiting));
                SwitchRefusedException ex = refuse(pairs, actor, reason, what, steps, started, "cutover-switch-instances-not-ready",
                        "Instances did not hold in time", "not every live instance held the writes of " + names(pairs)
                                + " within " + maxWait.toSeconds() + " s: " + instancesJson(waiting)
                                + "; the hold was released and nothing switched", "instances", instancesJson(waiting));
                released = true;
                throw ex;
            }
            // (c) drain the backlog
            ObjectNode waitedFor = backlogs(drains, pairs);
            ObjectNode left = waitedFor;
            while (pendingOf(left) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(pollMs);
                left = backlogs(drains, pairs);
            }
            long t3 = System.nanoTime();
            ObjectNode drainStep = steps.addObject().put("step", "drain").put("ms", ms(t2, t3));
            drainStep.set("waitedFor", waitedFor);
            if (pendingOf(left) > 0) {
                drainStep.set("left", left);
                SwitchRefusedException ex = refuse(pairs, actor, reason, what, steps, started, "cutover-backlog-not-drained",
                        "Secondary backlog did not drain", "the secondary backlog of " + names(pairs) + " did not drain within "
                                + maxWait.toSeconds() + " s: " + describe(left) + "; the hold was released and nothing switched",
                        "backlog", left);
                released = true;
                throw ex;
            }
            // (d) the target phase, hold released
            CutoverRules.Version fin = last.write();
            released = true;
            state.refresh();
            long t4 = System.nanoTime();
            steps.addObject().put("step", "switch").put("version", fin.version()).put("ms", ms(t3, t4));
            ObjectNode detail = base(false, true, fin.version(), reason);
            detail.put("what", what);
            pairsOf(detail, pairs);
            detail.set("steps", steps);
            detail.set("backlogWaitedFor", waitedFor);
            detail.put("ms", ms(started, t4));
            rules.journal("switch", fin.version(), actor, detail);
            LOG.info("cutover {}: switched in version {} after draining {}", what, fin.version(), describe(waitedFor));
            ObjectNode out = detail.deepCopy();
            out.put("version", fin.version());
            return out;
        } finally {
            if (!released) {
                // an error on the way: never leave the writes held
                try {
                    release(pairs, actor, reason + " (" + what + " failed: hold released)");
                } catch (SQLException | RuntimeException e) {
                    LOG.error("cutover {}: the hold of {} could not be released ({}); release it with POST"
                            + " /api/admin/cutover/switch to the current phase", what, names(pairs), e.getMessage());
                }
            }
        }
    }

    private SwitchRefusedException refuse(Map<Pair, Phase[]> pairs, String actor, String reason, String what,
                                          ArrayNode steps, long started, String type, String title, String detail,
                                          String factName, com.fasterxml.jackson.databind.JsonNode fact) throws SQLException {
        CutoverRules.Version rel = release(pairs, actor, reason + " (" + what + " refused: hold released)");
        steps.addObject().put("step", "release").put("version", rel.version());
        ObjectNode journal = base(false, true, rel.version(), reason);
        journal.put("what", what);
        pairsOf(journal, pairs);
        journal.set("steps", steps);
        journal.put("refused", detail);
        journal.put("ms", ms(started, System.nanoTime()));
        rules.journal("switch-refused", rel.version(), actor, journal);
        LOG.warn("cutover {} refused: {}", what, detail);
        ObjectNode facts = CanonicalJson.mapper().createObjectNode();
        facts.set(factName, fact);
        facts.put("version", rel.version());
        facts.set("steps", steps);
        return new SwitchRefusedException(409, type, title, detail, facts);
    }

    private CutoverRules.Version release(Map<Pair, Phase[]> pairs, String actor, String reason) throws SQLException {
        CutoverRules.Version rel = rules.update(rs -> {
            RuleSet out = rs;
            for (Pair p : pairs.keySet()) {
                out = out.withCohort(p.cohort(), c -> c.withHold(p.entity(), false));
            }
            return out;
        }, actor, reason);
        state.refresh();
        return rel;
    }

    /** A hold left by a switch that died half-way: POST /switch to the current phase releases it. */
    private ObjectNode releaseStaleHold(Request r, String actor) throws SQLException {
        Map<Pair, Phase[]> pair = Map.of(new Pair(r.cohort(), r.entity()), new Phase[] {r.to(), r.to()});
        CutoverRules.Version rel = release(pair, actor, r.reason() + " (release the hold of " + r.cohort() + " "
                + r.entity() + ")");
        ObjectNode out = base(false, false, rel.version(), r.reason());
        out.put("version", rel.version());
        pairsOf(out, pair);
        out.putArray("steps").addObject().put("step", "release").put("version", rel.version());
        rules.journal("switch-release", rel.version(), actor, out);
        return out;
    }

    private List<CutoverInstances.Instance> waitForInstances(long version, long deadline)
            throws SQLException, InterruptedException {
        while (true) {
            List<CutoverInstances.Instance> waiting = new ArrayList<>();
            for (CutoverInstances.Instance i : instances.live()) {
                if (i.seenVersion() < version || i.inFlight() > 0) {
                    waiting.add(i);
                }
            }
            if (waiting.isEmpty() || System.nanoTime() >= deadline) {
                return waiting;
            }
            Thread.sleep(pollMs);
        }
    }

    private static ObjectNode backlogs(SwitchBacklog drains, Map<Pair, Phase[]> pairs) {
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        long total = 0;
        ArrayNode each = out.putArray("each");
        for (Pair p : pairs.keySet()) {
            SwitchBacklog.Pending b = drains.of(p.cohort(), p.entity());
            total += b.pending();
            ObjectNode o = each.addObject().put("cohort", p.cohort()).put("entity", p.entity().name())
                    .put("pending", b.pending()).put("deadLettered", b.deadLettered());
            o.put("oldestSeconds", b.oldest().map(d -> d.toMillis() / 1000.0).orElse(null));
        }
        out.put("pending", total);
        return out;
    }

    private static long pendingOf(ObjectNode backlog) {
        return backlog.get("pending").asLong();
    }

    private static String describe(ObjectNode backlog) {
        List<String> parts = new ArrayList<>();
        for (var o : backlog.get("each")) {
            parts.add(o.get("cohort").asText() + " " + o.get("entity").asText() + ": " + o.get("pending").asLong()
                    + " pending" + (o.get("oldestSeconds").isNull() ? "" : ", oldest " + o.get("oldestSeconds").asText() + " s old"));
        }
        return String.join("; ", parts);
    }

    private static ArrayNode instancesJson(List<CutoverInstances.Instance> list) {
        ArrayNode a = CanonicalJson.mapper().createArrayNode();
        list.forEach(i -> a.addObject().put("id", i.id()).put("seenVersion", i.seenVersion())
                .put("inFlight", i.inFlight()).put("silentMs", i.silentMs()));
        return a;
    }

    private static ObjectNode base(boolean dryRun, boolean crossing, long version, String reason) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("dryRun", dryRun);
        o.put("crossesAuthority", crossing);
        if (dryRun) {
            o.put("currentVersion", version);
        }
        o.put("reason", reason);
        return o;
    }

    private static void pairsOf(ObjectNode out, Map<Pair, Phase[]> pairs) {
        ArrayNode a = out.putArray("switches");
        pairs.forEach((p, ph) -> a.addObject().put("cohort", p.cohort()).put("entity", p.entity().name())
                .put("from", ph[0] == null ? null : ph[0].name()).put("to", ph[1] == null ? null : ph[1].name()));
    }

    private static String names(Map<Pair, Phase[]> pairs) {
        return String.join(", ", pairs.keySet().stream().map(p -> p.cohort() + " " + p.entity()).toList());
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

}
