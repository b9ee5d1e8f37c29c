package io.orderhub.support;

import io.orderhub.sync.SyncBacklog;
import io.orderhub.sync.SyncConsumers;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;

/**
 * The secondary store is written asynchronously (sync outbox → Artemis → apply). What a test reads
 * back from the stores it reads once the secondary has caught up: {@link Sql} waits here first, so
 * "the order is in both stores" means "both stores have converged", as they do in a few milliseconds.
 * The running hub's backlog is registered by this class's test auto-configuration
 * (src/test/resources/META-INF/spring/...AutoConfiguration.imports); without a hub it waits for nothing.
 */
public final class Secondary {

    private static volatile SyncBacklog backlog;
    private static volatile SyncConsumers consumers;

    private Secondary() {
    }

    /**
     * Waits (at most 30 s) until every committed change has been applied to its secondary store. A test
     * that stopped the consumers on purpose is not waited for, and a wait that runs out does not fail:
     * the test's own assertion on what it reads says what is missing.
     */
    public static void settled() {
        SyncBacklog b = backlog;
        SyncConsumers c = consumers;
        if (b == null || c == null || !c.isRunning()) {
            return;
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> b.total().pending() == 0);
        } catch (ConditionTimeoutException e) {
            // reported by the caller's assertion
        }
    }

    /** Waits until every committed change has been applied to its secondary store, or fails. */
    public static void settled(SyncBacklog backlog) {
        Awaitility.await("the secondary store catches up").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> backlog.total().pending() == 0);
    }

    /** Registers the test hub's backlog and consumers. */
    @org.springframework.boot.autoconfigure.AutoConfiguration
    public static class Registration {

        @Bean
        public Object orderhubTestSecondaryRegistration(ObjectProvider<SyncBacklog> b, ObjectProvider<SyncConsumers> c) {
            backlog = b.getIfUnique();
            consumers = c.getIfUnique();
            return new Object();
        }
    }
}
