package io.orderhub.sync;

import java.util.function.Consumer;

/**
 * Reads what is on a sync queue for the backlog: every message, whether waiting, scheduled for a
 * redelivery after a back-off, dispatched to a consumer, or received inside a consumer transaction that
 * has not committed yet (a batch mid-apply). A drain must never see 0 while a change is still on its way.
 */
public interface QueueInspector {

    /** What the backlog needs of one message. {@code committedAt} epoch ms, null when absent. */
    record Seen(String cohort, String entity, String target, Long committedAt) {
    }

    /**
     * Visits each message of {@code queue} once and answers how many more the broker holds that could
     * not be visited (their cohort is unknown: a safe backlog counts them for every cohort).
     */
    long scan(String queue, Consumer<Seen> visitor) throws Exception;
}
