package io.orderhub.intake;

import io.orderhub.canonical.CanonicalOrder;

/** What the intake made of one order. */
public record IntakeResult(Outcome outcome, CanonicalOrder order) {

    public enum Outcome {
        /** a new order, stored in both stores, its event in the outbox */
        CREATED,
        /** a newer platform copy of a known order, applied through the state machine */
        UPDATED,
        /** already known in this or a newer version: nothing written */
        DUPLICATE
    }
}
