package io.orderhub.legacycrm;

import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The legacy CRM poll source ({@code orderhub.legacy-poll.*}), read by the poll routes like any channel. */
@Configuration(proxyBeanMethods = false)
public class LegacyCrmPollConfiguration {

    /**
     * The poll source the routes use: {@link #legacyCrmPollSource} skipping the hub's own writes by
     * the old store's HUB_ORDER_DOC rows (the old store is the legacy CRM's database).
     */
    @Bean(name = "legacyCrmPollSource")
    public LegacyCrmPollSource legacyCrmPollSourceWithoutEchoes(NewStore newStore, LegacyMapping mapping,
                                                                @Qualifier("oldStoreDataSource") DataSource oldStore,
                                                                MeterRegistry meters,
                                                                @Value("${orderhub.legacy-poll.start}") String start,
                                                                @Value("${orderhub.legacy-poll.lag-seconds}") long lagSeconds,
                                                                @Value("${orderhub.legacy-poll.overlap-seconds}") long overlapSeconds,
                                                                @Value("${orderhub.legacy-poll.page-size}") int pageSize,
                                                                @Value("${orderhub.legacy-poll.retries}") int retries,
                                                                @Value("${orderhub.soap.legacy-crm-url}") String legacyUrl,
                                                                @Value("${orderhub.outbound.legacy-crm-connect-timeout}") Duration connect,
                                                                @Value("${orderhub.outbound.legacy-poll-read-timeout}") Duration read) {
        LegacyCrmPollSource source = legacyCrmPollSource(newStore, mapping, start, lagSeconds, overlapSeconds, pageSize,
                retries, legacyUrl, connect, read);
        source.skipEchoes(oldStore, meters);
        return source;
    }

    /** The poll source without the echo check (what the wiring above builds on). */
    public LegacyCrmPollSource legacyCrmPollSource(NewStore newStore, LegacyMapping mapping, String start, long lagSeconds,
                                                   long overlapSeconds, int pageSize, int retries, String legacyUrl,
                                                   Duration connect, Duration read) {
        LegacyCrmPollSource source = new LegacyCrmPollSource(newStore, mapping.zone(), start, Duration.ofSeconds(lagSeconds),
                Duration.ofSeconds(overlapSeconds), pageSize, retries, Duration.ofMillis(500));
        source.useLegacyCrm(legacyUrl, connect, read);
        return source;
    }
}
