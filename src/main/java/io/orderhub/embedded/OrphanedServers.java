package io.orderhub.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database servers that a hub killed without warning (SIGKILL, OOM killer, power to the JVM only)
 * left running on its data directory. They are separate processes that outlive the JVM: PostgreSQL
 * is daemonised by pg_ctl, MariaDB is a child nobody reaps. Left alone, they hold the data files and
 * the next start fails ("can't lock aria control file"). The next start finds them from their pid
 * files and stops them; a pid is only signalled when its command line shows it is that server on
 * that data directory, so a recycled pid is never touched.
 */
final class OrphanedServers {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedServers.class);
    private static final long CLEAN_STOP_SECONDS = 60;
    private static final long FORCED_STOP_SECONDS = 30;

    private OrphanedServers() {
    }

    /**
     * Stops the server whose pid the file names, if it is still running as one of {@code executables}
     * on {@code dataDir}. Returns whether the pid file is stale and may be removed: it names no live
     * process, or one that is no such server at all (the pid was recycled after a reboot).
     */
    static boolean stopIfRunning(String server, Path pidFile, Path dataDir, Set<String> executables) {
        OptionalLong pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        List<String> commandLine = commandLine(process.get());
        if (!runsOn(commandLine, executables, dataDir)) {
            boolean sameKind = !commandLine.isEmpty() && executables.contains(executableName(commandLine));
            LOG.info("{} names pid {}, which is not {} on {} ({}): left alone", pidFile, pid.getAsLong(), server,
                    dataDir, String.join(" ", commandLine));
            // a server of the same kind may yet be ours under another spelling of the path: keep its pid file
            return !sameKind;
        }
        LOG.warn("{} (pid {}) is still running on {}, left by a hub that ended without stopping it: stopping it",
                server, pid.getAsLong(), dataDir);
        stop(server, process.get());
        return false;
    }

    /** SIGTERM first: PostgreSQL and MariaDB both shut down cleanly on it (no client is left to wait for). */
    private static void stop(String server, ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (awaitExit(process, CLEAN_STOP_SECONDS)) {
            LOG.info("{} (pid {}) stopped", server, process.pid());
            return;
        }
        LOG.warn("{} (pid {}) did not stop within {} s; killing it", server, process.pid(), CLEAN_STOP_SECONDS);
        // backends die with their postmaster; killed first so none keeps the shared memory attached
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!awaitExit(process, FORCED_STOP_SECONDS)) {
            throw new IllegalStateException(server + " (pid " + process.pid() + ") left running on its data"
                    + " directory by an earlier hub cannot be stopped; stop it by hand");
        }
    }

    private static boolean awaitExit(ProcessHandle process, long seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping pid " + process.pid(), e);
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    static OptionalLong readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            // PostgreSQL writes the pid on the first line of postmaster.pid, MariaDB writes only the pid
            String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
            return first.matches("[0-9]{1,10}") ? OptionalLong.of(Long.parseLong(first)) : OptionalLong.empty();
        } catch (IOException e) {
            LOG.warn("cannot read pid file {}: {}", pidFile, e.toString());
            return OptionalLong.empty();
        }
    }

    /** The executable is one of the server's names and one argument is the data directory (alone or as --x=dir). */
    static boolean runsOn(List<String> commandLine, Set<String> executables, Path dataDir) {
        if (commandLine.isEmpty()) {
            return false;
        }
        if (!executables.contains(executableName(commandLine))) {
            return false;
        }
        Path wanted = dataDir.toAbsolutePath().normalize();
        for (String arg : commandLine.subList(1, commandLine.size())) {
            String value = arg.startsWith("--") && arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : arg;
            if (!value.isEmpty() && samePath(value, wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String executableName(List<String> commandLine) {
        Path name = Path.of(commandLine.get(0)).getFileName();
        return name == null ? "" : name.toString();
    }

    private static boolean samePath(String value, Path wanted) {
        try {
            Path given = Path.of(value);
            if (!given.isAbsolute()) {
                return false;
            }
            if (given.normalize().equals(wanted)) {
                return true;
            }
            return Files.exists(given) && Files.exists(wanted) && Files.isSameFile(given, wanted);
        } catch (RuntimeException | IOException notAPath) {
            return false;
        }
    }

    /** The process's arguments as it was started: /proc keeps them exact (arguments may contain spaces). */
    private static List<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
            }
        } catch (IOException goneOrForbidden) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        ProcessHandle.Info info = process.info();
        info.command().ifPresent(args::add);
        info.arguments().ifPresent(a -> args.addAll(Arrays.asList(a)));
        return args;
    }
}
