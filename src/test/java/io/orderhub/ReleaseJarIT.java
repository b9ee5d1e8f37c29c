package io.orderhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code package} (failsafe): the jar that ships holds the hub and its libraries, and
 * none of the simulators, demo code, benchmarks or test libraries.
 */
class ReleaseJarIT {

    @Test
    void theReleaseJarHoldsNoSimulatorDemoBenchmarkOrTestLibrary() throws Exception {
        Path jar = Path.of(System.getProperty("orderhub.release-jar", "target/orderhub-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).exists();
        List<String> entries;
        try (JarFile f = new JarFile(jar.toFile())) {
            entries = f.stream().map(JarEntry::getName).toList();
        }
        assertThat(entries).as("the hub's own classes are there")
                .contains("BOOT-INF/classes/io/orderhub/OrderhubApplication.class");
        List<String> classes = entries.stream().filter(e -> e.startsWith("BOOT-INF/classes/")).toList();
        assertThat(classes).noneMatch(e -> e.contains("Simulator"))
                .noneMatch(e -> e.matches(".*/Demo[^/]*\\.class"))
                .noneMatch(e -> e.contains("/sim/"))
                .noneMatch(e -> e.contains("io/orderhub/bench/"))
                .noneMatch(e -> e.contains("io/orderhub/support/"))
                .noneMatch(e -> e.endsWith("Test.class") || e.endsWith("IT.class"));
        // (HdrHistogram is there rightly: Micrometer's percentiles use it)
        List<String> libs = entries.stream().filter(e -> e.startsWith("BOOT-INF/lib/")).toList();
        assertThat(libs).noneMatch(e -> e.contains("jmh-"))
                .noneMatch(e -> e.contains("junit"))
                .noneMatch(e -> e.contains("archunit"))
                .noneMatch(e -> e.contains("awaitility"))
                .noneMatch(e -> e.contains("undertow"));
        assertThat(Files.size(jar)).isPositive();
    }
}
