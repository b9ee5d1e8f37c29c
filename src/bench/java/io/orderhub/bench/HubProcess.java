package io.orderhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The hub as its own process (java -jar), as operators run it. */
final class HubProcess implements AutoCloseable {

    static final List<String> JVM_FLAGS = List.of("-Xmx512m", "-XX:+UseParallelGC");

    private final Process process;
    private final int port;
    private final long startedNanos;

    private HubProcess(Process process, int port, long startedNanos) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** The bench's admin key (a fixed, public bench credential) and its SHA-256, which the hub is given. */
    static final String KEY = "ohk_bench-admin-key-not-a-secret";
    static final String KEY_SHA256 = "bc3049fc84cd995bffc1a6273ce08e437dae3759b7db496007a3d17bae59ee41";

    static HubProcess start(Path jar, Path dataDir, int port, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--server.port=" + port);
        cmd.add("--orderhub.data-dir=" + dataDir);
        // one load generator is one client address: the per-credential rate limit would measure itself
        cmd.add("--orderhub.limits.rate.requests=1000000");
        // the load authenticates like any caller: a fixed bench key (only its SHA-256 goes to the hub)
        cmd.add("--orderhub.security.admin-key-sha256=" + KEY_SHA256);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        return new HubProcess(pb.start(), port, t0);
    }

    /** Waits until /actuator/health answers UP (stores migrated, brokers reachable); returns ms since start. */
    long awaitReady(long timeoutSeconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue());
            }
            try {
                // with the bench key: a process of someone else's that took the port meanwhile answers 401
                // and is not taken for this hub (which then exits, unable to bind, and is reported so)
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .header("X-Api-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("hub not ready within " + timeoutSeconds + " s");
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Resident memory of the hub and every process it started (embedded PostgreSQL, MariaDB), in MiB. */
    long rssMib() {
        long kb = rss(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            kb += rss(child.pid());
        }
        return kb / 1024;
    }

    long jvmRssMib() {
        return rss(process.pid()) / 1024;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended meanwhile
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
