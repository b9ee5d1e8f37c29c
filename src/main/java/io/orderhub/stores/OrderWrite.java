package io.orderhub.stores;

import io.orderhub.canonical.CanonicalOrder;

/**
 * One order's share of a group-committed batch in its authoritative store.
 *
 * @param kind            a new order, the next version of a stored one, or a stored order the hub
 *                        takes over as it stands (a legacy CRM row without the hub's document, or
 *                        one the legacy CRM changed since the hub wrote it)
 * @param order           the order as it is to be stored (id, legacy number and version set)
 * @param expectedVersion for an update, the stored version it replaces
 * @param event           the Kafka event (and the document JSON it embeds, written beside the order)
 * @param cohort          the cohort whose phase sent it (the sync change carries it)
 * @param sync            true when the phase has a secondary store: a sync change is written too
 * @param idempotency     the caller's Idempotency-Key record, if any
 */
public record OrderWrite(Kind kind, CanonicalOrder order, long expectedVersion, NewStore.OutboxEvent event,
                         String cohort, boolean sync, NewStore.IdempotencyRecord idempotency) {

    public enum Kind { CREATE, UPDATE, ADOPT }

    /**
     * The sync changes of a batch, one JDBC batch into a store's sync outbox. {@code insert} binds
     * aggregate id, cohort, version and payload, in that order.
     */
    static void writeSyncChanges(java.sql.Connection c, String insert, java.util.List<OrderWrite> writes)
            throws java.sql.SQLException {
        java.util.List<OrderWrite> syncs = writes.stream().filter(OrderWrite::sync).toList();
        if (syncs.isEmpty()) {
            return;
        }
        try (java.sql.PreparedStatement ps = c.prepareStatement(insert)) {
            for (OrderWrite w : syncs) {
                ps.setString(1, w.order().id());
                ps.setString(2, w.cohort());
                ps.setLong(3, w.order().version());
                ps.setString(4, w.event().document());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
