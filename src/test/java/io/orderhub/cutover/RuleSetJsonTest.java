package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every problem of a rule set is named by its field; the JSON form reads back to the same rules. */
class RuleSetJsonTest {

    private static final String GOOD = """
            {'defaultCohort': 'everyone',
             'cohorts': [{'name': 'everyone', 'phases': {'ORDERS': 'DUAL_WRITE', 'MEMBERS': 'OFF'}},
                         {'name': 'pilot', 'phases': {'ORDERS': 'SHADOW', 'MEMBERS': 'OFF'}}],
             'rules': [{'id': 'gd', 'cohort': 'pilot', 'match': {'regionCodes': ['44'], 'functions': ['SubmitOrder'],
                        'headers': {'X-Canary': ['1']}}, 'percent': 12.5, 'salt': 'gd-2026'}]}""";

    static com.fasterxml.jackson.databind.JsonNode json(String s) throws Exception {
        return CanonicalJson.mapper().readTree(s.replace('\'', '"'));
    }

    private static InvalidRulesException refused(String s) throws Exception {
        var node = json(s);
        try {
            RuleSetJson.read(node);
        } catch (InvalidRulesException e) {
            return e;
        }
        throw new AssertionError("accepted: " + s);
    }

    @Test
    void aValidSetReadsBackFromItsJsonUnchanged() throws Exception {
        RuleSet set = RuleSetJson.read(json(GOOD));
        assertThat(set.rules().get(0).percent()).isEqualByComparingTo("12.5");
        assertThat(set.rules().get(0).basisPoints()).isEqualTo(1250);
        assertThat(RuleSetJson.read(RuleSetJson.write(set))).isEqualTo(set);
    }

    @Test
    void unknownPhaseAndUnknownEntityAreNamed() throws Exception {
        InvalidRulesException e = refused(GOOD.replace("'SHADOW'", "'HALF_LIVE'").replace("'MEMBERS': 'OFF'}},", "'MEMBERS': 'OFF', 'COUPONS': 'OFF'}},"));
        assertThat(e.malformed()).isFalse();
        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("cohorts[1].phases.ORDERS", "cohorts[0].phases.COUPONS");
        assertThat(e.errors().get(0).reason() + e.errors().get(1).reason()).contains("unknown phase HALF_LIVE", "unknown entity");
    }

    @Test
    void duplicateRuleIdsAreNamedWithTheFirstOne() throws Exception {
        InvalidRulesException e = refused(GOOD.replace("'rules': [", "'rules': [{'id': 'gd', 'cohort': 'everyone'}, "));
        assertThat(e.errors()).containsExactly(new FieldError("rules[1].id", "duplicate rule id gd (also rules[0])"));
    }

    @Test
    void aPercentageOutsideZeroToHundredOrFinerThanABucketIsNamed() throws Exception {
        assertThat(refused(GOOD.replace("12.5", "100.01")).errors()).extracting(FieldError::field).containsExactly("rules[0].percent");
        assertThat(refused(GOOD.replace("12.5", "-1")).errors()).extracting(FieldError::field).containsExactly("rules[0].percent");
        assertThat(refused(GOOD.replace("12.5", "12.505")).errors()).extracting(FieldError::field).containsExactly("rules[0].percent");
        InvalidRulesException text = refused(GOOD.replace("12.5", "'12.5'"));
        assertThat(text.malformed()).isTrue();
        assertThat(text.errors()).extracting(FieldError::field).containsExactly("rules[0].percent");
    }

    @Test
    void aCohortWithoutPhasesOrMissingAnEntityIsNamed() throws Exception {
        assertThat(refused(GOOD.replace("'phases': {'ORDERS': 'SHADOW', 'MEMBERS': 'OFF'}", "'phases': {}")).errors())
                .extracting(FieldError::field).containsExactly("cohorts[1].phases");
        assertThat(refused(GOOD.replace("{'name': 'pilot', 'phases': {'ORDERS': 'SHADOW', 'MEMBERS': 'OFF'}}", "{'name': 'pilot'}")).errors())
                .extracting(FieldError::field).containsExactly("cohorts[1].phases");
        assertThat(refused(GOOD.replace("'ORDERS': 'SHADOW', 'MEMBERS': 'OFF'", "'ORDERS': 'SHADOW'")).errors())
                .extracting(FieldError::field).containsExactly("cohorts[1].phases.MEMBERS");
    }

    @Test
    void referencesToCohortsFunctionsAndRegionsAreChecked() throws Exception {
        InvalidRulesException e = refused(GOOD.replace("'cohort': 'pilot'", "'cohort': 'pilots'")
                .replace("'SubmitOrder'", "'SubmitOrders'").replace("['44']", "['4']")
                .replace("'defaultCohort': 'everyone'", "'defaultCohort': 'all'"));
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("defaultCohort", "rules[0].cohort",
                "rules[0].match.functions[0]", "rules[0].match.regionCodes[0]");
    }

    @Test
    void duplicateCohortsUnknownFieldsAndWrongTypesAreNamed() throws Exception {
        assertThat(refused(GOOD.replace("'name': 'pilot'", "'name': 'everyone'")).errors())
                .extracting(FieldError::field).contains("cohorts[1].name");
        InvalidRulesException unknown = refused(GOOD.replace("'salt': 'gd-2026'", "'salt': 'gd-2026', 'weight': 3"));
        assertThat(unknown.malformed()).isTrue();
        assertThat(unknown.errors()).extracting(FieldError::field).containsExactly("rules[0].weight");
        assertThat(refused(GOOD.replace("['44']", "'44'")).errors()).extracting(FieldError::field)
                .containsExactly("rules[0].match.regionCodes");
        assertThat(refused("[]").malformed()).isTrue();
    }

    @Test
    void theSeedFileIsAValidRuleSetWithOrdersAndMembersInDualWrite() {
        RuleSet seed = CutoverConfiguration.readSeed(new org.springframework.core.io.FileSystemResource("config/cutover.yaml"),
                "config/cutover.yaml");
        Decision d = new CohortDecider(1, seed).decide(new RequestFacts("POS-GD", "pos", "SubmitOrder", "440106", "S1", "M1", java.util.Map.of()));
        assertThat(d.cohort()).isEqualTo(seed.defaultCohort());
        assertThat(d.phase(Entity.ORDERS)).isEqualTo(Phase.DUAL_WRITE);
        assertThat(d.phase(Entity.MEMBERS)).isEqualTo(Phase.DUAL_WRITE);
        assertThat(seed.rules()).isEqualTo(List.of());
    }

    @Test
    void anUnquotedOffInYamlIsNamedNotTakenForAPhase() {
        assertThatThrownBy(() -> RuleSetJson.read(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree("""
                defaultCohort: a
                cohorts:
                  - name: a
                    phases: {ORDERS: OFF, MEMBERS: "OFF"}
                """))).isInstanceOf(InvalidRulesException.class).hasMessageContaining("cohorts[0].phases.ORDERS");
    }
}
