package io.orderhub.cutover;

/**
 * The gray-release decision, pure: the first rule that matches gives the cohort, the default cohort
 * takes the rest. Immutable; a rules change makes a new decider (see {@link CutoverState}).
 */
public final class CohortDecider {

    private final long version;
    private final RuleSet rules;

    public CohortDecider(long version, RuleSet rules) {
        this.version = version;
        this.rules = rules;
    }

    public Decision decide(RequestFacts facts) {
        for (Rule rule : rules.rules()) {
            if (rule.matches(facts)) {
                return decision(rule.cohort(), rule.id());
            }
        }
        return decision(rules.defaultCohort(), null);
    }

    private Decision decision(String cohortName, String ruleId) {
        Cohort cohort = rules.cohort(cohortName).orElseThrow(() ->
                new IllegalStateException("rules version " + version + " names no cohort " + cohortName));
        return new Decision(version, cohort.name(), ruleId, cohort.phases());
    }

    public long version() {
        return version;
    }

    public RuleSet rules() {
        return rules;
    }
}
