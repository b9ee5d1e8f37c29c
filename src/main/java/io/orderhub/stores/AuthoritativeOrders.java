package io.orderhub.stores;

import io.orderhub.canonical.CanonicalOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A store as the authority for orders: everything a group-committed batch does inside its one
 * transaction. Reads lock the rows they find ({@code FOR UPDATE}), so the writes that follow in the
 * same transaction cannot lose a concurrent change; an order created concurrently elsewhere shows as
 * a unique-key violation, and the batch is tried again.
 */
public interface AuthoritativeOrders {

    /**
     * An order as the store holds it now. {@code adopt}: the hub's document is missing or behind the
     * row, so the hub takes the row over as it stands; {@code known}: the hub had a document of it (a
     * row without one is new to the hub, whoever wrote it).
     */
    record Current(CanonicalOrder order, boolean adopt, boolean known) {

        public Current(CanonicalOrder order) {
            this(order, false, true);
        }
    }

    DataSource dataSource();

    /**
     * The stored orders holding these channel identities, locked for this transaction. {@code copies}:
     * the copies at hand (the incoming order, the change to apply); a row the hub has no document of
     * takes from its copy what its own columns cannot hold.
     */
    Map<CanonicalOrder.ChannelKey, Current> lockByChannelKeys(Connection c,
                                                            Map<CanonicalOrder.ChannelKey, CanonicalOrder> copies)
            throws SQLException;

    /** Idempotency-Keys already used, by key. */
    Map<String, NewStore.IdempotencyRecord> idempotency(Connection c, Collection<String> keys) throws SQLException;

    /** The stored orders with these hub ids (an Idempotency-Key's order), not locked. */
    Map<String, CanonicalOrder> byIds(Connection c, Collection<String> ids) throws SQLException;

    /**
     * Writes the batch: orders, lines, indexes, the hub document, events, sync changes, idempotency
     * records. Throws {@link StaleWriteException} when an update's expected version is gone.
     */
    void write(Connection c, List<OrderWrite> writes, List<NewStore.IdempotencyRecord> keys) throws SQLException;
}
