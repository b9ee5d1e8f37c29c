package io.orderhub.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page request to a TOP-family platform: the signed form, the HTTP call, and what the answer
 * means. Requests are paced per platform app with a Resilience4j {@link RateLimiter}; 429, 5xx,
 * unreachable and the connector's throttle codes are retried by a Resilience4j {@link Retry} with
 * exponential back-off that honours {@code Retry-After}. The platform's clock is read from each
 * answer's {@code Date} header.
 */
final class PlatformTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformTransport.class);
    // platform amounts stay exact decimals from the answer's text to the mapping (never a double)
    // with the parse rules of every JSON read from outside (JsonReadProblems): nesting limit, no key twice
    private static final ObjectMapper JSON = new ObjectMapper(io.orderhub.canonical.JsonReadProblems.factory())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, Duration> skews = new ConcurrentHashMap<>();

    /** An answer worth asking again: 429, 5xx, a throttle code, or the platform unreachable. */
    static final class Retryable extends RuntimeException {
        final Long retryAfterSeconds;

        Retryable(String message, Long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** Platform clock minus hub clock, as last seen in the platform's answers (zero when close or unknown). */
    Duration skew(String connector) {
        return skews.getOrDefault(connector, Duration.ZERO);
    }

    /** One page of one window, paced and retried; fails with a PlatformException when the platform keeps failing. */
    JsonNode page(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, Instant from, Instant to, int page, int size) {
        Connector.Limits l = c.limits();
        double rate = poll.requestsPerSecond() != null ? poll.requestsPerSecond() : l.requestsPerSecond();
        RateLimiter limiter = limiters.computeIfAbsent(c.name() + "/" + shop.appKey(), name -> RateLimiter.of(name, pacing(rate)));
        Retry retry = Retry.of(c.name() + "/" + shop.appKey(), RetryConfig.<JsonNode>custom()
                .maxAttempts(l.retries() + 1)
                .retryOnException(e -> e instanceof Retryable)
                .intervalBiFunction(backoff(l))
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.info("{}; retry {} in {} ms", e.getLastThrowable().getMessage(),
                e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis()));
        Supplier<JsonNode> call = RateLimiter.decorateSupplier(limiter, () -> once(c, poll, shop, from, to, page, size));
        try {
            return Retry.decorateSupplier(retry, call).get();
        } catch (Retryable e) {
            throw new PlatformPoller.PlatformException(e.getMessage() + " (after " + (l.retries() + 1) + " attempts)");
        } catch (RequestNotPermitted e) {
            throw new PlatformPoller.PlatformException(c.name() + ": no request slot within the pacing time-out");
        }
    }

    /** Requests per second as a limiter: whole requests per refresh period, waiting up to half a minute for one. */
    static RateLimiterConfig pacing(double perSecond) {
        double rate = Math.max(0.1, perSecond);
        boolean slow = rate < 1;
        return RateLimiterConfig.custom()
                .limitForPeriod(slow ? 1 : (int) Math.round(rate))
                .limitRefreshPeriod(slow ? Duration.ofMillis((long) (1000 / rate)) : Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofSeconds(30))
                .build();
    }

    /** Exponential from the connector's back-off up to its maximum, never shorter than Retry-After. */
    static IntervalBiFunction<JsonNode> backoff(Connector.Limits l) {
        return (attempt, result) -> {
            long wait = Math.min(l.maxBackoff().toMillis(), l.backoff().toMillis() << Math.min(attempt - 1, 16));
            if (result.isLeft() && result.getLeft() instanceof Retryable r && r.retryAfterSeconds != null) {
                wait = Math.min(l.maxBackoff().toMillis(), Math.max(wait, r.retryAfterSeconds * 1000));
            }
            return wait;
        };
    }

    private JsonNode once(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, Instant from, Instant to,
                          int page, int size) {
        HttpResponse<byte[]> res;
        try {
            res = http.send(HttpRequest.newBuilder(URI.create(poll.baseUrl() + c.path()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form(c, shop, from, to, page, size, Instant.now())))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Retryable(c.name() + " is unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformPoller.PlatformException("interrupted");
        }
        res.headers().firstValue("Date").ifPresent(d -> skew(c, d));
        if (res.statusCode() == 429 || res.statusCode() >= 500) {
            throw new Retryable(c.name() + " answered HTTP " + res.statusCode(),
                    res.headers().firstValue("Retry-After").filter(s -> s.matches("[0-9]{1,4}")).map(Long::valueOf).orElse(null));
        }
        // an answer that cannot be read fails the run (the cursor stays, the window is read again): it is
        // never taken as a page without orders, and never decoded with replacement characters
        JsonNode body;
        if (io.orderhub.canonical.JsonReadProblems.notUtf8(res.body()) != null) {
            throw new PlatformPoller.PlatformException(c.name() + " answered HTTP " + res.statusCode() + " with text that is not UTF-8");
        }
        try {
            body = JSON.readTree(res.body());
        } catch (IOException e) {
            io.orderhub.canonical.FieldError problem = io.orderhub.canonical.JsonReadProblems.describe(e);
            throw new PlatformPoller.PlatformException(c.name() + " answered HTTP " + res.statusCode() + " with no readable JSON"
                    + (problem == null ? "" : ": " + problem.field() + " " + problem.reason()));
        }
        if (body == null || !body.isObject()) {
            throw new PlatformPoller.PlatformException(c.name() + " answered HTTP " + res.statusCode() + " with no JSON object");
        }
        String code = body.at(c.response().errorCode()).asText("");
        if (!code.isEmpty()) {
            String message = body.at(c.response().errorMessage()).asText("");
            if (c.response().throttleCodes() != null && c.response().throttleCodes().contains(code)) {
                throw new Retryable(c.name() + " throttled: " + code + " " + message, null);
            }
            throw new PlatformPoller.PlatformException(c.name() + " error " + code + ": " + message);
        }
        if (res.statusCode() != 200) {
            throw new PlatformPoller.PlatformException(c.name() + " answered HTTP " + res.statusCode());
        }
        if (body.at(c.response().orders()).isMissingNode() && body.at(c.response().total()).isMissingNode()) {
            // neither the orders nor their total where the connector says: not an answer of this API
            throw new PlatformPoller.PlatformException(c.name() + " answered without " + c.response().orders()
                    + " or " + c.response().total());
        }
        return body;
    }

    private void skew(Connector c, String date) {
        try {
            Instant platform = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration skew = Duration.between(Instant.now(), platform);
            // the Date header has whole seconds: only a clock that is clearly off counts
            skews.put(c.name(), skew.abs().compareTo(Duration.ofSeconds(2)) > 0 ? skew : Duration.ZERO);
        } catch (RuntimeException ignored) {
            // no usable platform clock: keep the last one
        }
    }

    /** The signed form body of one page request. */
    static String form(Connector c, ChannelSettings.Shop shop, Instant from, Instant to, int page, int size, Instant now) {
        Connector.Request r = c.request();
        Connector.Api a = c.api();
        ZoneId zone = ZoneId.of(r.zone() == null ? "Asia/Shanghai" : r.zone());
        Map<String, String> params = new TreeMap<>();
        params.put(r.apiParam(), a.name());
        params.put(r.appKeyParam(), shop.appKey());
        if (r.sessionParam() != null && shop.session() != null && !shop.session().isBlank()) {
            params.put(r.sessionParam(), shop.session());
        }
        params.put(r.timestampParam(), format(now, r.timestampFormat(), zone));
        if (r.fixed() != null) {
            params.putAll(r.fixed());
        }
        Map<String, Object> business = new LinkedHashMap<>();
        business.put(a.windowStartParam(), format(from, a.windowFormat(), zone));
        business.put(a.windowEndParam(), format(to, a.windowFormat(), zone));
        business.put(a.pageParam(), page);
        business.put(a.pageSizeParam(), size);
        if (a.params() != null) {
            business.putAll(a.params());
        }
        if (r.businessParamsAsJsonIn() != null) {
            try {
                params.put(r.businessParamsAsJsonIn(), JSON.writeValueAsString(business));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            business.forEach((k, v) -> params.put(k, String.valueOf(v)));
        }
        params.put(r.signParam(), RequestSigner.of(r.sign()).sign(shop.secret(), params));
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String format(Instant t, String format, ZoneId zone) {
        if ("epochSeconds".equals(format)) {
            return Long.toString(t.getEpochSecond());
        }
        return DateTimeFormatter.ofPattern(format).withZone(zone).format(t);
    }
}
