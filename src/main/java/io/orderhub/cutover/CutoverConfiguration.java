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
    public CutoverAdmin cutoverAdmin(CutoverRules rules, CutoverState state) {
        return new CutoverAdmin(rules, state);
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
