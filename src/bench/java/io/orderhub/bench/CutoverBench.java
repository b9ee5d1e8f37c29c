package io.orderhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.config.HubProperties;
import io.orderhub.embedded.FreePorts;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.PartitionMaintainer;
import io.orderhub.stores.StoreSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The cutover write path (issue 11): end-to-end REST intake with the default cohort's ORDERS phase
 * at DUAL_WRITE, then at LIVE (set through the admin API), each against a raw baseline that writes
 * the same rows, outbox rows and Kafka records ({@link CutoverBaseline}). Per phase: the maximum rate
 * (closed loop), then half of it open loop for the accept latency, and the secondary lag at half load
 * from the hub's {@code orderhub_sync_lag_seconds} when it publishes it, and from a probe that looks
 * for sampled accepted orders in the secondary store. Figures only; nothing is asserted.
 */
final class CutoverBench {

    static final String TOPIC = "bench.cutover.raw";
    private static final String COHORT = "everyone";
    /** Orders per baseline transaction; -Dbench.cutover.batch=n (in bench.jvm) to try others. */
    private static final int BASELINE_BATCH = Integer.getInteger("bench.cutover.batch", 500);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private CutoverBench(String base) {
        this.base = base;
    }

    static ObjectNode run(Path jar, Path out, BenchMain.Plan plan) throws Exception {
        String run = "bench_" + System.currentTimeMillis();
        String hubDb = run + "_cut";
        String rawDb = run + "_cutraw";
        String shop = "cut-" + System.currentTimeMillis();
        BenchMain.createDatabases(hubDb, rawDb);
        ObjectNode s = CanonicalJson.mapper().createObjectNode();
        s.put("name", "cutover write path");
        s.put("what", "POST /api/orders with the default cohort's ORDERS phase set through the admin API:"
                + " the authoritative store's rows and outbox rows in the request, the secondary store and Kafka"
                + " after it. Maximum rate closed loop (" + plan.clients() + " clients), then half of it open loop"
                + " (latency from the intended send time)");
        int baselineThreads = Integer.getInteger("bench.cutover.threads", plan.baselineThreads());
        s.put("baseline", "a minimal program (" + baselineThreads + " threads, one transaction per batch of "
                + BASELINE_BATCH + " orders, pgjdbc reWriteBatchedInserts, MariaDB Connector/J bulk statements):"
                + " legacy numbers from SEQ_ORDER_NO (one query per batch), the authoritative store's rows with"
                + " its sync and event outbox rows, the Kafka records (acks=all, idempotent, linger 5 ms), the"
                + " secondary store's rows as a versioned upsert, then the outbox rows deleted; no Artemis (the"
                + " secondary write is done from memory), no validation");
        ArrayNode rows = s.putArray("phases");
        try (HikariDataSource rawPg = pool(BenchMain.PG + rawDb + "?reWriteBatchedInserts=true", "postgres");
             HikariDataSource rawMaria = pool(BenchMain.MARIA + rawDb + "?useBulkStmts=true&useBulkStmtsForInserts=true",
                     "root");
             HikariDataSource hubPg = pool(BenchMain.PG + hubDb, "postgres");
             HikariDataSource hubMaria = pool(BenchMain.MARIA + hubDb, "root")) {
            StoreSchemas rawSchemas = new StoreSchemas(rawPg, rawMaria, new PartitionMaintainer(rawPg), new HubProperties());
            if (!rawSchemas.ready()) {
                throw new IllegalStateException("baseline schemas not ready: " + rawSchemas.health());
            }
            rawSchemas.close();
            Map<String, String> env = new HashMap<>();
            env.put("ORDERHUB_NEW_STORE_URL", BenchMain.PG + hubDb);
            env.put("ORDERHUB_NEW_STORE_USERNAME", "postgres");
            env.put("ORDERHUB_OLD_STORE_URL", BenchMain.MARIA + hubDb);
            env.put("ORDERHUB_OLD_STORE_USERNAME", "root");
            try (HubProcess hub = startHub(jar, out, env)) {
                String bootstrap = "127.0.0.1:" + env.get("ORDERHUB_KAFKA_EMBEDDED_PORT");
                BenchMain.createTopic(bootstrap, TOPIC);
                CutoverBench bench = new CutoverBench(hub.base());
                s.put("hubPublishesSyncLag", bench.metrics().contains("orderhub_sync_lag_seconds"));
                s.put("hubPublishesSyncBacklog", bench.metrics().contains("orderhub_sync_backlog"));
                LegacyMapping mapping = LegacyMapping.load();
                AtomicLong rawSeq = new AtomicLong();
                AtomicLong seq = new AtomicLong();
                for (String phase : List.of("DUAL_WRITE", "LIVE")) {
                    boolean live = phase.equals("LIVE");
                    BenchMain.log("cutover " + phase);
                    bench.setOrdersPhase(live ? List.of("SHADOW", "LIVE") : List.of("DUAL_WRITE"));
                    BenchMain.log("  raw baseline " + plan.baseline().toSeconds() + " s");
                    CutoverBaseline.Result raw = new CutoverBaseline(rawPg, rawMaria, mapping, bootstrap, TOPIC, COHORT)
                            .run(live ? CutoverBaseline.Authority.NEW : CutoverBaseline.Authority.OLD,
                                    new OrderGenerator(BenchMain.SEED, shop + "-raw-" + phase), rawSeq,
                                    baselineThreads, BASELINE_BATCH, plan.baseline());
                    BenchMain.log("  raw baseline " + Math.round(raw.ordersPerSecond()) + " orders/s");
                    ObjectNode rawCheck = rawCheck(rawPg, rawMaria, shop + "-raw-" + phase);
                    BenchMain.log("  raw baseline rows " + rawCheck);

                    String phaseShop = shop + "-" + phase;
                    IntakeLoad load = new IntakeLoad(hub.base(), new OrderGenerator(BenchMain.SEED, phaseShop), seq);
                    DataSource secondary = live ? hubMaria : hubPg;
                    BenchMain.log("  warm-up " + plan.warmup().toSeconds() + " s");
                    load.closedLoop("warm-up", plan.clients(), plan.warmup());
                    BenchMain.log("  maximum rate " + plan.max().toSeconds() + " s");
                    IntakeLoad.Phase max = load.closedLoop("maximum rate", plan.clients(), plan.max());
                    String loadAtMax = loadAverage();
                    double drainAfterMax = bench.awaitDrained(secondary, live, phaseShop, load.acceptedIds.size());
                    double halfRate = Math.max(1, max.ordersPerSecond() / 2);
                    BenchMain.log("  half rate (" + Math.round(halfRate) + "/s) " + plan.half().toSeconds() + " s");
                    String before = bench.metrics();
                    IntakeLoad.Phase half;
                    Histogram probe;
                    int unresolved;
                    try (LagProbe lag = new LagProbe(secondary, live, 5)) {
                        load.onAccepted(lag::accepted);
                        half = load.openLoop("50% of maximum", halfRate, plan.half(), 4096);
                        load.onAccepted(null);
                        probe = lag.finish(120);
                        unresolved = lag.unresolved();
                    }
                    String after = bench.metrics();
                    double drainAfterHalf = bench.awaitDrained(secondary, live, phaseShop, load.acceptedIds.size());

                    ObjectNode row = rows.addObject();
                    row.put("phase", phase);
                    row.put("ordersPerSecond", BenchMain.round(max.ordersPerSecond()));
                    row.put("failedAtMax", max.failed());
                    row.put("baselineOrdersPerSecond", BenchMain.round(raw.ordersPerSecond()));
                    row.put("baselineOrders", raw.orders());
                    row.put("baselineDeadlockRetries", raw.retries());
                    row.set("baselineRows", rawCheck);
                    row.put("ratioToBaseline", BenchMain.round(max.ordersPerSecond() / raw.ordersPerSecond()));
                    row.put("halfOfferedPerSecond", BenchMain.round(halfRate));
                    row.put("halfAcceptedPerSecond", BenchMain.round(half.ordersPerSecond()));
                    row.put("failedAtHalf", half.failed());
                    row.put("acceptP50Ms", half.latencyMicros().getValueAtPercentile(50) / 1000.0);
                    row.put("acceptP99Ms", half.latencyMicros().getValueAtPercentile(99) / 1000.0);
                    row.put("acceptMaxMs", half.latencyMicros().getMaxValue() / 1000.0);
                    String store = live ? "OLD" : "NEW";
                    OptionalDouble hubLag = lagP99(before, after, store);
                    if (hubLag.isPresent()) {
                        row.put("hubLagP99Ms", BenchMain.round(hubLag.getAsDouble() * 1000));
                    }
                    row.put("probeLagP99Ms", probe.getTotalCount() == 0 ? null
                            : probe.getValueAtPercentile(99) / 1000.0);
                    row.put("probeSamples", probe.getTotalCount());
                    row.put("probeUnresolved", unresolved);
                    // other processes on the same cores lower every figure: the machine's load average says how busy it was
                    row.put("loadAverageAtMax", loadAtMax);
                    row.put("loadAverageAtHalf", loadAverage());
                    row.put("drainAfterMaxSeconds", BenchMain.round(drainAfterMax));
                    row.put("drainAfterHalfSeconds", BenchMain.round(drainAfterHalf));
                    row.put("backlogAfter", bench.backlog().isPresent() ? bench.backlog().getAsDouble() : null);
                }
            }
        } finally {
            BenchMain.dropDatabases(hubDb, rawDb);
        }
        return s;
    }

    /**
     * The hub on ports picked now; other processes of the machine may take a port before the hub binds
     * it (the hub then exits), so a start is tried up to three times, each on fresh ports and data.
     */
    private static HubProcess startHub(Path jar, Path out, Map<String, String> env) throws Exception {
        for (int attempt = 1; ; attempt++) {
            env.put("ORDERHUB_KAFKA_EMBEDDED_PORT", String.valueOf(FreePorts.find()));
            HubProcess hub = HubProcess.start(jar, out.resolve("cutover-data-" + attempt), FreePorts.find(), env,
                    out.resolve("hub-cutover-" + attempt + ".log"));
            try {
                BenchMain.log("  hub ready in " + hub.awaitReady(300) + " ms");
                return hub;
            } catch (IllegalStateException e) {
                hub.close();
                if (attempt == 3) {
                    throw e;
                }
                BenchMain.log("  hub start " + attempt + " failed (" + e.getMessage() + "), trying other ports");
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }

    /** What the baseline left in both stores for its shop: the same rows in each, no outbox row left. */
    private static ObjectNode rawCheck(DataSource pg, DataSource maria, String shop) throws SQLException {
        ObjectNode c = CanonicalJson.mapper().createObjectNode();
        c.put("oldStoreOrders", scalar(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE SHOP_CODE = ?", shop));
        c.put("oldStoreDocuments", scalar(maria, "SELECT COUNT(*) FROM HUB_ORDER_DOC d JOIN CRM_ORDER_HEAD h"
                + " ON h.ORDER_NO = d.ORDER_NO WHERE h.SHOP_CODE = ?", shop));
        c.put("newStoreOrders", scalar(pg, "SELECT count(*) FROM orders WHERE shop_id = ?", shop));
        c.put("newStoreChannelKeys", scalar(pg, "SELECT count(*) FROM order_channel_keys WHERE shop_id = ?", shop));
        c.put("outboxRowsLeft", scalar(maria, "SELECT (SELECT COUNT(*) FROM HUB_SYNC_OUTBOX)"
                + " + (SELECT COUNT(*) FROM HUB_EVENT_OUTBOX)", null)
                + scalar(pg, "SELECT (SELECT count(*) FROM sync_outbox) + (SELECT count(*) FROM outbox)", null));
        return c;
    }

    private static long scalar(DataSource ds, String sql, String arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static HikariDataSource pool(String url, String user) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword("");
        ds.setMaximumPoolSize(8);
        return ds;
    }

    // --- the admin API ------------------------------------------------------------------------------

    /** Puts the default cohort's ORDERS phase through each of {@code steps} in turn, one rules version each. */
    void setOrdersPhase(List<String> steps) throws Exception {
        for (String phase : steps) {
            JsonNode current = CanonicalJson.mapper().readTree(send(HttpRequest.newBuilder(
                    URI.create(base + "/api/admin/cutover/rules")).GET(), 200));
            ObjectNode rules = (ObjectNode) current.get("rules").deepCopy();
            String defaultCohort = rules.get("defaultCohort").asText();
            for (JsonNode c : rules.get("cohorts")) {
                if (c.get("name").asText().equals(defaultCohort)) {
                    ((ObjectNode) c.get("phases")).put("ORDERS", phase);
                }
            }
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("reason", "bench: default cohort's ORDERS to " + phase);
            body.put("basedOnVersion", current.get("version").asLong());
            body.set("rules", rules);
            String answer = send(HttpRequest.newBuilder(URI.create(base + "/api/admin/cutover/rules"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), 200);
            BenchMain.log("  rules: ORDERS " + phase + " -> " + answer);
        }
        // every instance picks a version up within a second; this one answered from it already
        Thread.sleep(1500);
    }

    private String send(HttpRequest.Builder b, int expected) throws Exception {
        HttpResponse<String> r = http.send(b.header("X-Api-Key", HubProcess.KEY).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode()
                    + ": " + r.body());
        }
        return r.body();
    }

    // --- metrics ------------------------------------------------------------------------------------

    String metrics() throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET(), 200);
    }

    private record Sample(String name, String labels, double value) {
    }

    private static List<Sample> samples(String text, String name) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(name)) {
                try {
                    out.add(new Sample(m.group(1), m.group(3) == null ? "" : m.group(3), Double.parseDouble(m.group(4))));
                } catch (NumberFormatException ignored) {
                    // not a sample value
                }
            }
        }
        return out;
    }

    /** Pending secondary writes (dead-lettered ones apart), if the hub publishes them. */
    OptionalDouble backlog() throws Exception {
        List<Sample> all = samples(metrics(), "orderhub_sync_backlog");
        if (all.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(all.stream().filter(x -> !x.labels().toLowerCase().contains("dead"))
                .mapToDouble(Sample::value).sum());
    }

    /**
     * p99 of the secondary lag during the half-load phase, in seconds: from the histogram buckets'
     * difference over the phase when the timer publishes buckets, else its published 0.99 quantile
     * (a decaying window, which may still hold some of the maximum-rate phase). Series of the
     * phase's secondary store when they carry a store label.
     */
    static OptionalDouble lagP99(String before, String after, String store) {
        List<Sample> afterBuckets = ofStore(samples(after, "orderhub_sync_lag_seconds_bucket"), store);
        if (!afterBuckets.isEmpty()) {
            Map<Double, Double> counts = new java.util.TreeMap<>();
            for (Sample b : afterBuckets) {
                counts.merge(le(b.labels()), b.value(), Double::sum);
            }
            for (Sample b : ofStore(samples(before, "orderhub_sync_lag_seconds_bucket"), store)) {
                counts.merge(le(b.labels()), -b.value(), Double::sum);
            }
            double total = counts.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
            if (total > 0) {
                for (Map.Entry<Double, Double> e : counts.entrySet()) {
                    if (e.getValue() >= 0.99 * total) {
                        return OptionalDouble.of(e.getKey());
                    }
                }
            }
        }
        List<Sample> q = ofStore(samples(after, "orderhub_sync_lag_seconds"), store).stream()
                .filter(x -> x.labels().contains("quantile=\"0.99\"")).toList();
        return q.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(q.stream().mapToDouble(Sample::value).max().getAsDouble());
    }

    private static List<Sample> ofStore(List<Sample> all, String store) {
        List<Sample> tagged = all.stream().filter(x -> x.labels().contains("\"" + store + "\"")).toList();
        return tagged.isEmpty() ? all : tagged;
    }

    private static double le(String labels) {
        Matcher m = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
        if (!m.find()) {
            return Double.NaN;
        }
        return m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
    }

    /**
     * Waits until the secondary store holds every order accepted for the shop and, if the hub publishes
     * it, the sync backlog is empty; answers the seconds waited (at most 180).
     */
    double awaitDrained(DataSource secondary, boolean oldStore, String shop, long accepted) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            OptionalDouble b = backlog();
            if ((b.isEmpty() || b.getAsDouble() == 0) && count(secondary, oldStore, shop) >= accepted) {
                break;
            }
            Thread.sleep(200);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long count(DataSource ds, boolean oldStore, String shop) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(oldStore
                ? "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE SHOP_CODE = ?"
                : "SELECT count(*) FROM orders WHERE shop_id = ?")) {
            ps.setString(1, shop);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
