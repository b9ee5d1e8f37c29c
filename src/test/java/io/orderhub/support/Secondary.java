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

    /** Every running test hub's backlog and consumers (the test context cache may hold several hubs). */
    private record Hub(SyncBacklog backlog, SyncConsumers consumers) {
    }

    private static final java.util.List<Hub> HUBS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Secondary() {
    }

    /**
     * Waits (at most 30 s) until every committed change has been applied to its secondary store. A test
     * that stopped the consumers on purpose is not waited for, and a wait that runs out does not fail:
     * the test's own assertion on what it reads says what is missing.
     */
    public static void settled() {
        for (Hub hub : HUBS) {
            if (!hub.consumers().isRunning()) {
                continue;
            }
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(20)).until(() -> hub.backlog().total().pending() == 0);
            } catch (ConditionTimeoutException e) {
                // reported by the caller's assertion
            }
        }
    }

    /** Waits until every committed change has been applied to its secondary store, or fails. */
    public static void settled(SyncBacklog backlog) {
        Awaitility.await("the secondary store catches up").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> backlog.total().pending() == 0);
    }

    /** Registers the test hub's backlog and consumers while its context runs. */
    @org.springframework.boot.autoconfigure.AutoConfiguration
    public static class Registration {

        @Bean
        public org.springframework.beans.factory.DisposableBean orderhubTestSecondaryRegistration(
                ObjectProvider<SyncBacklog> b, ObjectProvider<SyncConsumers> c) {
            SyncBacklog backlog = b.getIfUnique();
            SyncConsumers consumers = c.getIfUnique();
            if (backlog == null || consumers == null) {
                return () -> { };
            }
            Hub hub = new Hub(backlog, consumers);
            HUBS.add(hub);
            return () -> HUBS.remove(hub);
        }
    }
}
