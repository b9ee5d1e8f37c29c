package io.orderhub.channels;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.intake.IdempotencyConflictException;
import io.orderhub.intake.IntakeResult;
import io.orderhub.stores.NewStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Pulls orders from a platform's incremental API, one window of modified time after another, one
 * persisted cursor per channel and shop. Windows overlap and each is read completely before the
 * cursor moves to its end, so a crash mid-window re-reads that window and the intake makes the
 * re-read orders duplicates; a window never ends closer than the connector's lag to the platform's
 * clock (taken from the answers' Date header), so late-committed changes are still inside a later
 * window. Requests are paced to the platform's rate and retried with back-off on 429, 5xx and
 * throttle codes; a run that cannot finish a window leaves the cursor where it was.
 */
public class PlatformPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Map<String, ChannelSettings> channels;
    private final List<String> connectorLocations;
    private final NewStore cursors;
    private final ProducerTemplate producer;
    private final ChannelIntake intake;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Connector> connectors = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    private final Map<String, Duration> skews = new ConcurrentHashMap<>();
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();

    /** How a channel's last poll run went, for health and people. */
    public record RunState(Instant lastRunAt, Instant lastSuccessAt, Map<String, Integer> lastCounts, String lastError) {
    }

    /** A platform that keeps failing (after the retries) or answers with an error code. */
    public static class PlatformException extends RuntimeException {
        public PlatformException(String message) {
            super(message);
        }
    }

    public PlatformPoller(Map<String, ChannelSettings> channels, List<String> connectorLocations, NewStore cursors,
                          ProducerTemplate producer, ChannelIntake intake) {
        this.channels = channels;
        this.intake = intake;
        this.connectorLocations = connectorLocations;
        this.cursors = cursors;
        this.producer = producer;
    }

    /** The last run of each polled channel. */
    public Map<String, RunState> runs() {
        return Map.copyOf(runs);
    }

    /** The cursor key of one channel's shop in the new store's poll_cursors table. */
    public static String cursorKey(String channel, String shopId) {
        return "channel:" + channel + ":" + shopId;
    }

    /** One scheduled run for a channel: every shop, as many windows as it is behind (bounded). */
    public Map<String, Integer> poll(String name) throws SQLException {
        ReentrantLock lock = running.computeIfAbsent(name, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            LOG.debug("poll of {} still running; this run is skipped", name);
            return Map.of();
        }
        try {
            ChannelSettings settings = channels.get(name);
            if (settings == null || settings.poll() == null) {
                throw new IllegalStateException("channel " + name + " has no poll settings (orderhub.channels." + name + ".poll)");
            }
            Connector c = connector(settings.poll().connector());
            Map<String, Integer> counts = new TreeMap<>();
            Instant started = Instant.now();
            RunState previous = runs.get(name);
            try {
                for (ChannelSettings.Shop shop : settings.shops()) {
                    if (shop.appKey() == null || shop.appKey().isBlank() || shop.secret() == null || shop.secret().isBlank()) {
                        LOG.debug("{} shop {} has no app key or secret; not polled", name, shop.id());
                        continue;
                    }
                    pollShop(name, settings, c, shop, counts);
                }
            } catch (RuntimeException | SQLException e) {
                runs.put(name, new RunState(started, previous == null ? null : previous.lastSuccessAt(), Map.copyOf(counts),
                        e.getMessage()));
                throw e;
            }
            runs.put(name, new RunState(started, started, Map.copyOf(counts), null));
            if (!counts.isEmpty()) {
                LOG.info("poll {}: {}", name, counts);
            }
            return counts;
        } finally {
            lock.unlock();
        }
    }

    private void pollShop(String name, ChannelSettings settings, Connector c, ChannelSettings.Shop shop,
                          Map<String, Integer> counts) throws SQLException {
        ChannelSettings.Poll p = settings.poll();
        Connector.Limits l = c.limits();
        Duration maxWindow = or(p.maxWindow(), l.maxWindow());
        Duration lag = or(p.lag(), l.lag());
        Duration overlap = or(p.overlap(), l.overlap());
        int maxWindows = p.maxWindowsPerRun() == null ? 48 : p.maxWindowsPerRun();
        String key = cursorKey(name, shop.id());
        Instant cursor = cursors.cursor(key).map(Instant::parse)
                .orElseGet(() -> Instant.now().minus(or(p.initialLookBack(), Duration.ofDays(1))));
        // one run reads up to the platform's clock minus the lag, as it stands when the run starts
        Instant ceiling = Instant.now().plus(skews.getOrDefault(c.name(), Duration.ZERO)).minus(lag)
                .truncatedTo(ChronoUnit.SECONDS);
        for (int w = 0; w < maxWindows && cursor.isBefore(ceiling); w++) {
            Instant from = cursor.minus(overlap).truncatedTo(ChronoUnit.SECONDS);
            Instant to = from.plus(maxWindow).isBefore(ceiling) ? from.plus(maxWindow) : ceiling;
            pullWindow(name, settings, c, shop, from, to, counts);
            cursor = to;
            cursors.saveCursor(key, cursor.toString());
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private void pullWindow(String name, ChannelSettings settings, Connector c, ChannelSettings.Shop shop,
                            Instant from, Instant to, Map<String, Integer> counts) {
        int size = settings.poll().pageSize() != null ? settings.poll().pageSize() : c.limits().pageSize();
        JsonNode first = call(settings, c, shop, from, to, 1, size);
        long total = first.at(c.response().total()).asLong(0);
        int pages = (int) Math.max(1, (total + size - 1) / size);
        if (pages == 1 || !"backward".equals(c.limits().paging())) {
            ingest(name, settings, c, shop, first, counts);
            for (int page = 2; page <= pages; page++) {
                ingest(name, settings, c, shop, call(settings, c, shop, from, to, page, size), counts);
            }
        } else {
            // the last page first: an order modified while we page leaves the window from the end,
            // so pages not yet read keep their content
            for (int page = pages; page >= 1; page--) {
                ingest(name, settings, c, shop, call(settings, c, shop, from, to, page, size), counts);
            }
        }
    }

    private void ingest(String name, ChannelSettings settings, Connector c, ChannelSettings.Shop shop, JsonNode answer,
                        Map<String, Integer> counts) {
        JsonNode orders = answer.at(c.response().orders());
        for (JsonNode order : orders) {
            String id = order.path(c.response().orderId()).asText();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("mapping", settings.mappingOr(name));
            props.put("shopId", shop.id());
            if (shop.channel() != null) {
                props.put("channel", shop.channel());
            }
            props.put("source", "poll " + name + " shop " + shop.id() + " order " + id);
            Exchange done = producer.send("direct:channel-order-intake", ex -> {
                ex.getIn().setBody(order);
                props.forEach(ex::setProperty);
            });
            Exception e = done.getException();
            String outcome;
            if (e instanceof InvalidOrderException || e instanceof IdempotencyConflictException) {
                // nobody to answer: the refused order is parked with the reasons
                Exchange parked = producer.send("direct:needs-attention", ex -> {
                    ex.getIn().setBody(order.toString());
                    props.forEach(ex::setProperty);
                    ex.setProperty(Exchange.EXCEPTION_CAUGHT, e);
                    intake.refused(ex);
                });
                if (parked.getException() != null) {
                    throw new PlatformException("order " + id + " could not be parked: " + parked.getException().getMessage());
                }
                outcome = "NEEDS_ATTENTION";
            } else if (e != null) {
                // a store is down: stop here, the cursor stays and the next run reads the window again
                throw new PlatformException(name + " order " + id + " was not taken: " + e.getMessage());
            } else {
                Object r = done.getMessage().getBody();
                outcome = r instanceof IntakeResult ir ? ir.outcome().name() : "NEEDS_ATTENTION";
            }
            counts.merge(outcome, 1, Integer::sum);
        }
    }

    // ---- the platform call ----------------------------------------------------------------

    private JsonNode call(ChannelSettings settings, Connector c, ChannelSettings.Shop shop, Instant from, Instant to,
                          int page, int size) {
        Connector.Limits l = c.limits();
        Pacer pacer = pacers.computeIfAbsent(c.name() + "/" + shop.appKey(), k -> new Pacer(
                settings.poll().requestsPerSecond() != null ? settings.poll().requestsPerSecond() : l.requestsPerSecond()));
        for (int attempt = 0; ; attempt++) {
            pacer.acquire();
            String form = form(c, shop, from, to, page, size);
            HttpResponse<String> res;
            try {
                res = http.send(HttpRequest.newBuilder(URI.create(settings.poll().baseUrl() + c.path()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                retryOrFail(c, attempt, null, c.name() + " is unreachable: " + e.getMessage());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("interrupted");
            }
            res.headers().firstValue("Date").ifPresent(d -> skew(c, d));
            if (res.statusCode() == 429 || res.statusCode() >= 500) {
                retryOrFail(c, attempt, res.headers().firstValue("Retry-After").orElse(null),
                        c.name() + " answered HTTP " + res.statusCode());
                continue;
            }
            JsonNode body;
            try {
                body = JSON.readTree(res.body());
            } catch (IOException e) {
                throw new PlatformException(c.name() + " answered HTTP " + res.statusCode() + " with no JSON");
            }
            String code = body.at(c.response().errorCode()).asText("");
            if (!code.isEmpty()) {
                String message = body.at(c.response().errorMessage()).asText("");
                if (c.response().throttleCodes() != null && c.response().throttleCodes().contains(code)) {
                    retryOrFail(c, attempt, null, c.name() + " throttled: " + code + " " + message);
                    continue;
                }
                throw new PlatformException(c.name() + " error " + code + ": " + message);
            }
            if (res.statusCode() != 200) {
                throw new PlatformException(c.name() + " answered HTTP " + res.statusCode());
            }
            return body;
        }
    }

    private void retryOrFail(Connector c, int attempt, String retryAfter, String why) {
        Connector.Limits l = c.limits();
        if (attempt >= l.retries()) {
            throw new PlatformException(why + " (after " + (attempt + 1) + " attempts)");
        }
        long backoff = Math.min(l.maxBackoff().toMillis(), l.backoff().toMillis() << Math.min(attempt, 16));
        if (retryAfter != null && retryAfter.matches("[0-9]{1,4}")) {
            backoff = Math.min(l.maxBackoff().toMillis(), Math.max(backoff, Long.parseLong(retryAfter) * 1000));
        }
        LOG.info("{}; retry {} in {} ms", why, attempt + 1, backoff);
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted");
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
    static String form(Connector c, ChannelSettings.Shop shop, Instant from, Instant to, int page, int size) {
        Connector.Request r = c.request();
        Connector.Api a = c.api();
        ZoneId zone = ZoneId.of(r.zone() == null ? "Asia/Shanghai" : r.zone());
        Map<String, String> params = new TreeMap<>();
        params.put(r.apiParam(), a.name());
        params.put(r.appKeyParam(), shop.appKey());
        if (r.sessionParam() != null && shop.session() != null) {
            params.put(r.sessionParam(), shop.session());
        }
        params.put(r.timestampParam(), format(Instant.now(), r.timestampFormat(), zone));
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
        params.put(r.signParam(), sign(r.sign(), shop.secret(), params));
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

    /**
     * The platforms' request signature: MD5 over secret + every parameter but the signature itself,
     * sorted by name, as name and value concatenated + secret, in upper-case hex.
     */
    public static String sign(String algorithm, String secret, Map<String, String> params) {
        if (!"md5-wrapped".equals(algorithm)) {
            throw new IllegalStateException("unknown signature algorithm " + algorithm);
        }
        StringBuilder s = new StringBuilder(secret);
        new TreeMap<>(params).forEach((k, v) -> {
            if (!"sign".equals(k) && v != null) {
                s.append(k).append(v);
            }
        });
        s.append(secret);
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5")
                    .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- connectors -----------------------------------------------------------------------

    Connector connector(String name) {
        return connectors.computeIfAbsent(name, n -> {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            for (String location : connectorLocations) {
                String base = location.endsWith("/") ? location : location + "/";
                try {
                    for (Resource r : resolver.getResources(base + n + "/connector.yaml")) {
                        try (InputStream in = r.getInputStream()) {
                            return YAML.readValue(in, Connector.class);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read connector " + n + ": " + e.getMessage(), e);
                }
            }
            throw new IllegalStateException("no connector " + n + " (connectors/" + n + "/connector.yaml) in " + connectorLocations);
        });
    }

    /** Spaces requests to a platform's rate. */
    private static final class Pacer {
        private final long intervalNanos;
        private long next;

        Pacer(double perSecond) {
            this.intervalNanos = (long) (1_000_000_000L / Math.max(0.1, perSecond));
        }

        synchronized void acquire() {
            long now = System.nanoTime();
            long at = Math.max(now, next);
            next = at + intervalNanos;
            if (at > now) {
                try {
                    Thread.sleep((at - now) / 1_000_000, (int) ((at - now) % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
