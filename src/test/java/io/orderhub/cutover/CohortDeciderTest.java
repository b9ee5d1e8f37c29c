package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.canonical.CanonicalJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gray-release decision, rule by rule: first match wins, the default takes the rest. */
class CohortDeciderTest {

    static RuleSet rules(String json) throws Exception {
        return RuleSetJson.read(CanonicalJson.mapper().readTree(json.replace('\'', '"')));
    }

    static RequestFacts facts(String source, String channel, String function, String region, String store,
                              String member, Map<String, String> headers) {
        return new RequestFacts(source, channel, function, region, store, member, headers);
    }

    static final String COHORTS = """
            'defaultCohort': 'everyone',
            'cohorts': [
              {'name': 'everyone', 'phases': {'ORDERS': 'DUAL_WRITE', 'MEMBERS': 'OFF'}},
              {'name': 'members-new', 'phases': {'ORDERS': 'DUAL_WRITE', 'MEMBERS': 'LIVE'}},
              {'name': 'gd-shadow', 'phases': {'ORDERS': 'SHADOW', 'MEMBERS': 'DUAL_WRITE'}},
              {'name': 'canary', 'phases': {'ORDERS': 'LIVE', 'MEMBERS': 'LIVE'}}
            ]""";

    @Test
    void oneRuleServesQueryMemberFromTheNewStoreWhileSubmitOrderStillWritesOldFirstForTheSameStore() throws Exception {
        CohortDecider d = new CohortDecider(7, rules("{" + COHORTS + """
                , 'rules': [{'id': 'query-member-new', 'cohort': 'members-new',
                             'match': {'functions': ['QueryMember'], 'storeCodes': ['S0001']}}]}"""));

        Decision query = d.decide(facts("POS-GD", "pos", "QueryMember", "440106", "S0001", "M1", Map.of()));
        Decision submit = d.decide(facts("POS-GD", "pos", "SubmitOrder", "440106", "S0001", "M1", Map.of()));

        assertThat(query.cohort()).isEqualTo("members-new");
        assertThat(query.ruleId()).isEqualTo("query-member-new");
        assertThat(query.rulesVersion()).isEqualTo(7);
        assertThat(query.phase(Entity.MEMBERS).reads()).isEqualTo(Store.NEW);
        assertThat(submit.cohort()).isEqualTo("everyone");
        assertThat(submit.ruleId()).isNull();
        assertThat(submit.phase(Entity.ORDERS).authority()).isEqualTo(Store.OLD);
        assertThat(submit.phase(Entity.ORDERS).secondary()).contains(Store.NEW);
    }

    @Test
    void regionCodesMatchByGbT2260Prefix() throws Exception {
        CohortDecider d = new CohortDecider(1, rules("{" + COHORTS + """
                , 'rules': [{'id': 'guangzhou', 'cohort': 'canary', 'match': {'regionCodes': ['4401']}},
                            {'id': 'guangdong', 'cohort': 'gd-shadow', 'match': {'regionCodes': ['44']}}]}"""));

        assertThat(d.decide(facts(null, null, null, "440106", null, null, Map.of())).ruleId()).isEqualTo("guangzhou");
        assertThat(d.decide(facts(null, null, null, "440305", null, null, Map.of())).ruleId()).isEqualTo("guangdong");
        // 4 is no prefix of 44 rules; 11 is Beijing; no region at all matches no region rule
        assertThat(d.decide(facts(null, null, null, "110105", null, null, Map.of())).cohort()).isEqualTo("everyone");
        assertThat(d.decide(facts(null, null, null, null, null, null, Map.of())).cohort()).isEqualTo("everyone");
    }

    @Test
    void everyDimensionARuleNamesMustMatchAndAnyValueOfOneWill() throws Exception {
        CohortDecider d = new CohortDecider(1, rules("{" + COHORTS + """
                , 'rules': [{'id': 'tmall-jd-orders', 'cohort': 'canary',
                             'match': {'channels': ['tmall', 'jd'], 'functions': ['channel.poll'],
                                       'sourceSystems': ['taobao', 'jd'], 'storeCodes': ['tmall-flagship-01', 'jd-01']}}]}"""));

        assertThat(d.decide(facts("taobao", "tmall", "channel.poll", null, "tmall-flagship-01", null, Map.of())).cohort())
                .isEqualTo("canary");
        assertThat(d.decide(facts("jd", "jd", "channel.poll", null, "jd-01", null, Map.of())).cohort())
                .isEqualTo("canary");
        // one dimension off (a webhook, not a poll) and the rule does not match
        assertThat(d.decide(facts("taobao", "tmall", "channel.webhook", null, "tmall-flagship-01", null, Map.of())).cohort())
                .isEqualTo("everyone");
        assertThat(d.decide(facts("taobao", "tmall", "channel.poll", null, "other-shop", null, Map.of())).cohort())
                .isEqualTo("everyone");
    }

    @Test
    void headersMatchByNameWithoutCaseAndByAllowedValue() throws Exception {
        CohortDecider d = new CohortDecider(1, rules("{" + COHORTS + """
                , 'rules': [{'id': 'canary-header', 'cohort': 'canary',
                             'match': {'headers': {'X-Orderhub-Canary': ['1', 'yes']}}}]}"""));

        assertThat(d.decide(facts(null, null, null, null, null, null, Map.of("x-orderhub-canary", "yes"))).cohort())
                .isEqualTo("canary");
        assertThat(d.decide(facts(null, null, null, null, null, null, Map.of("X-ORDERHUB-CANARY", "1"))).cohort())
                .isEqualTo("canary");
        assertThat(d.decide(facts(null, null, null, null, null, null, Map.of("X-Orderhub-Canary", "no"))).cohort())
                .isEqualTo("everyone");
        assertThat(d.decide(facts(null, null, null, null, null, null, Map.of())).cohort()).isEqualTo("everyone");
    }

    @Test
    void theFirstMatchingRuleWinsInListOrder() throws Exception {
        String two = """
                {'id': 'a', 'cohort': 'canary', 'match': {'storeCodes': ['S1']}},
                {'id': 'b', 'cohort': 'gd-shadow', 'match': {'regionCodes': ['44']}}""";
        String swapped = """
                {'id': 'b', 'cohort': 'gd-shadow', 'match': {'regionCodes': ['44']}},
                {'id': 'a', 'cohort': 'canary', 'match': {'storeCodes': ['S1']}}""";
        RequestFacts both = facts(null, null, null, "440106", "S1", null, Map.of());

        assertThat(new CohortDecider(1, rules("{" + COHORTS + ", 'rules': [" + two + "]}")).decide(both).ruleId())
                .isEqualTo("a");
        assertThat(new CohortDecider(1, rules("{" + COHORTS + ", 'rules': [" + swapped + "]}")).decide(both).ruleId())
                .isEqualTo("b");
    }

    @Test
    void aPercentageHashesTheMemberIdElseTheStoreCodeAndLetsNoKeylessRequestIn() throws Exception {
        CohortDecider d = new CohortDecider(1, rules("{" + COHORTS + """
                , 'rules': [{'id': 'half', 'cohort': 'canary', 'percent': 50, 'salt': 's'}]}"""));
        Rule half = d.rules().rules().get(0);
        // a member id that is in and a store code that is out, by the bucket (its own hash), and the reverse
        String memberIn = firstKey(half, true, "M");
        String storeOut = firstKey(half, false, "S");

        // the member id decides when there is one, whatever the store
        assertThat(d.decide(facts(null, null, null, null, storeOut, memberIn, Map.of())).cohort()).isEqualTo("canary");
        // without a member, the store code is the key
        assertThat(d.decide(facts(null, null, null, null, storeOut, null, Map.of())).cohort()).isEqualTo("everyone");
        assertThat(d.decide(facts(null, null, null, null, memberIn, null, Map.of())).cohort()).isEqualTo("canary");
        // no key: never inside a partial percentage
        assertThat(d.decide(facts(null, null, null, null, null, null, Map.of())).cohort()).isEqualTo("everyone");
    }

    @Test
    void zeroLetsNoneInAndOneHundredLetsAllInEvenWithoutAKey() throws Exception {
        CohortDecider none = new CohortDecider(1, rules("{" + COHORTS + ", 'rules': [{'id': 'z', 'cohort': 'canary', 'percent': 0}]}"));
        CohortDecider all = new CohortDecider(1, rules("{" + COHORTS + ", 'rules': [{'id': 'h', 'cohort': 'canary', 'percent': 100}]}"));
        for (int i = 0; i < 200; i++) {
            RequestFacts f = facts(null, null, null, null, "S" + i, "M" + i, Map.of());
            assertThat(none.decide(f).cohort()).isEqualTo("everyone");
            assertThat(all.decide(f).cohort()).isEqualTo("canary");
        }
        assertThat(all.decide(facts(null, null, null, null, null, null, Map.of())).cohort()).isEqualTo("canary");
    }

    @Test
    void theBucketIsMurmur3OfTheKeySeededWithTheSaltsHash() {
        // worked by hand from published vectors: an empty salt hashes to murmur3("", 0) = 0, so the seed is 0
        // and the bucket is murmur3("abc", 0) = 0xB3DD93FA = 3017643002, mod 10000
        assertThat(Rule.bucket("", "abc")).isEqualTo(3002);
    }

    private static String firstKey(Rule rule, boolean in, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if ((rule.bucket(k) < rule.basisPoints()) == in) {
                return k;
            }
        }
    }
}
