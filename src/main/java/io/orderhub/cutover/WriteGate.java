package io.orderhub.cutover;

/**
 * Where a write learns its cohort and phase. While a cohort's entity is being switched across the
 * authority boundary its writes are held here (bounded), so the drain sees a backlog that only
 * shrinks; a write still held when the wait ends is refused with {@link CutoverUnavailableException}
 * (the door answers 503 with Retry-After and the caller retries).
 */
public interface WriteGate {

    /** The decision a write of {@code entity} proceeds under, once its cohort is not held. */
    Decision admit(RequestFacts facts, Entity entity);
}
