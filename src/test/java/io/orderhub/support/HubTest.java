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
@ExtendWith({HubTest.FreshDataDir.class, SimulatedPlatforms.class})
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "orderhub.kafka.embedded-port=0",
        "orderhub.outbox.poll-period-ms=50",
        // channels: the platform simulator stands in for Taobao, JD and Pinduoduo; test shops and secrets
        "orderhub.mappings.locations=classpath*:mappings/,file:${orderhub.data-dir}/mapping-fixes/",
        // every record sees a table fixed or removed by the test before it, not one a few seconds old
        "orderhub.mappings.reload-check-ms=0",
        "orderhub.channels.taobao.poll.base-url=${orderhub.test.platforms-url}",
        "orderhub.channels.jd.poll.base-url=${orderhub.test.platforms-url}",
        "orderhub.channels.pinduoduo.poll.base-url=${orderhub.test.platforms-url}",
        "orderhub.channels.taobao.poll.initial-look-back=PT2H",
        "orderhub.channels.jd.poll.initial-look-back=PT2H",
        "orderhub.channels.pinduoduo.poll.initial-look-back=PT2H",
        "orderhub.channels.pinduoduo.poll.page-size=10",
        // Taobao and JD keep only 10 s behind the simulator's clock, so tests need not wait 3 minutes
        // (Pinduoduo keeps its connector's 3 minutes: its test dates its orders back)
        "orderhub.channels.taobao.poll.lag=PT10S",
        "orderhub.channels.jd.poll.lag=PT10S",
        "JD_POLL_CRON=0/2 * * * * ?",
        "TAOBAO_APP_KEY=" + SimulatedPlatforms.TAOBAO_KEY, "TAOBAO_APP_SECRET=" + SimulatedPlatforms.SECRET,
        "TMALL_APP_KEY=" + SimulatedPlatforms.TMALL_KEY, "TMALL_APP_SECRET=" + SimulatedPlatforms.SECRET,
        "JD_APP_KEY=" + SimulatedPlatforms.JD_KEY, "JD_APP_SECRET=" + SimulatedPlatforms.SECRET,
        "PINDUODUO_CLIENT_ID=" + SimulatedPlatforms.PDD_KEY, "PINDUODUO_CLIENT_SECRET=" + SimulatedPlatforms.SECRET,
        "SHOPIFY_WEBHOOK_SECRET=" + SimulatedPlatforms.SHOPIFY_SECRET,
        "WOOCOMMERCE_WEBHOOK_SECRET=" + SimulatedPlatforms.WOO_SECRET,
        // credentials: only the SHA-256 of each test key (TestCredentials holds the keys; HubHttp sends them)
        "orderhub.security.admin-key-sha256=" + TestCredentials.ADMIN_SHA256,
        "orderhub.security.api-keys[0].id=test-operator",
        "orderhub.security.api-keys[0].sha256=" + TestCredentials.OPERATOR_SHA256,
        "orderhub.security.api-keys[0].roles=operator",
        "orderhub.security.api-keys[1].id=test-channel-tmall",
        "orderhub.security.api-keys[1].sha256=" + TestCredentials.TMALL_CHANNEL_SHA256,
        "orderhub.security.api-keys[1].roles=channel",
        "orderhub.security.api-keys[1].scopes=tmall:tmall-flagship-01",
        "orderhub.security.api-keys[2].id=test-pos",
        "orderhub.security.api-keys[2].sha256=" + TestCredentials.POS_SHA256,
        "orderhub.security.api-keys[2].roles=pos",
        "orderhub.security.api-keys[3].id=test-channel-jd",
        "orderhub.security.api-keys[3].sha256=" + TestCredentials.JD_CHANNEL_SHA256,
        "orderhub.security.api-keys[3].roles=channel",
        "orderhub.security.api-keys[3].scopes=jd:*",
        "orderhub.security.api-keys[4].id=test-pos-bj0007",
        "orderhub.security.api-keys[4].sha256=" + TestCredentials.POS_BOUND_SHA256,
        "orderhub.security.api-keys[4].roles=pos",
        "orderhub.security.api-keys[4].scopes=source:pos-suzhou-v3,region:110105,store:BJ0007",
        "orderhub.security.api-keys[5].id=test-pos-gateway",
        "orderhub.security.api-keys[5].sha256=" + TestCredentials.POS_RELAY_SHA256,
        "orderhub.security.api-keys[5].roles=pos",
        "orderhub.security.api-keys[5].scopes=relay"})
public @interface HubTest {

    /** Points orderhub.data-dir at one new temporary directory for the whole test run. */
    final class FreshDataDir implements BeforeAllCallback {

        public static final Path PATH = create();

        private static Path create() {
            Path dir = TestDirs.newDataDir("hub-");
            System.setProperty("orderhub.data-dir", dir.toString());
            // bearer tokens: the test's own RSA key stands in for an identity provider
            TestJwt.install(dir);
            return dir;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            // the static initialiser did the work before Spring builds the context
        }
    }
}
