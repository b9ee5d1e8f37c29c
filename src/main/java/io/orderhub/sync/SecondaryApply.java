package io.orderhub.sync;

import io.orderhub.cutover.Store;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies changes to the non-authoritative store: one transaction per call, idempotent, and never
 * regressing — a change whose version is not newer than the stored one is skipped (duplicates and
 * out-of-order deliveries are harmless). An apply writes no outbox row of either kind: reverse sync
 * never echoes a change back, and events come only from the authoritative write.
 */
public interface SecondaryApply {

    /** What one call did: changes applied, and those skipped as already applied or older. */
    record Applied(int applied, int skipped) {
    }

    Applied apply(Store target, List<SyncChange> changes) throws SQLException;
}
