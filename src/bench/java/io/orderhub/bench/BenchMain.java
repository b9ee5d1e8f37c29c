package io.orderhub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.orderhub.config.HubProperties;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.embedded.FreePorts;
import io.orderhub.stores.PartitionMaintainer;
import io.orderhub.stores.StoreSchemas;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark scenarios and writes target/bench/report.md and report.json.
 * Arguments: mode (quick|full|channels|e2e|soap|cutover), the hub jar, the output directory. The JVM ends by
 * itself after the report; a thread left running fails the run with its name instead.
 */
public final class BenchMain {

    static final long SEED = 20261122L;
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    static final String MARIA = "jdbc:mariadb://127.0.0.1:3306/";

    record Plan(Duration warmup, Duration max, Duration half, Duration baseline, int clients,
                        int baselineThreads, int jmhIterations, Duration soapStep) {
    }

    private static final Map<String, Plan> PLANS = Map.of(
            "quick", new Plan(Duration.ofSeconds(15), Duration.ofSeconds(120), Duration.ofSeconds(45),
                    Duration.ofSeconds(20), 32, 4, 3, Duration.ofSeconds(6)),
            "full", new Plan(Duration.ofSeconds(30), Duration.ofSeconds(300), Duration.ofSeconds(180),
                    Duration.ofSeconds(60), 32, 4, 5, Duration.ofSeconds(30)),
            // only the channel scenarios (mappings and the GBK file), about 3 minutes
            "channels", new Plan(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 0, 3, Duration.ZERO),
            // the quick plan's footprint, end-to-end intake and SOAP scenarios, no JMH: about 7 minutes
            "e2e", new Plan(Duration.ofSeconds(15), Duration.ofSeconds(120), Duration.ofSeconds(45),
                    Duration.ofSeconds(20), 32, 4, 3, Duration.ofSeconds(6)),
            // only the SOAP scenario, short steps: about 2 minutes with the hub's start; checks the run ends by itself
            "soap", new Plan(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 0, 0, Duration.ofSeconds(2)),
            // only the cutover write path (DUAL_WRITE, then LIVE, each against its raw baseline): about 7 minutes
            "cutover", new Plan(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(45),
                    Duration.ofSeconds(30), 32, 4, 0, Duration.ZERO));

    private static ObjectNode soapScenario;

    private BenchMain() {
    }

    /** QueryMember and SubmitOrder through the hub at 1, 16 and 100 clients, against a bare CXF echo. */
    private static ObjectNode soap(String hubUrl, HikariDataSource hubMaria, Plan plan) throws Exception {
        try (Connection c = hubMaria.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT IGNORE INTO CRM_MEMBER (CARD_NO, UNION_ID, MEMBER_NAME, MOBILE, LEVEL_CODE, POINTS,"
                    + " REGION_CODE, CREATE_TIME, UPDATE_TIME) VALUES ('88009990001', 'benchUnion01', '测试会员',"
                    + " '13800000001', '02', 100, '310000', NOW(), NOW())");
        }
        int echoPort = FreePorts.find();
        ObjectNode s = CanonicalJson.mapper().createObjectNode();
        s.put("name", "SOAP POS");
        s.put("what", "generated CXF client -> hub /services/crm (new path: member table, canonical intake)");
        s.put("baseline", "bare CXF endpoint of the same contract with the same guards, answering at once");
        ArrayNode rows = s.putArray("results");
        try (SoapLoad.Echo echo = SoapLoad.echo(echoPort)) {
            SoapLoad hub = new SoapLoad(hubUrl);
            SoapLoad bare = new SoapLoad("http://127.0.0.1:" + echoPort + "/crm");
            AtomicLong seq = new AtomicLong();
            hub.run("warm-up", (crm, n) -> SoapLoad.queryMember(crm, "88009990001"), 16, Duration.ofSeconds(5), seq);
            bare.run("warm-up", (crm, n) -> SoapLoad.queryMember(crm, "88009990001"), 16, Duration.ofSeconds(3), seq);
            for (int clients : new int[] {1, 16, 100}) {
                var echoQm = bare.run("echo QueryMember", (crm, n) -> SoapLoad.queryMember(crm, "88009990001"),
                        clients, plan.soapStep(), seq);
                var qm = hub.run("QueryMember", (crm, n) -> SoapLoad.queryMember(crm, "88009990001"), clients,
                        plan.soapStep(), seq);
                var so = hub.run("SubmitOrder", SoapLoad::submit, clients, plan.soapStep(), seq);
                for (var r : List.of(echoQm, qm, so)) {
                    ObjectNode row = rows.addObject();
                    row.put("op", r.op());
                    row.put("clients", r.clients());
                    row.put("callsPerSecond", round(r.callsPerSecond()));
                    row.put("p50Ms", r.p50Ms());
                    row.put("p99Ms", r.p99Ms());
                    row.put("failed", r.failed());
                    if (r != echoQm) {
                        row.put("p99RatioToEcho", round(r.p99Ms() / echoQm.p99Ms()));
                    }
                }
            }
        } finally {
            // the clients' conduits live on the default bus
            Bus clients = BusFactory.getDefaultBus(false);
            if (clients != null) {
                clients.shutdown(true);
            }
        }
        return s;
    }

    /** The SOAP scenario alone: the hub on fresh databases of the machine's servers, no intake load. */
    private static void soapOnly(Path jar, Path out, Plan plan) throws Exception {
        String hubDb = "bench_" + System.currentTimeMillis() + "_soap";
        createDatabases(hubDb);
        try (HikariDataSource hubMaria = pool(MARIA + hubDb, "root")) {
            Map<String, String> env = new HashMap<>();
            env.put("ORDERHUB_NEW_STORE_URL", PG + hubDb);
            env.put("ORDERHUB_NEW_STORE_USERNAME", "postgres");
            env.put("ORDERHUB_OLD_STORE_URL", MARIA + hubDb);
            env.put("ORDERHUB_OLD_STORE_USERNAME", "root");
            env.put("ORDERHUB_KAFKA_EMBEDDED_PORT", String.valueOf(FreePorts.find()));
            try (HubProcess hub = HubProcess.start(jar, out.resolve("soap-data"), FreePorts.find(), env,
                    out.resolve("hub-soap.log"))) {
                hub.awaitReady(300);
                soapScenario = soap(hub.base() + "/services/crm", hubMaria, plan);
            }
        } finally {
            dropDatabases(hubDb);
        }
    }

    /**
     * The report is written; every thread the run started must now end by itself. A non-daemon thread
     * left behind (as the echo server's XNIO workers once were) would keep this JVM, and with it
     * {@code ./mvnw -Pbench verify}, alive for good: name it and fail instead of hanging.
     */
    private static void requireAllThreadsEnded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Thread> left = nonDaemonThreads();
        for (Thread t : left) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        left = nonDaemonThreads();
        if (left.isEmpty()) {
            log("done; no thread left running");
            return;
        }
        System.err.println("[bench] threads still running after the report, which would keep this JVM alive:");
        for (Thread t : left) {
            System.err.println("  \"" + t.getName() + "\" " + t.getState());
            for (StackTraceElement e : t.getStackTrace()) {
                System.err.println("      at " + e);
            }
        }
        System.exit(1);
    }

    private static List<Thread> nonDaemonThreads() {
        Thread self = Thread.currentThread();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t != self && t.isAlive() && !t.isDaemon() && !"DestroyJavaVM".equals(t.getName()))
                .toList();
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        Path jar = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Plan plan = PLANS.get(mode);
        deleteTree(out);
        Files.createDirectories(out);
        ObjectNode report = CanonicalJson.mapper().createObjectNode();
        report.put("mode", mode);
        report.put("startedAt", Instant.now().toString());
        report.set("machine", machine());
        ObjectNode setup = report.putObject("setup");
        setup.put("loadGenerator", "channels".equals(mode) ? "none (in-process mapping scenarios only)"
                : "java.net.http.HttpClient (HTTP/1.1) in its own JVM; closed loop with " + plan.clients()
                + " clients for the maximum rate, open loop (latency from intended send time) at half of it");
        setup.put("loadGeneratorJvm", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        setup.put("hubJvm", String.join(" ", HubProcess.JVM_FLAGS) + " -jar " + jar.getFileName());
        setup.put("data", "seeded generator (seed " + SEED + "): canonical orders of 1-4 lines, ~"
                + averageSize() + " bytes of JSON each");
        ArrayNode scenarios = report.putArray("scenarios");

        if ("cutover".equals(mode)) {
            log("cutover write path");
            scenarios.add(CutoverBench.run(jar, out, plan));
        } else if ("soap".equals(mode)) {
            log("SOAP POS");
            soapOnly(jar, out, plan);
            scenarios.add(soapScenario);
        } else {
            if (!"channels".equals(mode)) {
                log("footprint");
                scenarios.add(footprint(jar, out));
                log("intake");
                intake(jar, out, plan, scenarios);
                if (soapScenario != null) {
                    scenarios.add(soapScenario);
                }
            }
            if (!"e2e".equals(mode)) {
                log("mapping (JMH)");
                scenarios.add(mapping(plan));
                log("channel mappings (JMH)");
                channelMappings(scenarios);
                log("GBK CSV file, 1M lines");
                scenarios.add(CsvFileBench.run(out, 1_000_000));
            }
        }

        report.put("finishedAt", Instant.now().toString());
        Files.writeString(out.resolve("report.json"),
                CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        String md = Markdown.render(report);
        Files.writeString(out.resolve("report.md"), md);
        System.out.println(md);
        requireAllThreadsEnded();
    }

    // --- footprint ---------------------------------------------------------------------------

    private static ObjectNode footprint(Path jar, Path out) throws Exception {
        ObjectNode s = CanonicalJson.mapper().createObjectNode();
        s.put("name", "footprint");
        s.put("what", "hub with embedded PostgreSQL, MariaDB, Kafka (KRaft) and Artemis; ready = /actuator/health UP");
        Path data = out.resolve("footprint-data");
        ArrayNode phases = s.putArray("phases");
        for (String phase : List.of("first start (initialises data)", "restart (existing data)")) {
            int port = FreePorts.find();
            try (HubProcess hub = HubProcess.start(jar, data, port,
                    Map.of("ORDERHUB_KAFKA_EMBEDDED_PORT", String.valueOf(FreePorts.find())),
                    out.resolve("hub-footprint.log"))) {
                long ms = hub.awaitReady(300);
                Thread.sleep(3000);
                ObjectNode p = phases.addObject();
                p.put("phase", phase);
                p.put("readyMs", ms);
                p.put("rssMiB", hub.rssMib());
                p.put("hubJvmRssMiB", hub.jvmRssMib());
            }
        }
        return s;
    }

    // --- intake and its raw baseline ----------------------------------------------------------

    private static void intake(Path jar, Path out, Plan plan, ArrayNode scenarios) throws Exception {
        String run = "bench_" + System.currentTimeMillis();
        String hubDb = run + "_hub";
        String rawDb = run + "_raw";
        String shop = "bench-" + System.currentTimeMillis();
        createDatabases(hubDb, rawDb);
        int kafkaPort = FreePorts.find();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        try (HikariDataSource rawPg = pool(PG + rawDb, "postgres");
             HikariDataSource rawMaria = pool(MARIA + rawDb, "root");
             HikariDataSource hubPg = pool(PG + hubDb, "postgres");
             HikariDataSource hubMaria = pool(MARIA + hubDb, "root")) {
            StoreSchemas rawSchemas = new StoreSchemas(rawPg, rawMaria, new PartitionMaintainer(rawPg), new HubProperties());
            if (!rawSchemas.ready()) {
                throw new IllegalStateException("baseline schemas not ready: " + rawSchemas.health());
            }
            rawSchemas.close();
            Map<String, String> env = new HashMap<>();
            env.put("ORDERHUB_NEW_STORE_URL", PG + hubDb);
            env.put("ORDERHUB_NEW_STORE_USERNAME", "postgres");
            env.put("ORDERHUB_OLD_STORE_URL", MARIA + hubDb);
            env.put("ORDERHUB_OLD_STORE_USERNAME", "root");
            env.put("ORDERHUB_KAFKA_EMBEDDED_PORT", String.valueOf(kafkaPort));
            int port = FreePorts.find();
            try (HubProcess hub = HubProcess.start(jar, out.resolve("intake-data"), port, env, out.resolve("hub-intake.log"))) {
                hub.awaitReady(300);
                createTopic(bootstrap, "bench.raw");

                log("  raw baseline " + plan.baseline().toSeconds() + " s");
                AtomicLong rawSeq = new AtomicLong();
                double raw = new RawBaseline(rawPg, rawMaria, bootstrap, "bench.raw")
                        .run(new OrderGenerator(SEED, shop + "-raw"), rawSeq, plan.baselineThreads(), 100, plan.baseline());

                AtomicLong seq = new AtomicLong();
                IntakeLoad load = new IntakeLoad(hub.base(), new OrderGenerator(SEED, shop), seq);
                log("  warm-up " + plan.warmup().toSeconds() + " s");
                load.closedLoop("warm-up", plan.clients(), plan.warmup());
                log("  maximum rate " + plan.max().toSeconds() + " s");
                IntakeLoad.Phase max = load.closedLoop("maximum rate", plan.clients(), plan.max());
                double halfRate = Math.max(1, max.ordersPerSecond() / 2);
                log("  half rate (" + Math.round(halfRate) + "/s) " + plan.half().toSeconds() + " s");
                IntakeLoad.Phase half = load.openLoop("50% of maximum", halfRate, plan.half(), 4096);
                long rssAfterLoad = hub.rssMib();

                log("  checking both stores and the topic");
                ObjectNode check = verify(hubPg, hubMaria, bootstrap, load.acceptedIds, shop);

                log("  SOAP POS");
                soapScenario = soap(hub.base() + "/services/crm", hubMaria, plan);

                ObjectNode s = scenarios.addObject();
                s.put("name", "end-to-end intake");
                s.put("what", "POST /api/orders -> validate -> old store (MariaDB 10.11) -> new store (PostgreSQL 15)"
                        + " + outbox -> Kafka (embedded KRaft in the hub)");
                s.put("ordersPerSecond", round(max.ordersPerSecond()));
                s.put("baselineOrdersPerSecond", round(raw));
                s.put("ratioToBaseline", round(max.ordersPerSecond() / raw));
                s.put("baseline", "plain JDBC batches of 100 into both schemas + KafkaProducer acks=all, "
                        + plan.baselineThreads() + " threads, same servers");
                ArrayNode phases = s.putArray("phases");
                phases.add(phase(max));
                phases.add(phase(half));
                s.set("check", check);
                s.put("hubRssAfterLoadMiB", rssAfterLoad);
            }
        } finally {
            dropDatabases(hubDb, rawDb);
        }
    }

    private static ObjectNode phase(IntakeLoad.Phase p) {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("phase", p.name());
        n.put("seconds", round(p.seconds()));
        if (!Double.isNaN(p.offeredRate())) {
            n.put("offeredPerSecond", round(p.offeredRate()));
        }
        n.put("ordersPerSecond", round(p.ordersPerSecond()));
        n.put("accepted", p.accepted());
        n.put("duplicateAnswers", p.duplicates());
        n.put("failed", p.failed());
        Histogram h = p.latencyMicros();
        n.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
        n.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
        n.put("p999Ms", h.getValueAtPercentile(99.9) / 1000.0);
        n.put("maxMs", h.getMaxValue() / 1000.0);
        return n;
    }

    /** Lost and duplicated orders, counted in both stores and on the topic after the outbox drained. */
    private static ObjectNode verify(HikariDataSource pg, HikariDataSource maria, String bootstrap, Set<String> accepted,
                                     String shop) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count(pg, "SELECT count(*) FROM outbox WHERE 1 = ?", 1) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ObjectNode c = CanonicalJson.mapper().createObjectNode();
        c.put("acceptedOrders", accepted.size());
        Set<String> inPg = ids(pg, "SELECT order_id::text FROM orders WHERE shop_id = ?", shop);
        Set<String> inMaria = ids(maria, "SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE SHOP_CODE = ?", shop);
        c.put("lostNewStore", missing(accepted, inPg));
        c.put("lostOldStore", missing(accepted, inMaria));
        c.put("duplicatedNewStore", count(pg, "SELECT count(*) - count(DISTINCT channel_order_id) FROM orders"
                + " WHERE shop_id = ?", shop));
        c.put("duplicatedOldStore", count(maria, "SELECT COUNT(*) - COUNT(DISTINCT EXT_ORDER_NO) FROM CRM_ORDER_HEAD"
                + " WHERE SHOP_CODE = ?", shop));
        // stored although the client saw no 201 (a time-out, say): not lost, but worth knowing
        c.put("storedWithout201NewStore", missing(inPg, accepted));
        c.put("storedWithout201OldStore", missing(inMaria, accepted));
        Map<String, Integer> events = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orderhub.order-events"));
            long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long hardEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < quietUntil && System.nanoTime() < hardEnd) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    if (accepted.contains(r.key()) && r.value().contains("\"OrderCreated\"")) {
                        events.merge(r.key(), 1, Integer::sum);
                    }
                }
            }
        }
        c.put("lostOnTopic", missing(accepted, events.keySet()));
        c.put("duplicatedOnTopic", events.values().stream().mapToInt(i -> i - 1).sum());
        return c;
    }

    private static long missing(Collection<String> expected, Set<String> found) {
        return expected.stream().filter(id -> !found.contains(id)).count();
    }

    // --- mapping ----------------------------------------------------------------------------

    private static ObjectNode mapping(Plan plan) throws Exception {
        Options opts = new OptionsBuilder()
                .include(MappingBenchmark.class.getName())
                .forks(2)
                .threads(1)
                .warmupIterations(4)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(plan.jmhIterations())
                .measurementTime(TimeValue.seconds(3))
                .jvmArgs("-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        ObjectNode s = CanonicalJson.mapper().createObjectNode();
        s.put("name", "mapping (one core)");
        s.put("what", "canonical JSON -> validated CanonicalOrder (the choke point)");
        double ours = 0;
        double base = 0;
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (label.endsWith("canonicalReadAndValidate")) {
                ours = score;
                s.put("scoreError", round(r.getPrimaryResult().getScoreError()));
                s.put("spread", "measured iterations " + round(r.getPrimaryResult().getStatistics().getMin()) + " to "
                        + round(r.getPrimaryResult().getStatistics().getMax()) + " orders/s (2 forks)");
            } else {
                base = score;
            }
        }
        s.put("ordersPerSecond", round(ours));
        s.put("baselineOrdersPerSecond", round(base));
        s.put("ratioToBaseline", round(ours / base));
        s.put("baseline", "plain Jackson readValue of the same JSON into the same record, no validation");
        return s;
    }

    private static void channelMappings(ArrayNode scenarios) throws Exception {
        // JSONata and Jackson take several seconds of one core to reach their compiled form: short
        // warm-ups measured iterations that were still rising; two forks show the fork-to-fork spread
        Options opts = new OptionsBuilder()
                .include(ChannelMappingBenchmark.class.getName())
                .forks(2)
                .threads(1)
                .warmupIterations(6)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(4)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xmx512m")
                .build();
        Map<String, double[]> byChannel = new java.util.TreeMap<>();
        for (RunResult r : new Runner(opts).run()) {
            String channel = r.getParams().getParam("channel");
            double[] v = byChannel.computeIfAbsent(channel, c -> new double[5]);
            if (r.getParams().getBenchmark().endsWith("mapAndValidate")) {
                v[0] = r.getPrimaryResult().getScore();
                v[2] = r.getPrimaryResult().getScoreError();
                v[3] = r.getPrimaryResult().getStatistics().getMin();
                v[4] = r.getPrimaryResult().getStatistics().getMax();
            } else {
                v[1] = r.getPrimaryResult().getScore();
            }
        }
        byChannel.forEach((channel, v) -> {
            ObjectNode s = scenarios.addObject();
            s.put("name", "channel mapping, " + channel + " (one core)");
            s.put("what", "a platform record (the channel's golden examples that map) -> validated canonical order,"
                    + " master data resolved");
            s.put("ordersPerSecond", round(v[0]));
            s.put("scoreError", round(v[2]));
            s.put("spread", "measured iterations " + round(v[3]) + " to " + round(v[4]) + " orders/s (2 forks x 4)");
            s.put("baselineOrdersPerSecond", round(v[1]));
            s.put("ratioToBaseline", round(v[0] / v[1]));
            s.put("baseline", "the choke point alone (strict canonical read and validation) on the mapped JSON");
        });
    }

    // --- plumbing ---------------------------------------------------------------------------

    private static ObjectNode machine() throws IOException, SQLException {
        ObjectNode m = CanonicalJson.mapper().createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            m.put("cpu", lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"));
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            m.put("memory", lines.filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("unknown"));
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try (Connection c = DriverManager.getConnection(PG + "test", "postgres", "")) {
            m.put("postgresql", scalar(c, "SHOW server_version"));
        }
        try (Connection c = DriverManager.getConnection(MARIA + "test", "root", "")) {
            m.put("mariadb", scalar(c, "SELECT VERSION()"));
        }
        return m;
    }

    private static int averageSize() {
        OrderGenerator g = new OrderGenerator(SEED, "size");
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            total += g.next(i).getBytes(StandardCharsets.UTF_8).length;
        }
        return (int) (total / 1000);
    }

    static void createDatabases(String... names) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG + "test", "postgres", ""); Statement st = c.createStatement()) {
            for (String n : names) {
                st.execute("CREATE DATABASE " + n);
            }
        }
        try (Connection c = DriverManager.getConnection(MARIA + "test", "root", ""); Statement st = c.createStatement()) {
            for (String n : names) {
                st.execute("CREATE DATABASE " + n + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }
        }
    }

    static void dropDatabases(String... names) {
        try (Connection c = DriverManager.getConnection(PG + "test", "postgres", ""); Statement st = c.createStatement()) {
            for (String n : names) {
                st.execute("DROP DATABASE IF EXISTS " + n + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            log("could not drop PostgreSQL bench databases: " + e.getMessage());
        }
        try (Connection c = DriverManager.getConnection(MARIA + "test", "root", ""); Statement st = c.createStatement()) {
            for (String n : names) {
                st.execute("DROP DATABASE IF EXISTS " + n);
            }
        } catch (SQLException e) {
            log("could not drop MariaDB bench databases: " + e.getMessage());
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

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static long count(HikariDataSource ds, String sql, Object arg) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> ids(HikariDataSource ds, String sql, String arg) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
    }

    static void log(String s) {
        System.out.println("[bench " + Instant.now() + "] " + s);
    }
}
