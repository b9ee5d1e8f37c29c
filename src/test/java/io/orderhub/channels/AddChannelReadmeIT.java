package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README "Add a channel", followed by the letter: the section's {@code bash} blocks are read from
 * README.md and run, in order, by bash, each as its own shell (exported variables carried from one
 * block to the next, as a reader keeps {@code CHANNEL_DIR}). So the README and this test cannot
 * drift. The channel is copied to a folder outside the repository ({@code mktemp -d}), its
 * locations reach the hub only through the environment variables the README exports, the golden
 * command runs as its own process, the hub runs as its own process, and the preview and the
 * stored order are read with the README's curl commands.
 *
 * <p>It runs after {@code package} (failsafe), on the release jar the README names. What the test
 * supplies, and nothing else: the blocks run in a scratch folder outside the repository that links
 * {@code src} and {@code target} to the repository's (so {@code ./data} is the scratch folder's);
 * {@code java} on the PATH is a wrapper that runs the real {@code java -jar target/orderhub-*.jar
 * ARGS} — {@code golden ...} in the foreground, the hub in the background, as the README's "second
 * shell"; the hub's HTTP port is a free one ({@code ORDERHUB_HTTP_PORT}, with {@code localhost:8080}
 * in the blocks read as that port) and its embedded Kafka takes a free port
 * ({@code ORDERHUB_KAFKA_EMBEDDED_PORT=0}), so the test can run beside other hubs.
 */
class AddChannelReadmeIT {

    static final Path REPO = Path.of("").toAbsolutePath();
    static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    Path scratch;
    Path hubPid;

    /** The fenced bash blocks of README.md's "## Add a channel" section, in order. */
    static List<String> readmeBlocks() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        int start = readme.indexOf("\n## Add a channel\n");
        assertThat(start).as("README.md has an 'Add a channel' section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    record Run(int code, String out) {
    }

    @Test
    void theReadmeWalkthroughRunsAsWritten() throws Exception {
        List<String> blocks = readmeBlocks();
        assertThat(blocks).as("the walkthrough's shell blocks").hasSizeGreaterThanOrEqualTo(5);

        scratch = Files.createTempDirectory(Path.of(System.getProperty("readme.scratch", "/tmp")), "orderhub-readme-");
        Files.createSymbolicLink(scratch.resolve("src"), REPO.resolve("src"));
        Files.createSymbolicLink(scratch.resolve("target"), REPO.resolve("target"));
        Path bin = Files.createDirectories(scratch.resolve(".bin"));
        Path state = scratch.resolve(".state");
        hubPid = scratch.resolve(".hub.pid");
        Path hubLog = scratch.resolve(".hub.log");
        Files.writeString(state, "");
        writeJavaShim(bin.resolve("java"));
        int port = freePort();

        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("ORDERHUB_") || k.startsWith("SPRING_") || k.startsWith("ACME_MALL_"));
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("HUB_PID", hubPid.toString());
        env.put("HUB_LOG", hubLog.toString());
        env.put("ORDERHUB_HTTP_PORT", String.valueOf(port));
        env.put("ORDERHUB_KAFKA_EMBEDDED_PORT", "0");

        boolean golden = false;
        boolean hub = false;
        boolean previewed = false;
        boolean dropped = false;
        boolean stored = false;
        for (String text : blocks) {
            String block = text.replace("localhost:8080", "localhost:" + port);
            if (block.contains("/api/orders?")) {
                assertThat(dropped).as("the order is read after it was dropped").isTrue();
                // the file drop takes the file once it has not changed for a second: read until stored
                JsonNode[] order = new JsonNode[1];
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    Run r = bash(block, state, env);
                    assertThat(r.code()).as(r.out()).isZero();
                    JsonNode n = CanonicalJson.mapper().readTree(r.out());
                    order[0] = n.isArray() ? n.path(0) : n;
                    assertThat(order[0].path("channelOrderId").asText()).as(r.out()).isEqualTo("7100000000000000001");
                });
                assertThat(order[0].path("channel").asText()).isEqualTo("acme-mall");
                assertThat(order[0].path("shopId").asText()).isEqualTo("acme-flagship");
                assertThat(order[0].path("status").asText()).isEqualTo("PAID");
                assertThat(order[0].path("amounts").path("paid").asText()).isEqualTo("224.00");
                assertThat(order[0].path("items").findValuesAsText("hubSku")).containsExactly("SKU-700001", "SKU-100410");
                assertThat(order[0].path("id").asText()).isNotBlank();
                stored = true;
                continue;
            }
            Run r = bash(block, state, env);
            assertThat(r.code()).as("README block exits 0:\n" + block + "\n---\n" + r.out() + "\n---\nhub log tail:\n" + tail(hubLog))
                    .isZero();
            Map<String, String> vars = exported(state);
            if (vars.containsKey("CHANNEL_DIR")) {
                Path channelDir = Path.of(vars.get("CHANNEL_DIR")).toRealPath();
                assertThat(channelDir.startsWith(REPO.toRealPath())).as("the channel's folder " + channelDir
                        + " is outside the repository").isFalse();
                assertThat(channelDir.resolve("mappings/acme-mall/channel.yaml")).exists();
            }
            if (block.contains(" golden ")) {
                assertThat(r.out()).contains("PASS mappings/acme-mall/examples/01-paid-two-lines.input.json")
                        .contains("3 passed, 0 failed").doesNotContain("FAIL");
                golden = true;
            } else if (Files.exists(hubPid) && !hub) {
                // the hub block: its locations are the README's exports, nothing else
                assertThat(vars).containsKeys("ORDERHUB_EXTRA_ROUTE_LOCATIONS", "ORDERHUB_EXTRA_MAPPING_LOCATIONS",
                        "ORDERHUB_EXTRA_CONNECTOR_LOCATIONS", "SPRING_CONFIG_ADDITIONAL_LOCATION");
                Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    assertThat(hubProcess().isAlive()).as("the hub is running; log:\n" + tail(hubLog)).isTrue();
                    return Files.readString(hubLog).contains("orderhub ready");
                });
                hub = true;
            } else if (block.contains("/api/admin/preview/")) {
                assertThat(hub).as("the preview runs against the started hub").isTrue();
                Path examples = Path.of(vars.get("CHANNEL_DIR"), "mappings/acme-mall/examples");
                JsonNode expected = CanonicalJson.mapper().readTree(examples.resolve("01-paid-two-lines.expected.json").toFile());
                assertThat(GoldenExamples.differences(expected, CanonicalJson.mapper().readTree(r.out()))).as(r.out()).isEmpty();
                previewed = true;
            } else if (block.contains("data/inbox/acme-mall/")) {
                assertThat(hub).isTrue();
                dropped = true;
            }
        }
        assertThat(List.of(golden, hub, previewed, dropped, stored)).as("golden, hub, preview, drop, stored order")
                .containsOnly(true);
    }

    @AfterEach
    void stopHubAndCleanUp() throws Exception {
        if (hubPid != null && Files.exists(hubPid)) {
            ProcessHandle h = hubProcess();
            List<ProcessHandle> children = h.descendants().toList();
            h.destroy(); // SIGTERM: the hub stops its embedded databases and brokers itself
            try {
                h.onExit().get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        if (scratch != null) {
            Map<String, String> vars = exported(scratch.resolve(".state"));
            if (vars.containsKey("CHANNEL_DIR")) {
                deleteTree(Path.of(vars.get("CHANNEL_DIR")).getParent());
            }
            deleteTree(scratch);
        }
    }

    private ProcessHandle hubProcess() throws IOException {
        long pid = Long.parseLong(Files.readString(hubPid).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the hub process " + pid + " is gone"));
    }

    /** One block in a shell of its own: the previous blocks' exports first, its own exports saved after. */
    private Run bash(String block, Path state, Map<String, String> env) throws Exception {
        Path script = scratch.resolve(".block.sh");
        Files.writeString(script, "set -e -o pipefail\n. " + state + "\n" + block + "\nexport -p > " + state + "\n");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(scratch.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        Path out = scratch.resolve(".block.out");
        // a block that never ends (say, a golden command that starts a hub instead) fails, not hangs
        Thread copy = new Thread(() -> {
            try (var in = p.getInputStream()) {
                Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the process was stopped
            }
        });
        copy.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("README block did not end within 5 minutes:\n" + block);
        }
        copy.join();
        return new Run(p.exitValue(), Files.readString(out));
    }

    /** The variables the blocks exported so far ({@code declare -x NAME="value"} lines). */
    private static Map<String, String> exported(Path state) throws IOException {
        Map<String, String> vars = new HashMap<>();
        if (!Files.exists(state)) {
            return vars;
        }
        Matcher m = Pattern.compile("^declare -x ([A-Za-z_][A-Za-z0-9_]*)=\"(.*)\"$", Pattern.MULTILINE)
                .matcher(Files.readString(state));
        while (m.find()) {
            vars.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\$", "$").replace("\\\\", "\\"));
        }
        return vars;
    }

    /**
     * {@code java -jar target/orderhub-*.jar ARGS} on the real release jar: {@code golden ...} runs in
     * the foreground (its output and exit code are the block's); the hub goes to the background,
     * where the README's "second shell" finds it.
     */
    private static void writeJavaShim(Path shim) throws IOException {
        Files.writeString(shim, """
                #!/bin/bash
                [ "$1" = "-jar" ] || { echo "the README runs java -jar target/orderhub-*.jar, not: java $*" >&2; exit 97; }
                case "$2" in target/orderhub-*.jar) ;; *) echo "not the release jar: $2" >&2; exit 97;; esac
                jar="$2"
                shift 2
                if [ "$1" = golden ]; then
                  exec "$REAL_JAVA" -jar "$jar" "$@"
                fi
                nohup "$REAL_JAVA" -Xmx768m -jar "$jar" "$@" > "$HUB_LOG" 2>&1 < /dev/null &
                echo $! > "$HUB_PID"
                """);
        shim.toFile().setExecutable(true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root) || root.equals(Path.of("/tmp"))) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
