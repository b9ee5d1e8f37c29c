package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.canonical.CanonicalJson;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Sticky percentages, as properties over generated keys, salts and percentages: the same key always
 * lands the same way (on every instance: the rules pass through their stored JSON form), raising a
 * percentage only lets keys in, and rules with different salts pick independent keys.
 */
class StickyPercentageProperties {

    private static CohortDecider decider(String salt, BigDecimal percent) {
        String json = """
                {"defaultCohort": "rest",
                 "cohorts": [{"name": "rest", "phases": {"ORDERS": "DUAL_WRITE", "MEMBERS": "OFF"}},
                             {"name": "pilot", "phases": {"ORDERS": "LIVE", "MEMBERS": "LIVE"}}],
                 "rules": [{"id": "pct", "cohort": "pilot", "percent": %s, "salt": %s}]}"""
                .formatted(percent.toPlainString(), CanonicalJson.mapper().valueToTree(salt).toString());
        try {
            // through the stored form and back, as every instance reads the rules
            RuleSet read = RuleSetJson.read(CanonicalJson.mapper().readTree(json));
            return new CohortDecider(1, RuleSetJson.read(RuleSetJson.write(read)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean in(CohortDecider d, String member, String store) {
        return d.decide(new RequestFacts(null, null, null, null, store, member, Map.of())).cohort().equals("pilot");
    }

    @Provide
    Arbitrary<BigDecimal> percentages() {
        return Arbitraries.integers().between(0, 10_000).map(bp -> BigDecimal.valueOf(bp, 2));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(19),
                Arbitraries.strings().withCharRange('A', 'Z').numeric().ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()));
    }

    @Provide
    Arbitrary<String> salts() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(32).filter(s -> !s.isBlank());
    }

    @Property
    void theSameKeyAlwaysGetsTheSameCohort(@ForAll("keys") String key, @ForAll("salts") String salt,
                                           @ForAll("percentages") BigDecimal percent) {
        boolean first = in(decider(salt, percent), key, null);
        // a second, independently built decider (another instance, a later reload) decides the same
        assertThat(in(decider(salt, percent), key, null)).isEqualTo(first);
        // and the store code, when it is the key, lands exactly as the same member id would
        assertThat(in(decider(salt, percent), null, key)).isEqualTo(first);
    }

    @Property
    void raisingAPercentageOnlyAddsKeys(@ForAll("keys") String key, @ForAll("salts") String salt,
                                        @ForAll("percentages") BigDecimal a, @ForAll("percentages") BigDecimal b) {
        BigDecimal p1 = a.min(b);
        BigDecimal p2 = a.max(b);
        if (in(decider(salt, p1), key, null)) {
            assertThat(in(decider(salt, p2), key, null)).as("in at %s%%, so in at %s%%", p1, p2).isTrue();
        }
    }

    @Property(tries = 100)
    void aPercentageLetsInAboutThatShareOfKeys(@ForAll("salts") String salt, @ForAll("percentages") BigDecimal percent) {
        CohortDecider d = decider(salt, percent);
        int n = 4_000;
        int inside = 0;
        for (int i = 0; i < n; i++) {
            if (in(d, "M" + i, null)) {
                inside++;
            }
        }
        // binomial: 5 standard deviations at worst (p = 50 %) is ±4 points on 4000 keys
        assertThat(inside * 100.0 / n).isCloseTo(percent.doubleValue(), org.assertj.core.data.Offset.offset(4.0));
    }

    @Property(tries = 100)
    void theSaltSeparatesRules(@ForAll("salts") String saltA, @ForAll("salts") String saltB) {
        Assume.that(!saltA.equals(saltB));
        CohortDecider a = decider(saltA, BigDecimal.valueOf(50));
        CohortDecider b = decider(saltB, BigDecimal.valueOf(50));
        int n = 4_000;
        Set<Integer> inA = new HashSet<>();
        int both = 0;
        for (int i = 0; i < n; i++) {
            boolean x = in(a, "M" + i, null);
            boolean y = in(b, "M" + i, null);
            if (x) {
                inA.add(i);
            }
            if (x && y) {
                both++;
            }
        }
        // independent halves share about a quarter of the keys (same salt: a half); ±5 standard deviations
        assertThat(both * 100.0 / n).as("keys in both 50 percent rules").isCloseTo(25.0, org.assertj.core.data.Offset.offset(3.5));
        assertThat(inA).isNotEmpty();
    }
}
