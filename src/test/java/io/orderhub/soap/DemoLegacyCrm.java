package io.orderhub.soap;

import org.apache.cxf.endpoint.Server;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo profile's legacy CRM: the simulator on its own port over the old store, with the hub's
 * old path and the legacy order poll pointed at it, so a newcomer sees both paths without a real CRM.
 */
@Component
@Profile("demo")
public class DemoLegacyCrm {

    private static final Logger LOG = LoggerFactory.getLogger(DemoLegacyCrm.class);

    private final DataSource legacyDatabase;
    private final PosCrmGateway gateway;
    private final io.orderhub.legacycrm.LegacyCrmPollSource poller;
    private final int port;
    private final long timeout;
    private Server server;

    public DemoLegacyCrm(@Qualifier("oldStoreDataSource") DataSource legacyDatabase, PosCrmGateway gateway, io.orderhub.legacycrm.LegacyCrmPollSource poller,
                         @Value("${orderhub.demo.legacy-crm-port}") int port,
                         @Value("${orderhub.soap.legacy-timeout-ms}") long timeout) {
        this.legacyDatabase = legacyDatabase;
        this.gateway = gateway;
        this.poller = poller;
        this.port = port;
        this.timeout = timeout;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        server = io.orderhub.soap.legacycrm.LegacyCrm.start(port, legacyDatabase);
        String url = "http://127.0.0.1:" + port + "/crm";
        gateway.useLegacyCrm(url, timeout);
        poller.useLegacyCrm(url);
        LOG.info("demo: legacy CRM simulator at {}?wsdl; the hub's old path and legacy poll use it", url);
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
