package io.orderhub.soap;

import io.orderhub.soap.contract.PosCrm;
import java.time.Duration;
import java.util.Map;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/**
 * CXF clients of the legacy CRM's POS endpoint, each with a connect and a receive (read) time-out of
 * its own: CXF's defaults (30 s to connect, 60 s to read) would hold a POS or a poll run far too long.
 */
public final class LegacyCrmClients {

    private LegacyCrmClients() {
    }

    /** A client of the contract at {@code url}; its answers are taken as sent (no schema validation). */
    public static PosCrm create(String url, Duration connectTimeout, Duration receiveTimeout) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        f.setProperties(new java.util.HashMap<>(Map.of("schema-validation-enabled", "false")));
        PosCrm client = (PosCrm) f.create();
        Client c = ClientProxy.getClient(client);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(receiveTimeout.toMillis());
        ((HTTPConduit) c.getConduit()).setClient(policy);
        return client;
    }

    /** The time-outs a client was given (for health and tests). */
    public static HTTPClientPolicy policy(PosCrm client) {
        return ((HTTPConduit) ClientProxy.getClient(client).getConduit()).getClient();
    }
}
