package io.orderhub.cutover;

/**
 * Where a write learns its cohort and phase. While a cohort's entity is being switched across the
 * authority boundary its writes are held here (bounded), so the drain sees a backlog that only
 * shrinks; a write still held when the wait ends is refused with {@link CutoverUnavailableException}
 * (the door answers 503 with Retry-After and the caller retries).
 *
 * <p>The writer holds the admission until its authoritative transaction has committed (or failed):
 * a switch waits for the admitted writes of the cohort it holds to finish before it drains.
 */
public interface WriteGate {

    /** A write let through under a decision; closed once the authoritative write is done. */
    interface Admission extends AutoCloseable {

        Decision decision();

        @Override
        void close();
    }

    /** The decision a write of {@code entity} proceeds under, once its cohort is not held. */
    Admission admit(RequestFacts facts, Entity entity);
}
