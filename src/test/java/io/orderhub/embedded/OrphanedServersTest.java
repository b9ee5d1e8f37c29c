package io.orderhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.support.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which process a pid file may get stopped: only the server on its own data directory, never a
 * process that merely got the recycled pid, nor the same kind of server on another directory. The
 * "servers" are shells started under the server's executable name (a symbolic link to /bin/sh).
 */
class OrphanedServersTest {

    private final Path root = TestDirs.newDataDir("orphans-");
    private final Path dataDir = root.resolve("postgres");
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerLeftRunningOnItsDataDirectoryIsStopped() throws Exception {
        Process orphan = fake("postgres", "-D", dataDir.toString());
        Path pidFile = pidFile(orphan.pid());

        boolean stale = OrphanedServers.stopIfRunning("test server", pidFile, dataDir, Set.of("postgres"));

        assertThat(stale).isFalse();
        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRecycledPidIsLeftAloneAndTheFileCalledStale() throws Exception {
        Process stranger = fake("bash", "-D", dataDir.toString());
        Path pidFile = pidFile(stranger.pid());

        boolean stale = OrphanedServers.stopIfRunning("test server", pidFile, dataDir, Set.of("postgres"));

        assertThat(stale).isTrue();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void theSameServerOnAnotherDirectoryIsLeftAloneWithItsPidFile() throws Exception {
        Process other = fake("postgres", "-D", root.resolve("elsewhere").toString());
        Path pidFile = pidFile(other.pid());

        boolean stale = OrphanedServers.stopIfRunning("test server", pidFile, dataDir, Set.of("postgres"));

        assertThat(stale).isFalse();
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void aPidFileOfAProcessThatIsGoneIsStale() throws Exception {
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor();

        assertThat(OrphanedServers.stopIfRunning("test server", pidFile(gone.pid()), dataDir, Set.of("postgres")))
                .isTrue();
    }

    /** A process whose command line reads {@code <dir>/<name> <args…>}: a shell waiting to be signalled. */
    private Process fake(String name, String... args) throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin-" + started.size()));
        Path exe = Files.createSymbolicLink(bin.resolve(name), Path.of("/bin/sh"));
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-c", "while :; do sleep 1; done"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        return p;
    }

    private Path pidFile(long pid) throws Exception {
        Files.createDirectories(dataDir);
        // PostgreSQL's layout: the pid on the first line, the data directory on the second
        return Files.writeString(dataDir.resolve("postmaster.pid"), pid + "\n" + dataDir + "\n");
    }
}
