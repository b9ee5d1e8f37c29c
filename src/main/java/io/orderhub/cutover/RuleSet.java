package io.orderhub.cutover;

import java.util.List;
import java.util.Optional;

/**
 * A whole gray-release configuration: the cohorts with their phases, the ordered rules, and the
 * cohort of every request no rule matches. Built only by {@link RuleSetJson#read}, which checks it.
 */
public record RuleSet(String defaultCohort, List<Cohort> cohorts, List<Rule> rules) {

    public RuleSet {
        cohorts = List.copyOf(cohorts);
        rules = List.copyOf(rules);
    }

    public Optional<Cohort> cohort(String name) {
        return cohorts.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
