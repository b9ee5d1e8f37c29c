package io.orderhub.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The filters every HTTP entry of the hub passes (REST API and webhooks under /api, SOAP under
 * {cxf.path}): rate limit, body size, header hygiene, in that order. All run after Spring Security's
 * filter chain (SecurityProperties.DEFAULT_FILTER_ORDER = -100; these are 0, 10 and 20), so the rate
 * limit is keyed on the authenticated principal once the chain has set it, and a caller refused by
 * the chain costs no rate-limit permit.
 */
@Configuration(proxyBeanMethods = false)
public class EntryGuardsConfiguration {

    /** After SecurityProperties.DEFAULT_FILTER_ORDER (-100): the security chain has run. */
    public static final int RATE_LIMIT_ORDER = 0;
    public static final int BODY_LIMIT_ORDER = 10;
    public static final int HEADER_HYGIENE_ORDER = 20;

    /** The filter on every HTTP entry (the REST API, the webhooks and the SOAP path), in its order. */
    private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> onEntries(F filter, String name, int order,
                                                                                        String cxfPath) {
        FilterRegistrationBean<F> reg = new FilterRegistrationBean<>(filter);
        reg.setName(name);
        reg.setOrder(order);
        reg.addUrlPatterns(entries(cxfPath));
        return reg;
    }

    private static String[] entries(String cxfPath) {
        String soap = cxfPath.endsWith("/") ? cxfPath + "*" : cxfPath + "/*";
        return new String[] {"/api/*", soap};
    }

    @Bean
    public FilterRegistrationBean<RateLimits> rateLimitFilter(
            @Value("${orderhub.limits.rate.requests}") int requests,
            @Value("${orderhub.limits.rate.period}") Duration period,
            @Value("${orderhub.limits.rate.max-keys}") int maxKeys,
            @Value("${cxf.path:/services}") String cxfPath, Environment env) {
        RateLimits filter = new RateLimits(requests, period, maxKeys,
                platform -> platform.matches("[a-z0-9-]{1,40}")
                        ? env.getProperty("orderhub.channels." + platform + ".webhook.shop-header") : null);
        return onEntries(filter, "orderhubRateLimits", RATE_LIMIT_ORDER, cxfPath);
    }

    @Bean
    public FilterRegistrationBean<BodyLimits> bodyLimitFilter(
            @Value("${orderhub.limits.body.orders}") DataSize orders,
            @Value("${orderhub.limits.body.webhooks}") DataSize webhooks,
            @Value("${orderhub.limits.body.admin-preview}") DataSize adminPreview,
            @Value("${orderhub.limits.body.soap}") DataSize soap,
            @Value("${orderhub.limits.body.other}") DataSize other,
            @Value("${cxf.path:/services}") String cxfPath) {
        Map<String, Long> limits = new LinkedHashMap<>();
        limits.put("/api/orders", orders.toBytes());
        limits.put("/api/webhooks/", webhooks.toBytes());
        limits.put("/api/admin/preview", adminPreview.toBytes());
        limits.put(cxfPath, soap.toBytes());
        return onEntries(new BodyLimits(limits, other.toBytes(), cxfPath), "orderhubBodyLimits", BODY_LIMIT_ORDER, cxfPath);
    }

    @Bean
    public FilterRegistrationBean<EntryHeaders> headerHygieneFilter(
            @Value("${orderhub.entry.allowed-headers}") String names,
            @Value("${orderhub.entry.allowed-header-prefixes}") String prefixes,
            @Value("${cxf.path:/services}") String cxfPath) {
        return onEntries(new EntryHeaders(split(names), split(prefixes)), "orderhubEntryHeaders", HEADER_HYGIENE_ORDER,
                cxfPath);
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
