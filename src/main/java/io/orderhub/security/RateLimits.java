package io.orderhub.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.orderhub.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests per credential (Resilience4j RateLimiter, one per key): over the limit, 429 problem+json
 * with Retry-After (whole seconds until the next permit). The key is the authenticated principal's
 * name when the security filter chain, which runs before this filter, authenticated the caller
 * (request.getUserPrincipal(), which Spring Security's request wrapper answers from the
 * SecurityContext); else, for a webhook, its platform and shop (the shop header the channel
 * configures); else the client address. The keys remembered are bounded (least recently used out).
 */
public class RateLimits extends OncePerRequestFilter {

    private final RateLimiterConfig config;
    private final int maxKeys;
    private final Function<String, String> webhookShopHeader;
    private final Map<String, RateLimiter> limiters;

    /**
     * @param webhookShopHeader the shop header of a webhook platform (e.g. shopify to
     *                          X-Shopify-Shop-Domain), null when the platform has none
     */
    public RateLimits(int limitForPeriod, Duration period, int maxKeys, Function<String, String> webhookShopHeader) {
        this.config = RateLimiterConfig.custom().limitForPeriod(limitForPeriod).limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO).build();
        this.maxKeys = maxKeys;
        this.webhookShopHeader = webhookShopHeader;
        this.limiters = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
                return size() > RateLimits.this.maxKeys;
            }
        };
    }

    String keyOf(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
            return "principal:" + principal.getName();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/webhooks/")) {
            String platform = path.substring("/api/webhooks/".length()).split("/", 2)[0];
            String header = webhookShopHeader.apply(platform);
            String shop = header == null ? null : request.getHeader(header);
            if (shop != null && !shop.isBlank()) {
                return "webhook:" + platform + ":" + shop.trim();
            }
        }
        return "address:" + request.getRemoteAddr();
    }

    private RateLimiter limiter(String key) {
        synchronized (limiters) {
            return limiters.computeIfAbsent(key, k -> RateLimiter.of(k, config));
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter limiter = limiter(keyOf(request));
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        long waitNanos = limiter instanceof AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait()
                : config.getLimitRefreshPeriod().toNanos();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        String path = request.getRequestURI();
        Problems.Problem p = Problems.simple(429, "rate-limited", "Too many requests",
                "More than " + config.getLimitForPeriod() + " requests in " + config.getLimitRefreshPeriod()
                        + " from this credential; nothing was read or stored, retry after " + seconds + " s.", path);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType("application/problem+json");
        byte[] body = p.json().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
