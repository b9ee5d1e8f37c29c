package io.orderhub.cutover;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

    /** This rule set with the cohort named {@code name} replaced by {@code edit} of it. */
    public RuleSet withCohort(String name, UnaryOperator<Cohort> edit) {
        return new RuleSet(defaultCohort, cohorts.stream().map(c -> c.name().equals(name) ? edit.apply(c) : c).toList(),
                rules);
    }

    /** True when some cohort holds some entity (a switch of authority is in progress). */
    public boolean anyHeld() {
        return cohorts.stream().anyMatch(c -> !c.holds().isEmpty());
    }

    /** This rule set with every hold released. */
    public RuleSet withoutHolds() {
        return new RuleSet(defaultCohort, cohorts.stream().map(c -> new Cohort(c.name(), c.phases())).toList(), rules);
    }
}
