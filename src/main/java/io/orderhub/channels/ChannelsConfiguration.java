package io.orderhub.channels;

import io.orderhub.config.Locations;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The channel beans the channel routes call by name; channels themselves are data. */
@Configuration(proxyBeanMethods = false)
public class ChannelsConfiguration {

    /** Every channel's settings, {@code orderhub.channels.<name>} (config/<name>/application.yaml). */
    @Bean
    public Map<String, ChannelSettings> channelSettings(Environment env) {
        return Map.copyOf(Binder.get(env).bind("orderhub.channels",
                Bindable.mapOf(String.class, ChannelSettings.class)).orElse(Map.of()));
    }

    @Bean
    public ChannelMappings channelMappings(@Value("${orderhub.mappings.locations}") String[] locations,
                                           @Value("${orderhub.mappings.extra-locations:}") String[] extraLocations,
                                           @Value("${orderhub.mappings.reload-check-ms:2000}") long reloadCheckMs,
                                           LegacyMapping legacy) {
        ChannelMappings mappings = new ChannelMappings(Locations.of(locations, extraLocations));
        mappings.reloadCheckEvery(reloadCheckMs);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String name : mappings.names()) {
            ChannelDefinition d = mappings.channel(name).definition();
            if (d.legacySourceCode() != null) {
                codes.put(d.channel(), d.legacySourceCode());
            }
        }
        legacy.addChannelCodes(codes);
        return mappings;
    }

    @Bean
    public ChannelIntake channelIntake(ChannelMappings mappings) {
        return new ChannelIntake(mappings);
    }

    /** The admin preview's steps (routes/platform/admin-preview.camel.yaml): nothing stored, nothing parked. */
    @Bean
    public MappingPreview mappingPreview(ChannelMappings mappings, LegacyMapping legacy) {
        return new MappingPreview(mappings, legacy);
    }

    @Bean
    public WebhookVerifier webhookVerifier(Map<String, ChannelSettings> channelSettings) {
        return new WebhookVerifier(channelSettings);
    }

    @Bean
    public FileDrops fileDrops(ChannelMappings mappings) {
        return new FileDrops(mappings);
    }

    /** Which dropped files were taken, kept across restarts (inbox and content checksum of each file). */
    @Bean
    public FileIdempotentRepository fileDropRepository(@Value("${orderhub.data-dir}") String dataDir) {
        File store = new File(dataDir, "channels/file-drops.idempotent");
        store.getParentFile().mkdirs();
        FileIdempotentRepository repo = new FileIdempotentRepository(store, new java.util.concurrent.ConcurrentHashMap<>());
        repo.setMaxFileStoreSize(64L * 1024 * 1024);
        return repo;
    }

    /**
     * The poll routes' steps, over every poll source: the connector channels of
     * {@code orderhub.channels.*.poll} and any other {@link PollSource} bean (the legacy CRM).
     */
    @Bean
    public PlatformPoller platformPoller(Map<String, ChannelSettings> channelSettings,
                                         @Value("${orderhub.connectors.locations}") String[] locations,
                                         @Value("${orderhub.connectors.extra-locations:}") String[] extraLocations,
                                         NewStore newStore, ObjectProvider<PollSource> otherSources,
                                         @Value("${orderhub.outbound.platform-connect-timeout}") java.time.Duration connect,
                                         @Value("${orderhub.outbound.platform-read-timeout}") java.time.Duration read) {
        List<PollSource> sources = new ArrayList<>();
        sources.add(new ConnectorPollSource(channelSettings, Locations.of(locations, extraLocations), newStore,
                new PlatformTransport(connect, read)));
        otherSources.orderedStream().forEach(sources::add);
        return new PlatformPoller(sources, newStore);
    }

    /**
     * Health detail of the polled channels: each one's last run, last success, counts and error. A
     * platform that fails does not take the hub out of service (the status stays UP); people and
     * the cockpit read the details.
     */
    @Bean
    public org.springframework.boot.actuate.health.HealthIndicator channelsHealthIndicator(PlatformPoller poller) {
        return () -> {
            org.springframework.boot.actuate.health.Health.Builder b = org.springframework.boot.actuate.health.Health.up();
            poller.runs().forEach((name, run) -> {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("lastRunAt", String.valueOf(run.lastRunAt()));
                d.put("lastSuccessAt", String.valueOf(run.lastSuccessAt()));
                d.put("lastCounts", run.lastCounts());
                if (run.lastError() != null) {
                    d.put("lastError", run.lastError());
                }
                b.withDetail(name, d);
            });
            return b.build();
        };
    }

    /**
     * The record+attempt ids already parked by this hub (routes/platform/channel-order-intake.camel.yaml):
     * a re-polled record that is parked already is a quiet no-op instead of a send that Artemis
     * duplicate detection drops with a WARN. Bounded; after a restart or an eviction Artemis still drops it.
     */
    @Bean
    public org.apache.camel.spi.IdempotentRepository parkedRecords(
            @Value("${orderhub.needs-attention.remembered}") int remembered) {
        return org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository.memoryIdempotentRepository(remembered);
    }

    /** The needs-attention queue's list and re-drive, called by the needs-attention API route. */
    @Bean
    public NeedsAttention needsAttention(ChannelIntake intake, ChannelMappings mappings, ProducerTemplate producer,
                                         jakarta.jms.ConnectionFactory connectionFactory,
                                         @Value("${orderhub.needs-attention.queue}") String queue) {
        return new NeedsAttention(intake, mappings, producer, connectionFactory, queue);
    }
}
