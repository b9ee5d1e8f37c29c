package io.orderhub.cutover;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A named group of requests and the phase each entity is in for it. */
public record Cohort(String name, Map<Entity, Phase> phases) {

    public Cohort {
        phases = Collections.unmodifiableMap(new EnumMap<>(phases));
    }

    public Phase phase(Entity entity) {
        return phases.get(entity);
    }
}
