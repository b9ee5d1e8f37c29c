package io.orderhub.cutover;

import io.orderhub.sync.SyncBacklog;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The tests' sync backlog for hubs that have no real one (the real {@link SyncBacklog} comes with the
 * sync transport): nothing is pending unless a test says so for a cohort. Registered for every test
 * hub by the test classpath's AutoConfiguration.imports, and only when the application has no
 * {@link SyncBacklog} bean of its own, so a switch of authority (and a rollback across the authority
 * line) finds a backlog to drain.
 */
public class ControlledSyncBacklog implements SyncBacklog {

    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    /** From now on {@code cohort}'s ORDERS have {@code n} changes pending (7 s old). */
    public void set(String cohort, long n) {
        pending.put(cohort, n);
    }

    @Override
    public Backlog of(String cohort, Entity entity) {
        long n = entity == Entity.ORDERS ? pending.getOrDefault(cohort, 0L) : 0;
        return new Backlog(n, 0, n == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(7)));
    }

    @Override
    public Backlog total() {
        return new Backlog(pending.values().stream().mapToLong(Long::longValue).sum(), 0, Optional.empty());
    }

    /** Test-classpath auto-configuration: the controlled backlog when the hub has none. */
    @org.springframework.boot.autoconfigure.AutoConfiguration
    public static class AutoConfiguration {

        @Bean
        @ConditionalOnMissingBean(SyncBacklog.class)
        public ControlledSyncBacklog controlledSyncBacklog() {
            return new ControlledSyncBacklog();
        }
    }
}
