package io.orderhub;

import io.orderhub.cutover.AuthoritySwitch;
import io.orderhub.cutover.CutoverInstances;
import io.orderhub.cutover.CutoverRules;
import io.orderhub.cutover.CutoverState;
import io.orderhub.cutover.SwitchBacklog;
import io.orderhub.sync.SyncBacklog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The switch of authority drains the sync backlog, but {@code cutover} may not depend on {@code sync}
 * (sync depends on cutover): the wiring, which may use every feature, hands the switch the
 * {@link SyncBacklog} bean as the cutover's {@link SwitchBacklog}, looked up at each switch. Without
 * such a bean a switch across the authority boundary is refused with 503 before anything changes.
 */
@Configuration(proxyBeanMethods = false)
public class CutoverSwitchWiring {

    @Bean
    public AuthoritySwitch authoritySwitch(CutoverRules rules, CutoverState state, CutoverInstances instances,
                                           ObjectProvider<SyncBacklog> syncBacklog,
                                           @Value("${orderhub.cutover.switch-poll-ms:100}") long pollMs) {
        return new AuthoritySwitch(rules, state, instances, () -> {
            SyncBacklog b = syncBacklog.getIfUnique();
            return b == null ? null : backlogOf(b);
        }, pollMs);
    }

    static SwitchBacklog backlogOf(SyncBacklog sync) {
        return (cohort, entity) -> {
            SyncBacklog.Backlog b = sync.of(cohort, entity);
            return new SwitchBacklog.Pending(b.pending(), b.deadLettered(), b.oldest());
        };
    }
}
