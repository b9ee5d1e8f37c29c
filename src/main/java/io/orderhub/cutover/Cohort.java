package io.orderhub.cutover;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A named group of requests and the phase each entity is in for it. {@code holds}: the entities whose
 * writes are held for a switch of authority in progress ({@link AuthoritySwitch} sets and clears them;
 * {@link HeldWrites} makes writes wait while they are set). Usually empty.
 */
public record Cohort(String name, Map<Entity, Phase> phases, Set<Entity> holds) {

    public Cohort {
        phases = Collections.unmodifiableMap(new EnumMap<>(phases));
        holds = holds == null || holds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(holds));
    }

    /** A cohort holding nothing. */
    public Cohort(String name, Map<Entity, Phase> phases) {
        this(name, phases, Set.of());
    }

    public Phase phase(Entity entity) {
        return phases.get(entity);
    }

    public boolean held(Entity entity) {
        return holds.contains(entity);
    }

    /** This cohort with {@code entity} in {@code phase}. */
    public Cohort withPhase(Entity entity, Phase phase) {
        Map<Entity, Phase> m = new EnumMap<>(phases);
        m.put(entity, phase);
        return new Cohort(name, m, holds);
    }

    /** This cohort with {@code entity} held or not. */
    public Cohort withHold(Entity entity, boolean held) {
        Set<Entity> h = holds.isEmpty() ? EnumSet.noneOf(Entity.class) : EnumSet.copyOf(holds);
        if (held) {
            h.add(entity);
        } else {
            h.remove(entity);
        }
        return new Cohort(name, phases, h);
    }
}
