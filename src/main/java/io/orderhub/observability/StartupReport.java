package io.orderhub.observability;

import io.orderhub.config.HubProperties;
import io.orderhub.embedded.EmbeddedInfrastructure;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the operator, once the hub is ready, where everything is and what it runs on. */
@Component
public class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final HubProperties props;
    private final EmbeddedInfrastructure infra;
    private final KafkaBootstrap kafka;
    private final Environment env;
    private final io.orderhub.soap.PosCrmGateway pos;
    private final io.orderhub.security.ApiKeys keys;
    private final io.orderhub.security.SecuritySettings security;

    public StartupReport(HubProperties props, EmbeddedInfrastructure infra, KafkaBootstrap kafka, Environment env,
                         io.orderhub.soap.PosCrmGateway pos, io.orderhub.security.ApiKeys keys,
                         io.orderhub.security.SecuritySettings security) {
        this.keys = keys;
        this.security = security;
        this.props = props;
        this.infra = infra;
        this.kafka = kafka;
        this.env = env;
        this.pos = pos;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext w
                ? w.getWebServer().getPort() : -1;
        String base = "http://localhost:" + port;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        String artemis = env.getProperty("spring.artemis.mode", "embedded");
        LOG.info("""

                ==== orderhub ready in {} ms ====
                  Orders API   {}{}/orders   (OpenAPI: {}{}/openapi.json)
                  POS SOAP     {}{}/crm?wsdl   (served from {})
                  webhooks     {}{}/webhooks/shopify, {}{}/webhooks/woocommerce
                  file inboxes {}/{store-csv,erp-xml,wechat-shop}
                  attention    {}{}/needs-attention   (re-drive: POST {}{}/needs-attention/redrive)
                  hawtio       {}/actuator/hawtio
                  health       {}/actuator/health   metrics: {}/actuator/prometheus
                  new store    {} ({})
                  old store    {} ({})
                  Kafka        {} ({}), topic {}
                  Artemis      {}
                  data dir     {}
                {}
                """,
                uptime, base, apiPath(), base, apiPath(), base, env.getProperty("cxf.path", "/services"),
                pos.servingFrom(), base, apiPath(), base, apiPath(), env.getProperty("orderhub.inbox.dir"),
                base, apiPath(), base, apiPath(), base, base, base,
                redact(infra.newStoreUrl(props)), infra.embeddedNewStore() ? "embedded PostgreSQL" : "external",
                redact(infra.oldStoreUrl(props)), infra.embeddedOldStore() ? "embedded MariaDB" : "external",
                kafka.servers(), infra.embeddedKafka() ? "embedded KRaft broker" : "external",
                props.getKafka().getTopic(),
                "embedded".equals(artemis) ? "embedded broker, journal in "
                        + env.getProperty("spring.artemis.embedded.data-directory") : env.getProperty("spring.artemis.broker-url"),
                props.getDataDir(), credentials(base + apiPath(), keys, security, env.getProperty("orderhub.demo.admin-key")));
    }

    /** How to authenticate; the first-start admin key is shown here once and never again. */
    static String credentials(String api, io.orderhub.security.ApiKeys keys,
                              io.orderhub.security.SecuritySettings security, String demoKey) {
        String jwt = security.getJwt().enabled() ? "on (claims " + security.getJwt().getRolesClaim() + ", "
                + security.getJwt().getScopesClaim() + ")" : "off (set ORDERHUB_JWT_ISSUER_URI or _JWK_SET_URI)";
        StringBuilder b = new StringBuilder();
        b.append("  credentials  header X-Api-Key: <key> (or Authorization: ApiKey <key>); keys: ")
                .append(api).append("/admin/keys; bearer tokens ").append(jwt);
        java.util.Optional<String> first = keys.takeFirstStartKey();
        if (first.isPresent()) {
            b.append("\n  ADMIN KEY    ").append(first.get())
                    .append("\n               created on this first start and shown only now: keep it; the hub stores only its")
                    .append("\n               SHA-256 in ").append(keys.file())
                    .append("\n               try: curl -H 'X-Api-Key: ").append(first.get()).append("' ")
                    .append(api).append("/needs-attention")
                    .append("\n               hawtio login: user admin, password the key");
        }
        if (demoKey != null && !demoKey.isBlank()) {
            b.append("\n  DEMO KEY     ").append(demoKey)
                    .append("   (admin; fixed demo credential of the demo profile, never for production)");
        }
        return b.toString();
    }

    private String apiPath() {
        return env.getProperty("camel.rest.context-path", "/api");
    }

    private static String redact(String url) {
        return url == null ? "" : url.replaceAll("password=[^&]*", "password=***");
    }
}
