package io.orderhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Secrets come from the environment or from mounted files: a folder of files (a Kubernetes secret
 * volume, ORDERHUB_SECRETS_DIR) is imported with Spring's configtree:, each file a property named as
 * the file, which fills the placeholder of that name in config/.
 */
class SecretsConfigTreeTest {

    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    @Test
    void aSecretInTheMountedFolderFillsThePlaceholderOfItsName(@TempDir Path secrets) throws Exception {
        // as Kubernetes mounts a secret: one file per key, the value its content (with a final line break)
        Files.writeString(secrets.resolve("ORDERHUB_NEW_STORE_PASSWORD"), "pg-from-file-7f3a\n", StandardCharsets.UTF_8);
        Files.writeString(secrets.resolve("SHOPIFY_WEBHOOK_SECRET"), "shpss-from-file", StandardCharsets.UTF_8);
        System.setProperty("ORDERHUB_SECRETS_DIR", secrets.toString() + "/");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(Nothing.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run()) {
            var env = ctx.getEnvironment();
            assertThat(env.getProperty("orderhub.new-store.password")).isEqualTo("pg-from-file-7f3a");
            assertThat(env.getProperty("orderhub.channels.shopify.shops[0].secret")).isEqualTo("shpss-from-file");
        } finally {
            System.clearProperty("ORDERHUB_SECRETS_DIR");
        }
    }

    @Test
    void withoutTheFolderTheHubStillStartsAndTheSecretStaysEmpty() {
        System.setProperty("ORDERHUB_SECRETS_DIR", "/nonexistent/orderhub-secrets/");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(Nothing.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run()) {
            assertThat(ctx.getEnvironment().getProperty("orderhub.new-store.password")).isEmpty();
        } finally {
            System.clearProperty("ORDERHUB_SECRETS_DIR");
        }
    }
}
