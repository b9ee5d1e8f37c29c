package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.support.HubHttp;
import io.orderhub.support.HubTest;
import io.orderhub.support.TestCredentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The POS identity a sale is recorded with comes from the pos credential (its source:, region:,
 * store: scopes), never from a free header: a header may repeat the binding, contradicting it is
 * refused, and only a relay credential (a POS gateway) names unbound fields by header.
 */
@HubTest
class PosIdentityHubTest {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    PosCrmGateway gateway;

    private PosCrm client(String key, Map<String, List<String>> headers) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        PosCrm pos = HubHttp.authorizeSoap((PosCrm) f.create(), key);
        if (!headers.isEmpty()) {
            ClientProxy.getClient(pos).getRequestContext().put(Message.PROTOCOL_HEADERS, headers);
        }
        return pos;
    }

    /** The source system of each order stored for the sale ("<none>" when it has none). */
    private List<String> stored(SubmitOrderRequest sale) throws Exception {
        io.orderhub.support.Secondary.settled();
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(source_system, '<none>') FROM orders WHERE channel = 'pos' AND channel_order_id = ?")) {
            ps.setString(1, sale.getPosNo() + "-" + sale.getPosTxnNo());
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Test
    void aBoundKeysSaleRecordsItsBoundSourceSystemWithoutHeaders() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        SubmitOrderRequest sale = LegacyCrmSimulatorTest.sale(null);
        assertThat(client(TestCredentials.POS_BOUND_KEY, Map.of()).submitOrder(sale).getResultCode()).isEqualTo("0000");
        assertThat(stored(sale)).containsExactly("pos-suzhou-v3");

        // a header that repeats the binding is fine
        SubmitOrderRequest again = LegacyCrmSimulatorTest.sale(null);
        assertThat(client(TestCredentials.POS_BOUND_KEY, Map.of(PosIdentity.STORE_HEADER, List.of("BJ0007")))
                .submitOrder(again).getResultCode()).isEqualTo("0000");
        assertThat(stored(again)).containsExactly("pos-suzhou-v3");
    }

    @Test
    void aHeaderContradictingTheBoundKeyIsRefusedNamingItAndNothingIsStored() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        SubmitOrderRequest sale = LegacyCrmSimulatorTest.sale(null);
        PosCrm pos = client(TestCredentials.POS_BOUND_KEY, Map.of(PosIdentity.SOURCE_HEADER, List.of("pos-other-v1")));
        CrmFault_Exception fault = catchThrowableOfType(CrmFault_Exception.class, () -> pos.submitOrder(sale));
        assertThat(fault).isNotNull();
        assertThat(fault.getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.AUTHENTICATION);
        assertThat(fault.getFaultInfo().getElement()).isEqualTo(PosIdentity.SOURCE_HEADER);
        assertThat(stored(sale)).isEmpty();
    }

    @Test
    void anUnboundKeysIdentityHeadersAreIgnored() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        SubmitOrderRequest sale = LegacyCrmSimulatorTest.sale(null);
        assertThat(client(TestCredentials.POS_KEY, Map.of(PosIdentity.SOURCE_HEADER, List.of("pos-suzhou-v3"),
                PosIdentity.STORE_HEADER, List.of("BJ0007"))).submitOrder(sale).getResultCode()).isEqualTo("0000");
        // no identity: the pos channel's own source system (its channel definition), not the header's
        assertThat(stored(sale)).containsExactly("pos");
    }

    @Test
    void aRelayKeysIdentityHeadersAreTaken() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        SubmitOrderRequest sale = LegacyCrmSimulatorTest.sale(null);
        assertThat(client(TestCredentials.POS_RELAY_KEY, Map.of(PosIdentity.SOURCE_HEADER, List.of("pos-gw-v2"),
                PosIdentity.STORE_HEADER, List.of("SH0001"))).submitOrder(sale).getResultCode()).isEqualTo("0000");
        assertThat(stored(sale)).containsExactly("pos-gw-v2");
    }
}
