package io.orderhub.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads the YAML route files of routes/ (and any extra locations) into Camel before it starts.
 *
 * <p>Why not {@code camel.main.routes-include-pattern}: in Camel 4.17 its classpath scanner loses
 * sub-folders inside a Spring Boot fat jar (CAMEL-23370), so {@code routes/**} works from the IDE
 * and the tests but not from {@code java -jar}. Spring's resolver reads nested jars correctly.
 */
@Component
public class RouteFileLoader implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileLoader.class);

    private final List<String> locations;

    public RouteFileLoader(@Value("${orderhub.routes.locations}") String[] locations,
                           @Value("${orderhub.routes.extra-locations:}") String[] extraLocations) {
        this.locations = Locations.of(locations, extraLocations);
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<Resource> routes = new ArrayList<>();
        try {
            for (String location : locations) {
                org.springframework.core.io.Resource[] found = resolver.getResources(location);
                Arrays.sort(found, Comparator.comparing(r -> String.valueOf(r.getDescription())));
                for (org.springframework.core.io.Resource r : found) {
                    try (InputStream in = r.getInputStream()) {
                        // the name's extension (.camel.yaml) picks Camel's YAML DSL loader
                        routes.add(ResourceHelper.fromBytes(name(r), in.readAllBytes()));
                    }
                }
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load route files from " + locations + ": " + e.getMessage(), e);
        }
        LOG.info("loaded {} route files from {}", routes.size(), locations);
    }

    private static String name(org.springframework.core.io.Resource r) throws IOException {
        String url = r.getURL().toString();
        int i = url.lastIndexOf("/routes/");
        return i >= 0 ? "classpath:" + url.substring(i + 1) : url;
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }
}
