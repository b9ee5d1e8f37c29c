package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.support.HostileClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import io.orderhub.support.Sql;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The hostile-input corpus: every file under {@code src/test/resources/hostile/<intake>/} is sent
 * through its intake, and {@code manifest.tsv} beside the files says what must come of it. For
 * every case: no 5xx (a SOAP Fault is HTTP 500 by SOAP 1.1, so there: a CrmFault with the expected
 * code and never CRM-9999), each rejection a documented 4xx problem+json, CrmFault or error-file
 * line; nothing stored or half-stored (both stores checked by the case's order id); no connection
 * from a parser (a local listener stands at {@code {{CANARY_URL}}}); no local file content echoed;
 * and {@code /actuator/health} UP afterwards.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/hostile");
    static final Set<String> PROBLEM_TYPES = Set.of("malformed-request", "invalid-order", "idempotency-key-reused",
            "order-not-found", "illegal-transition", "invalid-signature");

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Value("${orderhub.inbox.dir}")
    Path inbox;

    private final PlatformSimulator sim = SimulatedPlatforms.SIM;
    private HostileClient client;
    private ServerSocket listener;
    private final List<String> connections = new CopyOnWriteArrayList<>();

    /** One line of a manifest. */
    record Case(String intake, String file, String orderId, String expect, String why) {
    }

    @BeforeAll
    void start() throws IOException {
        client = new HostileClient(port, inbox);
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.add(s.getRemoteSocketAddress().toString());
                } catch (IOException e) {
                    // closed
                }
            }
        }, "xxe-listener");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    void stop() throws IOException {
        listener.close();
        sim.serveRaw("taobao", null);
    }

    @TestFactory
    Stream<DynamicNode> corpus() throws IOException {
        List<DynamicNode> intakes = new ArrayList<>();
        for (String intake : List.of("rest", "shopify", "woocommerce", "soap", "store-csv", "erp-xml", "taobao-poll")) {
            List<DynamicTest> tests = cases(intake).stream()
                    .map(c -> DynamicTest.dynamicTest(c.file() + " — " + c.why() + " → " + c.expect(), () -> run(c)))
                    .toList();
            intakes.add(DynamicContainer.dynamicContainer(intake + " (" + tests.size() + ")", tests));
        }
        return intakes.stream();
    }

    static List<Case> cases(String intake) throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve(intake).resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 4);
            out.add(new Case(intake, f[0], f[1], f[2], f[3]));
        }
        return out;
    }

    private byte[] content(Case c) throws IOException {
        byte[] raw = Files.readAllBytes(CORPUS.resolve(c.intake()).resolve(c.file()));
        return replace(raw, "{{CANARY_URL}}".getBytes(StandardCharsets.UTF_8),
                ("http://127.0.0.1:" + listener.getLocalPort()).getBytes(StandardCharsets.UTF_8));
    }

    private void run(Case c) throws Exception {
        int before = connections.size();
        byte[] body = content(c);
        switch (c.intake()) {
            case "rest" -> rest(c, body);
            case "shopify" -> webhook(c, client.shopify(body));
            case "woocommerce" -> webhook(c, client.woo(body));
            case "soap" -> soap(c, client.soap("SubmitOrder", body));
            case "store-csv", "erp-xml" -> file(c, body);
            case "taobao-poll" -> poll(c, body);
            default -> throw new IllegalArgumentException(c.intake());
        }
        assertThat(connections.subList(before, connections.size())).as("connections made while reading " + c.file()).isEmpty();
        assertThat(client.healthy()).as("hub healthy after " + c.file()).isTrue();
    }

    // ---- REST --------------------------------------------------------------------------------

    private void rest(Case c, byte[] body) throws Exception {
        String e = c.expect();
        if (e.startsWith("status:") || e.startsWith("stale:")) {
            // the order first, PAID, then the hostile command or copy against it
            byte[] sample = Files.readString(Path.of("mappings/canonical/examples/sample-order.json"), StandardCharsets.UTF_8)
                    .replace("3876152239481726410", c.orderId()).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> created = client.rest(sample);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = json(created).path("id").asText();
            int expected = Integer.parseInt(e.substring(e.indexOf(':') + 1));
            HttpResponse<String> r = e.startsWith("status:") ? client.status(id, body) : client.rest(body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
            if (expected >= 400) {
                assertProblem(r);
            }
            JsonNode stored = json(client.get("/api/orders/" + id));
            assertThat(stored.path("status").asText()).as("stored status after " + c.file()).isEqualTo("PAID");
            assertStored(c, 1);
            return;
        }
        HttpResponse<String> r = client.rest(body);
        int expected = Integer.parseInt(e);
        assertThat(r.statusCode()).as(c.file() + ": " + r.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertProblem(r);
            assertStored(c, 0);
        } else {
            assertStored(c, 1);
        }
    }

    // ---- webhooks ----------------------------------------------------------------------------

    private void webhook(Case c, HttpResponse<String> r) throws Exception {
        int expected = Integer.parseInt(c.expect());
        assertThat(r.statusCode()).as(c.file() + ": " + r.body()).isEqualTo(expected);
        switch (expected) {
            case 200 -> {
                assertThat(json(r).path("outcome").asText()).isEqualTo("CREATED");
                assertStored(c, 1);
            }
            case 202 -> {
                assertThat(json(r).path("outcome").asText()).isEqualTo("NEEDS_ATTENTION");
                assertThat(json(r).path("reasons")).as("the reasons of a parked delivery").isNotEmpty();
                assertStored(c, 0);
            }
            default -> {
                assertProblem(r);
                assertStored(c, 0);
            }
        }
    }

    // ---- SOAP --------------------------------------------------------------------------------

    private void soap(Case c, HttpResponse<String> r) throws Exception {
        assertThat(r.body()).as(c.file()).doesNotContain("root:x:0").doesNotContain("Exception").doesNotContain("at org.");
        if (c.expect().startsWith("fault:")) {
            String code = c.expect().substring("fault:".length());
            // SOAP 1.1 answers a Fault with HTTP 500: the CrmFault code decides, never CRM-9999
            assertThat(r.statusCode()).as(c.file() + ": " + r.body()).isEqualTo(500);
            assertThat(r.body()).as(c.file()).contains("<FaultCode>" + code + "</FaultCode>").doesNotContain("CRM-9999");
            assertStored(c, 0);
        } else {
            assertThat(r.statusCode()).as(c.file() + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).contains("<ResultCode>0000</ResultCode>");
            assertStored(c, 1);
        }
    }

    // ---- file drops --------------------------------------------------------------------------

    private void file(Case c, byte[] body) throws Exception {
        String channel = c.intake();
        HostileClient.Filed filed = client.drop(channel, "hostile-" + c.file(), body);
        assertThat(filed.errors()).as(c.file() + " error file").doesNotContain("root:x:0");
        List<String> errorLines = filed.errors().lines().skip(1).toList();
        switch (c.expect()) {
            case "stored" -> {
                assertThat(filed.where()).isEqualTo(".archive");
                assertThat(errorLines).as(c.file() + " error file").isEmpty();
                assertStoredAtLeastOnce(c);
            }
            case "empty" -> {
                assertThat(filed.where()).isEqualTo(".archive");
                assertThat(errorLines).isEmpty();
                assertStored(c, 0);
            }
            case "refused" -> {
                assertThat(filed.where()).isEqualTo(".refused");
                assertThat(errorLines).as(c.file() + " error file").isNotEmpty();
                assertStored(c, 0);
            }
            case "rejected", "rejected+neutralised" -> {
                assertThat(errorLines).as(c.file() + " has a reason in its error file (" + filed.where() + ")").isNotEmpty();
                assertStored(c, 0);
                if (c.expect().endsWith("neutralised")) {
                    assertNeutralised(filed.errors());
                }
            }
            case "no-connection", "any" -> assertSameInBothStores(c);
            default -> throw new IllegalArgumentException(c.expect());
        }
    }

    /** No error-file cell starts with what a spreadsheet runs as a formula. */
    static void assertNeutralised(String errors) {
        for (String line : errors.lines().skip(1).toList()) {
            for (String cell : cells(line)) {
                assertThat(cell).as("error-file cell in " + line).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
    }

    /** RFC 4180 cells of one line (the error file writes one record per line). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    // ---- a polled platform answer ------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void poll(Case c, byte[] body) throws Exception {
        sim.serveRaw("taobao", body);
        Map<String, Integer> counts = null;
        Throwable failure = null;
        try {
            long second = Instant.now().getEpochSecond();
            Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().getEpochSecond() > second);
            counts = producer.requestBody("direct:poll-channel", "taobao", Map.class);
        } catch (CamelExecutionException e) {
            failure = e.getCause();
        } finally {
            sim.serveRaw("taobao", null);
        }
        switch (c.expect()) {
            case "poll-refused" -> {
                assertThat(failure).as(c.file() + " stops the poll run, counts " + counts).isNotNull();
                assertThat(failure).isNotInstanceOf(Error.class);
                assertStored(c, 0);
            }
            case "parked" -> {
                assertThat(failure).as(c.file()).isNull();
                assertThat(counts).as(c.file()).containsKey("NEEDS_ATTENTION").doesNotContainKeys("CREATED", "UPDATED");
                assertStored(c, 0);
            }
            case "stored" -> {
                assertThat(failure).as(c.file()).isNull();
                assertStoredAtLeastOnce(c);
            }
            default -> throw new IllegalArgumentException(c.expect());
        }
    }

    // ---- checks ------------------------------------------------------------------------------

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return CanonicalJson.mapper().readTree(r.body());
    }

    private static void assertProblem(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json(r);
        String type = p.path("type").asText();
        assertThat(type).startsWith("urn:orderhub:problem:");
        assertThat(PROBLEM_TYPES).as("documented problem type").contains(type.substring("urn:orderhub:problem:".length()));
        assertThat(p.path("status").asInt()).isEqualTo(r.statusCode());
        assertThat(r.body()).doesNotContain("root:x:0").doesNotContain("Exception");
    }

    private long newRows(Case c) throws Exception {
        return Sql.count(pg, "SELECT COUNT(*) FROM orders WHERE channel_order_id LIKE ?", "%" + c.orderId());
    }

    private long oldRows(Case c) throws Exception {
        return Sql.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO LIKE ?", "%" + c.orderId());
    }

    private void assertStored(Case c, long rows) throws Exception {
        assertThat(newRows(c)).as("new store rows of " + c.orderId()).isEqualTo(rows);
        assertThat(oldRows(c)).as("old store rows of " + c.orderId()).isEqualTo(rows);
    }

    private void assertStoredAtLeastOnce(Case c) throws Exception {
        assertThat(newRows(c)).as("new store rows of " + c.orderId()).isPositive();
        assertSameInBothStores(c);
    }

    private void assertSameInBothStores(Case c) throws Exception {
        assertThat(oldRows(c)).as("old store rows of " + c.orderId() + " (never half-stored)").isEqualTo(newRows(c));
    }

    static byte[] replace(byte[] in, byte[] what, byte[] with) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; ) {
            if (i <= in.length - what.length && java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                out.writeBytes(with);
                i += what.length;
            } else {
                out.write(in[i++]);
            }
        }
        return out.toByteArray();
    }
}
