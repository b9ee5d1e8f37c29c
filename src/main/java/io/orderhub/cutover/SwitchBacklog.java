package io.orderhub.cutover;

import java.time.Duration;
import java.util.Optional;

/**
 * What the switch of authority drains: the secondary writes of one cohort's entity not yet applied.
 * The cutover's own view of {@code io.orderhub.sync.SyncBacklog} (cutover may not depend on sync: sync
 * depends on cutover); the application's wiring adapts the sync bean to it.
 */
@FunctionalInterface
public interface SwitchBacklog {

    /**
     * @param pending      changes not yet applied to the secondary store
     * @param deadLettered changes on the dead-letter address (not waited for: they wait for a person)
     * @param oldest       age of the oldest pending change, empty when nothing is pending
     */
    record Pending(long pending, long deadLettered, Optional<Duration> oldest) {
    }

    Pending of(String cohort, Entity entity);
}
