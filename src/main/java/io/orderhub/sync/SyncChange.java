package io.orderhub.sync;

import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import java.time.Instant;

/**
 * One change for the non-authoritative store, as the authoritative write left it in its store's sync
 * outbox ({@code sync_outbox} / {@code HUB_SYNC_OUTBOX}) and as it travels on Artemis.
 *
 * @param entity      what changed (orders: {@code aggregateId} is the hub order id)
 * @param aggregateId the entity's id; Artemis message group, so one entity's changes apply in order
 * @param target      the store to apply it to (the one that was not authoritative)
 * @param cohort      the cohort whose phase sent it (backlog per cohort, the switch's drain)
 * @param version     the hub version; an apply never replaces a stored version that is the same or newer
 * @param committedAt when the authoritative transaction committed it (secondary lag)
 * @param payload     the canonical document at that version (orders: the canonical order JSON)
 */
public record SyncChange(Entity entity, String aggregateId, Store target, String cohort, long version,
                         Instant committedAt, String payload) {
}
