package io.orderhub.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.JsonReadProblems;
import java.io.IOException;
import java.io.InputStream;
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
 * One call to a TOP-family platform (a list page, or one order read whole): the signed form, the
 * HTTP call, and what the answer means. Answers are read from their raw bytes as strictly as the
 * webhook door reads a body. Requests are paced per platform app with a Resilience4j {@link RateLimiter}; 429, 5xx,
 * unreachable and the connector's throttle codes are retried by a Resilience4j {@link Retry} with
 * exponential back-off that honours {@code Retry-After}. The platform's clock is read from each
 * answer's {@code Date} header.
 */
final class PlatformTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformTransport.class);
    // platform amounts stay exact decimals from the answer's text to the mapping (never a double)
    // and as strictly as the webhook door: no key twice, nesting limited (JsonReadProblems)
    private static final ObjectMapper JSON = new ObjectMapper(JsonReadProblems.factory())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private final HttpClient http;
    private final Duration readTimeout;

    PlatformTransport() {
        this(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Every platform call connects within {@code connectTimeout} and is answered within {@code readTimeout}. */
    PlatformTransport(Duration connectTimeout, Duration readTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.readTimeout = readTimeout;
    }
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

    /**
     * The platform answered this call, but with an error code, or with bytes the hub does not read
     * (not UTF-8, a key given twice, nested too deep, too large, not JSON): about this call, not the
     * platform being away, so asking again gives the same. A list page that fails so stops the run
     * (the cursor stays); a detail call parks its one order with this message.
     */
    static final class Refused extends PlatformPoller.PlatformException {
        Refused(String message) {
            super(message);
        }
    }

    /** One page of one window, paced and retried; fails with a PlatformException when the platform keeps failing. */
    JsonNode page(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, Instant from, Instant to, int page, int size) {
        JsonNode body = call(c, poll, shop, c.api().name(), listParams(c, from, to, page, size));
        if (body.at(c.response().orders()).isMissingNode() && body.at(c.response().total()).isMissingNode()) {
            // neither the orders nor their total where the connector says: not an answer of this API,
            // never a page without orders (the run stops, the cursor stays)
            throw new Refused(c.name() + " " + c.api().name() + " answered without " + c.response().orders()
                    + " or " + c.response().total());
        }
        return body;
    }

    /**
     * One order read whole by its id with the connector's detail API (same signing, pacing and
     * retries as the list); fails with {@link Refused} when the platform refuses this order or
     * answers unreadably, with a PlatformException when it keeps failing.
     */
    JsonNode detail(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, String id) {
        Connector.Detail d = c.detail();
        Map<String, Object> business = new LinkedHashMap<>();
        business.put(d.idParam(), id);
        if (d.params() != null) {
            business.putAll(d.params());
        }
        return call(c, poll, shop, d.name(), business);
    }

    private JsonNode call(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, String api, Map<String, Object> business) {
        Connector.Limits l = c.limits();
        double rate = poll.requestsPerSecond() != null ? poll.requestsPerSecond() : l.requestsPerSecond();
        // one limiter per platform app: list and detail calls share the app's quota
        RateLimiter limiter = limiters.computeIfAbsent(c.name() + "/" + shop.appKey(), name -> RateLimiter.of(name, pacing(rate)));
        Retry retry = Retry.of(c.name() + "/" + shop.appKey(), RetryConfig.<JsonNode>custom()
                .maxAttempts(l.retries() + 1)
                .retryOnException(e -> e instanceof Retryable)
                .intervalBiFunction(backoff(l))
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.info("{}; retry {} in {} ms", e.getLastThrowable().getMessage(),
                e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis()));
        Supplier<JsonNode> once = RateLimiter.decorateSupplier(limiter, () -> once(c, poll, shop, api, business));
        try {
            return Retry.decorateSupplier(retry, once).get();
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

    private JsonNode once(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, String api, Map<String, Object> business) {
        int max = c.limits().maxAnswerBytesOr();
        int status;
        byte[] bytes;
        try {
            // raw bytes, not a String: a decoder would put U+FFFD in place of bytes that are not UTF-8
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(poll.baseUrl() + c.path()))
                    .timeout(readTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form(c, shop, api, business, Instant.now())))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            res.headers().firstValue("Date").ifPresent(d -> skew(c, d));
            status = res.statusCode();
            if (status == 429 || status >= 500) {
                res.body().close();
                throw new Retryable(c.name() + " " + api + " answered HTTP " + status,
                        res.headers().firstValue("Retry-After").filter(s -> s.matches("[0-9]{1,4}")).map(Long::valueOf).orElse(null));
            }
            try (InputStream in = res.body()) {
                bytes = in.readNBytes(max + 1);
            }
        } catch (IOException e) {
            throw new Retryable(c.name() + " is unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformPoller.PlatformException("interrupted");
        }
        JsonNode body;
        try {
            body = read(c.name() + " " + api, bytes, max);
        } catch (Refused unreadable) {
            if (status != 200) {
                // an error page of a gateway or proxy: the platform is not answering this app properly
                throw new PlatformPoller.PlatformException(c.name() + " " + api + " answered HTTP " + status);
            }
            throw unreadable;
        }
        String code = body.at(c.response().errorCode()).asText("");
        if (!code.isEmpty()) {
            String message = body.at(c.response().errorMessage()).asText("");
            if (c.response().throttleCodes() != null && c.response().throttleCodes().contains(code)) {
                throw new Retryable(c.name() + " throttled: " + code + " " + message, null);
            }
            throw new Refused(c.name() + " " + api + " error " + code + ": " + message);
        }
        if (status != 200) {
            throw new PlatformPoller.PlatformException(c.name() + " " + api + " answered HTTP " + status);
        }
        return body;
    }

    /**
     * An answer read as strictly as the webhook door reads a body ({@link JsonReadProblems}): at most
     * {@code max} bytes, UTF-8 checked on the raw bytes, no key twice, nesting limited, decimals exact.
     * Anything else is refused whole: no altered value ever reaches a mapping.
     */
    static JsonNode read(String what, byte[] bytes, int max) {
        if (bytes.length > max) {
            throw new Refused(what + " answered more than " + max + " bytes (the connector's limits.maxAnswerBytes); nothing of it is read");
        }
        FieldError notUtf8 = JsonReadProblems.notUtf8(bytes);
        if (notUtf8 != null) {
            throw new Refused(what + " answered with bytes that are not UTF-8 (JSON text must be UTF-8); nothing of it is read");
        }
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new Refused(what + " answered with no JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            FieldError f = JsonReadProblems.describe(e);
            throw new Refused(what + " answered with " + (f == null ? "no well-formed JSON" + JsonReadProblems.where(e)
                    : "JSON whose " + f.field() + " " + f.reason()) + "; nothing of it is read");
        } catch (IOException e) {
            throw new Refused(what + " answered unreadably: " + e.getMessage());
        }
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
        return form(c, shop, c.api().name(), listParams(c, from, to, page, size), now);
    }

    /** The business parameters of one page of the list API. */
    private static Map<String, Object> listParams(Connector c, Instant from, Instant to, int page, int size) {
        Connector.Api a = c.api();
        ZoneId zone = zone(c);
        Map<String, Object> business = new LinkedHashMap<>();
        business.put(a.windowStartParam(), format(from, a.windowFormat(), zone));
        business.put(a.windowEndParam(), format(to, a.windowFormat(), zone));
        business.put(a.pageParam(), page);
        business.put(a.pageSizeParam(), size);
        if (a.params() != null) {
            business.putAll(a.params());
        }
        return business;
    }

    private static ZoneId zone(Connector c) {
        return ZoneId.of(c.request().zone() == null ? "Asia/Shanghai" : c.request().zone());
    }

    /** The signed form body of one call of the API {@code api} with its business parameters. */
    static String form(Connector c, ChannelSettings.Shop shop, String api, Map<String, Object> business, Instant now) {
        Connector.Request r = c.request();
        Map<String, String> params = new TreeMap<>();
        params.put(r.apiParam(), api);
        params.put(r.appKeyParam(), shop.appKey());
        if (r.sessionParam() != null && shop.session() != null && !shop.session().isBlank()) {
            params.put(r.sessionParam(), shop.session());
        }
        params.put(r.timestampParam(), format(now, r.timestampFormat(), zone(c)));
        if (r.fixed() != null) {
            params.putAll(r.fixed());
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
