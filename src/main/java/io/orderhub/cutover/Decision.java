package io.orderhub.cutover;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the rules decided for one request: under which rules version, which cohort, by which rule
 * (null: the default cohort), and the phase of each entity. The write path takes
 * {@code phase(entity).authority()} as the store to write synchronously and
 * {@code phase(entity).secondary()} as the one to feed asynchronously; the read path answers from
 * {@code phase(entity).reads()}.
 */
public record Decision(long rulesVersion, String cohort, String ruleId, Map<Entity, Phase> phases) {

    public Decision {
        phases = Collections.unmodifiableMap(new EnumMap<>(phases));
    }

    public Phase phase(Entity entity) {
        return phases.get(entity);
    }
}
