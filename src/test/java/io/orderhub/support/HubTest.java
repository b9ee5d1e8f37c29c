package io.orderhub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole hub, as it runs by default: embedded PostgreSQL, MariaDB, Kafka (KRaft) and Artemis,
 * with their data in a fresh directory per test run, on a random HTTP port. Test classes share
 * the one application context. Plain {@code @SpringBootTest}: camel-test-spring's listener disables
 * JMX (which hawtio needs) and restarts the CamelContext around each test, which is not how the
 * hub runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HubTest.FreshDataDir.class)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "orderhub.kafka.embedded-port=0",
        "orderhub.outbox.poll-period-ms=50"})
public @interface HubTest {

    /** Points orderhub.data-dir at one new temporary directory for the whole test run. */
    final class FreshDataDir implements BeforeAllCallback {

        public static final Path PATH = create();

        private static Path create() {
            Path dir = TestDirs.newDataDir("hub-");
            System.setProperty("orderhub.data-dir", dir.toString());
            return dir;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            // the static initialiser did the work before Spring builds the context
        }
    }
}
