package io.orderhub.embedded;

import io.orderhub.support.HubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.OrderhubApplication;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.support.Samples;
import io.orderhub.support.TestDirs;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub as its own process, killed with SIGKILL (no shutdown hook runs) and started again on the
 * same data directory: it must come up without anyone cleaning up by hand, with the order it
 * acknowledged, and with durable commits by default.
 */
class HubKilledTest {

    private static final HubHttp HTTP = HubHttp.admin();

    private final Path dataDir = TestDirs.newDataDir("killed-");
    private final List<Process> hubs = new ArrayList<>();
    private final int httpPort = FreePorts.find();
    private final int postgresPort = FreePorts.find();
    private final int mariadbPort = FreePorts.find();

    @AfterEach
    void stopEverythingWeStarted() throws Exception {
        for (Process hub : hubs) {
            hub.destroyForcibly();
            hub.waitFor(30, TimeUnit.SECONDS);
        }
        // whatever server is still running on this test's data directory was started by this test
        ServerProcesses.killAllOn(dataDir);
    }

    @Test
    void aHubKilledWithSigkillStartsAgainOnItsDataWithItsOrders() throws Exception {
        Process first = startHub("first");
        awaitUp(first, "first");

        // the default run commits durably (config/application.yaml as shipped)
        try (Connection pg = DriverManager.getConnection(postgresUrl());
             Connection maria = DriverManager.getConnection(mariadbUrl(), "root", "")) {
            assertThat(scalar(pg, "SHOW fsync")).isEqualTo("on");
            assertThat(scalar(pg, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(scalar(maria, "SELECT @@innodb_flush_log_at_trx_commit")).isEqualTo("1");
        }

        ObjectNode order = Samples.fresh();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode stored = CanonicalJson.mapper().readTree(created.body());
        String id = stored.get("id").asText();
        Set<Long> firstServers = ServerProcesses.on(dataDir);
        assertThat(firstServers).as("the embedded PostgreSQL and MariaDB processes").hasSizeGreaterThanOrEqualTo(2);

        first.destroyForcibly();                  // SIGKILL on Linux: no shutdown hook, no clean stop
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process second = startHub("second");
        awaitUp(second, "second");

        HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(uri("/api/orders/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(CanonicalJson.mapper().readTree(got.body())).isEqualTo(stored);
        try (Connection maria = DriverManager.getConnection(mariadbUrl(), "root", "");
             PreparedStatement ps = maria.prepareStatement("SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
        // the servers the killed hub left behind were stopped, not adopted
        assertThat(firstServers).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        // and a hub stopped the ordinary way takes its servers with it
        second.destroy();
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServerProcesses.on(dataDir).isEmpty());
    }

    private Process startHub(String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC",
                // the PostgreSQL binaries unpacked by the test JVM are reused
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", testClassPath(),
                OrderhubApplication.class.getName(),
                "--orderhub.data-dir=" + dataDir,
                "--server.port=" + httpPort,
                "--orderhub.new-store.embedded-port=" + postgresPort,
                "--orderhub.old-store.embedded-port=" + mariadbPort,
                "--orderhub.kafka.embedded-port=0",
                // the test admin key (HubHttp sends it)
                "--orderhub.security.admin-key-sha256=" + io.orderhub.support.TestCredentials.ADMIN_SHA256));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("hub-" + name + ".log").toFile());
        // the shipped defaults, whatever the environment of the build says
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ORDERHUB_"));
        Process p = pb.start();
        hubs.add(p);
        return p;
    }

    /** The test's class path without empty entries, which would put the working directory on it. */
    private static String testClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
    }

    private void awaitUp(Process hub, String name) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!hub.isAlive()) {
                throw new AssertionError("the " + name + " hub exited with " + hub.exitValue() + ":\n" + tail(name));
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return health.statusCode() == 200
                        && "UP".equals(CanonicalJson.mapper().readTree(health.body()).path("status").asText());
            } catch (IOException notListeningYet) {
                return false;
            }
        });
    }

    private String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("hub-" + name + ".log"), StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private String postgresUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/orderhub?user=postgres";
    }

    private String mariadbUrl() {
        return "jdbc:mariadb://127.0.0.1:" + mariadbPort + "/crm";
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
