package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderhub.stores.StoreSchemas;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The cutover's rules store, the rules in force on this instance, and the admin API's bean. */
@Configuration(proxyBeanMethods = false)
public class CutoverConfiguration {

    @Bean
    public CutoverRules cutoverRules(@Qualifier("newStoreDataSource") HikariDataSource newStoreDataSource) {
        return new CutoverRules(newStoreDataSource);
    }

    /** Depends on the schemas so the first load finds V10's tables when the new store is up. */
    @Bean(destroyMethod = "close")
    public CutoverState cutoverState(CutoverRules rules, StoreSchemas schemas,
                                     @Qualifier("newStoreDataSource") HikariDataSource newStoreDataSource,
                                     @Value("${orderhub.cutover.seed:classpath:config/cutover.yaml}") String seed,
                                     @Value("${orderhub.cutover.version-check-ms:500}") long checkMs,
                                     ResourceLoader resources, MeterRegistry meters) {
        return new CutoverState(rules, readSeed(resources.getResource(seed), seed), seed,
                new CutoverState.Listen(newStoreDataSource.getJdbcUrl(), newStoreDataSource.getUsername(),
                        newStoreDataSource.getPassword()), checkMs, meters);
    }

    @Bean
    public CutoverAdmin cutoverAdmin(CutoverRules rules, CutoverState state, CutoverMismatches mismatches,
                                     AuthoritySwitch authoritySwitch) {
        return new CutoverAdmin(rules, state, mismatches, authoritySwitch);
    }

    /** The write gate: a write of a cohort held for a switch of authority waits at most hold-max-ms. */
    @Bean
    public HeldWrites writeGate(CutoverState state, @Value("${orderhub.cutover.hold-max-ms:5000}") long holdMaxMs) {
        return new HeldWrites(state, holdMaxMs);
    }

    /** This instance's heartbeat (rules version in force, open writes of held cohorts) for the switch. */
    @Bean(destroyMethod = "close")
    public CutoverInstances cutoverInstances(@Qualifier("newStoreDataSource") HikariDataSource newStoreDataSource,
                                             StoreSchemas schemas, HeldWrites writes,
                                             @Value("${orderhub.cutover.instance-id:}") String instanceId,
                                             @Value("${orderhub.cutover.heartbeat-ms:500}") long heartbeatMs) {
        return new CutoverInstances(newStoreDataSource, instanceId(instanceId), writes, heartbeatMs);
    }

    /** The configured instance id, else the host name with a random suffix (unique per process). */
    static String instanceId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.length() > 64 ? configured.substring(0, 64) : configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "instance";
        }
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        return (host.length() > 55 ? host.substring(0, 55) : host) + "-" + suffix;
    }

    /** Shadow-read mismatches kept in the new store, the newest N per entity. */
    @Bean
    public CutoverMismatches cutoverMismatches(@Qualifier("newStoreDataSource") HikariDataSource newStoreDataSource,
                                               StoreSchemas schemas,
                                               @Value("${orderhub.cutover.mismatches.keep-per-entity:10000}") int keep) {
        return new CutoverMismatches(newStoreDataSource, keep);
    }

    /** The background compare of SHADOW and LIVE reads: a small bounded executor; a full queue drops. */
    @Bean(destroyMethod = "close")
    public ShadowReads shadowReads(CutoverMismatches mismatches, MeterRegistry meters,
                                   @Value("${orderhub.cutover.shadow-reads.threads:2}") int threads,
                                   @Value("${orderhub.cutover.shadow-reads.queue:1000}") int queue) {
        return new ShadowReads(mismatches, meters, threads, queue);
    }

    /** The seed file (same form as the API's rules); a broken one stops start-up, naming the field. */
    static RuleSet readSeed(Resource resource, String location) {
        try (InputStream in = resource.getInputStream()) {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(in);
            return RuleSetJson.read(node);
        } catch (IOException e) {
            throw new IllegalStateException("cutover seed rules " + location + " cannot be read: " + e.getMessage(), e);
        } catch (InvalidRulesException e) {
            throw new IllegalStateException("cutover seed rules " + location + " are invalid: " + e.getMessage(), e);
        }
    }
}
