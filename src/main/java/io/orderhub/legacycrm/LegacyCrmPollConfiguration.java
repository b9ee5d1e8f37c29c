package io.orderhub.legacycrm;

import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The legacy CRM poll source ({@code orderhub.legacy-poll.*}), read by the poll routes like any channel. */
@Configuration(proxyBeanMethods = false)
public class LegacyCrmPollConfiguration {

    @Bean
    public LegacyCrmPollSource legacyCrmPollSource(NewStore newStore, LegacyMapping mapping,
                                                   @Value("${orderhub.legacy-poll.start}") String start,
                                                   @Value("${orderhub.legacy-poll.lag-seconds}") long lagSeconds,
                                                   @Value("${orderhub.legacy-poll.overlap-seconds}") long overlapSeconds,
                                                   @Value("${orderhub.legacy-poll.page-size}") int pageSize,
                                                   @Value("${orderhub.legacy-poll.retries}") int retries,
                                                   @Value("${orderhub.soap.legacy-crm-url}") String legacyUrl,
                                                   @Value("${orderhub.outbound.legacy-crm-connect-timeout}") Duration connect,
                                                   @Value("${orderhub.outbound.legacy-poll-read-timeout}") Duration read) {
        LegacyCrmPollSource source = new LegacyCrmPollSource(newStore, mapping.zone(), start, Duration.ofSeconds(lagSeconds),
                Duration.ofSeconds(overlapSeconds), pageSize, retries, Duration.ofMillis(500));
        source.useLegacyCrm(legacyUrl, connect, read);
        return source;
    }
}
