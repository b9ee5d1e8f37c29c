package io.orderhub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.security.ApiKeys;
import io.orderhub.security.SecuritySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up report tells how to authenticate and shows the first-start admin key once. */
class StartupReportCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartKeyIsPrintedOnceAndWorks() throws Exception {
        ApiKeys keys = new ApiKeys(new SecuritySettings(), dataDir);
        String first = StartupReport.credentials("http://localhost:8080/api", keys, new SecuritySettings(), null);

        String key = first.lines().filter(l -> l.startsWith("  ADMIN KEY")).findFirst().orElseThrow()
                .substring("  ADMIN KEY".length()).trim();
        assertThat(keys.authenticate(key)).isPresent();
        assertThat(first).contains("curl -H 'X-Api-Key: " + key + "' http://localhost:8080/api/needs-attention");
        assertThat(Files.readString(keys.file())).doesNotContain(key);

        // the same run never prints it again, nor does the next start on the same data directory
        assertThat(StartupReport.credentials("http://localhost:8080/api", keys, new SecuritySettings(), null))
                .doesNotContain(key).doesNotContain("ADMIN KEY").contains("X-Api-Key");
        ApiKeys restarted = new ApiKeys(new SecuritySettings(), dataDir);
        assertThat(StartupReport.credentials("http://localhost:8080/api", restarted, new SecuritySettings(), null))
                .doesNotContain("ADMIN KEY");
    }

    @Test
    void theDemoKeyIsMarkedAsDemoOnly() {
        SecuritySettings s = new SecuritySettings();
        s.setAdminKeySha256("fd04c813ed8a111cf902a5d720d9fb7727061c988c3fc568352a452b91ee183f");
        ApiKeys keys = new ApiKeys(s, dataDir);
        String report = StartupReport.credentials("http://localhost:8080/api", keys, s, "orderhub-demo-admin-key");
        assertThat(report).contains("DEMO KEY     orderhub-demo-admin-key").contains("never for production")
                .doesNotContain("ADMIN KEY");
        assertThat(keys.authenticate("orderhub-demo-admin-key")).as("the demo hash is the demo key's").isPresent();
    }
}
