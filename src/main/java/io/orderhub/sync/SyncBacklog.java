package io.orderhub.sync;

import io.orderhub.cutover.Entity;
import java.time.Duration;
import java.util.Optional;

/**
 * Secondary writes not yet applied: still in a sync outbox, or on the Artemis queue (waiting,
 * in delivery or being redelivered). Dead-lettered changes are counted apart: they wait for a person.
 */
public interface SyncBacklog {

    /**
     * @param pending      changes not yet applied
     * @param deadLettered changes on the dead-letter address
     * @param oldest       age of the oldest pending change, empty when nothing is pending
     */
    record Backlog(long pending, long deadLettered, Optional<Duration> oldest) {
    }

    /** The backlog of one cohort's entity (the switch of authority drains exactly this). */
    Backlog of(String cohort, Entity entity);

    /** The whole backlog, every cohort. */
    Backlog total();
}
