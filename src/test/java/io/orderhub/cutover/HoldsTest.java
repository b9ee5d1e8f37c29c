package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Holds as data: read, checked, written back, diffed; kept by rules changes; crossings found. */
class HoldsTest {

    static final String HELD = """
            {'defaultCohort': 'everyone',
             'cohorts': [{'name': 'everyone', 'phases': {'ORDERS': 'DUAL_WRITE', 'MEMBERS': 'OFF'}},
                         {'name': 'pilot', 'phases': {'ORDERS': 'SHADOW', 'MEMBERS': 'OFF'}, 'holds': ['ORDERS']}],
             'rules': [{'id': 'gd', 'cohort': 'pilot', 'match': {'regionCodes': ['44']}}]}""";

    static JsonNode json(String s) throws Exception {
        return CanonicalJson.mapper().readTree(s.replace('\'', '"'));
    }

    static RuleSet read(String s) throws Exception {
        return RuleSetJson.read(json(s));
    }

    @Test
    void holdsAreReadAndWrittenBack() throws Exception {
        RuleSet set = read(HELD);
        assertThat(set.cohort("pilot").orElseThrow().holds()).containsExactly(Entity.ORDERS);
        assertThat(set.cohort("everyone").orElseThrow().holds()).isEmpty();
        assertThat(set.anyHeld()).isTrue();
        JsonNode written = RuleSetJson.write(set);
        assertThat(written.at("/cohorts/1/holds")).isEqualTo(json("['ORDERS']"));
        assertThat(RuleSetJson.read(written)).isEqualTo(set);
    }

    @Test
    void aRuleSetWithoutHoldsStaysValidAndIsWrittenWithoutThem() throws Exception {
        String old = HELD.replace(", 'holds': ['ORDERS']", "");
        RuleSet set = read(old);
        assertThat(set.anyHeld()).isFalse();
        assertThat(RuleSetJson.write(set)).isEqualTo(RuleSetJson.write(read(old)));
        assertThat(RuleSetJson.write(set).at("/cohorts/1").has("holds")).isFalse();
        assertThat(read(old.replace("'OFF'}}]", "'OFF'}, 'holds': []}]")).anyHeld()).isFalse();
        assertThat(read(HELD).withoutHolds()).isEqualTo(set);
    }

    @Test
    void badHoldsAreNamed() throws Exception {
        assertThatThrownBy(() -> read(HELD.replace("['ORDERS']", "['ORDERS', 'COUPONS', 'ORDERS']")))
                .isInstanceOfSatisfying(InvalidRulesException.class, e -> {
                    assertThat(e.malformed()).isFalse();
                    assertThat(e.errors()).extracting(FieldError::field)
                            .containsExactly("cohorts[1].holds[1]", "cohorts[1].holds[2]");
                });
        assertThatThrownBy(() -> read(HELD.replace("['ORDERS']", "'ORDERS'")))
                .isInstanceOfSatisfying(InvalidRulesException.class, e -> {
                    assertThat(e.malformed()).isTrue();
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("cohorts[1].holds");
                });
        assertThatThrownBy(() -> read(HELD.replace("['ORDERS']", "[1]")))
                .isInstanceOfSatisfying(InvalidRulesException.class, e ->
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("cohorts[1].holds[0]"));
    }

    @Test
    void theDiffShowsAHoldSetAndReleased() throws Exception {
        RuleSet held = read(HELD);
        JsonNode before = RuleSetJson.write(held.withoutHolds());
        JsonNode after = RuleSetJson.write(held);
        JsonNode changes = RuleSetDiff.of(before, after).get("changes");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("path").asText()).isEqualTo("cohorts[pilot].holds");
        assertThat(changes.get(0).get("before").isNull()).isTrue();
        assertThat(changes.get(0).get("after")).isEqualTo(json("['ORDERS']"));
        JsonNode released = RuleSetDiff.of(after, before).get("changes");
        assertThat(released.get(0).get("path").asText()).isEqualTo("cohorts[pilot].holds");
        assertThat(released.get(0).get("after").isNull()).isTrue();
    }

    @Test
    void aRulesChangeMayNeitherSetNorClearAHoldNorMoveAHeldPhase() throws Exception {
        RuleSet held = read(HELD);
        RuleSet free = held.withoutHolds();
        // setting one
        assertThatThrownBy(() -> CutoverRules.checkHoldsKept(free, held))
                .isInstanceOfSatisfying(InvalidRulesException.class, e ->
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("rules.cohorts[1].holds"));
        // clearing one
        assertThatThrownBy(() -> CutoverRules.checkHoldsKept(held, free))
                .isInstanceOfSatisfying(InvalidRulesException.class, e ->
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("rules.cohorts[1].holds"));
        // moving the held phase, hold kept
        RuleSet moved = held.withCohort("pilot", c -> c.withPhase(Entity.ORDERS, Phase.LIVE));
        assertThatThrownBy(() -> CutoverRules.checkHoldsKept(held, moved))
                .isInstanceOfSatisfying(InvalidRulesException.class, e ->
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("rules.cohorts[pilot].phases.ORDERS"));
        // anything else may change meanwhile
        CutoverRules.checkHoldsKept(held, held.withCohort("pilot", c -> c.withPhase(Entity.MEMBERS, Phase.DUAL_WRITE)));
        CutoverRules.checkHoldsKept(free, free.withCohort("pilot", c -> c.withPhase(Entity.ORDERS, Phase.LIVE)));
    }

    @Test
    void crossingsAreTheEntitiesWhoseAuthorityMoves() throws Exception {
        RuleSet live = read(HELD.replace(", 'holds': ['ORDERS']", "").replace("'SHADOW'", "'LIVE'"));
        RuleSet dual = live.withCohort("pilot", c -> c.withPhase(Entity.ORDERS, Phase.DUAL_WRITE));
        RuleSet rampdown = live.withCohort("pilot", c -> c.withPhase(Entity.ORDERS, Phase.RAMPDOWN));
        assertThat(AuthoritySwitch.crossings(live, dual).keySet())
                .containsExactly(new AuthoritySwitch.Pair("pilot", Entity.ORDERS));
        assertThat(AuthoritySwitch.crossings(live, rampdown)).isEmpty();
        // a cohort gone while the new store holds its authority: its writes move back to the old one
        RuleSet gone = new RuleSet("everyone", live.cohorts().subList(0, 1), java.util.List.of());
        assertThat(AuthoritySwitch.crossings(live, gone).keySet())
                .containsExactly(new AuthoritySwitch.Pair("pilot", Entity.ORDERS));
        assertThat(AuthoritySwitch.crossings(dual, gone)).isEmpty();
        assertThat(Set.copyOf(AuthoritySwitch.crossings(dual, live).keySet()))
                .isEqualTo(Set.of(new AuthoritySwitch.Pair("pilot", Entity.ORDERS)));
    }
}
