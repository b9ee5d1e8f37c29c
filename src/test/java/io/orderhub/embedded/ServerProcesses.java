package io.orderhub.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The database servers running on a test's data directory, found by their command lines (written
 * for the tests, independently of the hub's own pid-file handling).
 */
final class ServerProcesses {

    private ServerProcesses() {
    }

    /** Pids of the processes, other than Java ones, whose command line names a path inside {@code dir}. */
    static Set<Long> on(Path dir) {
        String root = dir.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    List<String> args = commandLine(p.pid());
                    return !args.isEmpty() && !Path.of(args.get(0)).getFileName().toString().equals("java")
                            && args.stream().anyMatch(a -> a.contains(root));
                })
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    static void killAllOn(Path dir) throws InterruptedException {
        for (long pid : on(dir)) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
        for (long pid : on(dir)) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // best effort: reported by the test that left it
                }
            });
        }
    }

    private static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException | SecurityException gone) {
            return List.of();
        }
    }
}
