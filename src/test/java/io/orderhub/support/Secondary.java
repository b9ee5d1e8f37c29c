package io.orderhub.support;

import io.orderhub.sync.SyncBacklog;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * The secondary store is written asynchronously (sync outbox → Artemis → apply): a test that looks
 * at the store the phase does not make authoritative waits until nothing is pending any more.
 */
public final class Secondary {

    private Secondary() {
    }

    /** Waits until every committed change has been applied to its secondary store. */
    public static void settled(SyncBacklog backlog) {
        Awaitility.await("the secondary store catches up").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> backlog.total().pending() == 0);
    }
}
