package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.json;
import static io.orderhub.channels.ChannelSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import io.orderhub.support.Sql;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A channel order's region is stored in both stores as its most precise GB/T 2260 code, also for
 * the layouts the old 00-ending assumption could not hold: a county-level city directly under its
 * province (天门, 429006) and a prefecture without counties whose district slot is a street (东莞).
 */
@HubTest
class ChannelRegionCodeTest {

    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    String wooOrder(String state, String city, String address2) throws Exception {
        SimOrder o = sim.newOrder("woocommerce", "woo", SimOrder.Stage.PAID);
        ObjectNode w = PlatformSimulator.wooOrder(o);
        ((ObjectNode) w.path("shipping")).put("state", state).put("city", city).put("address_2", address2);
        byte[] body = w.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(port, "/api/webhooks/woocommerce", body, Map.of(
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Source", WebhookChannelsTest.WOO_SITE,
                "X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString(),
                "X-WC-Webhook-Signature", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.WOO_SECRET, body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("outcome").asText()).isEqualTo("CREATED");
        return o.id;
    }

    @Test
    void theMostPreciseCodeIsStoredInBothStores() throws Exception {
        String tianmen = wooOrder("CN18", "天门市", "竟陵街道");
        String dongguan = wooOrder("CN20", "东莞市", "东城街道");
        assertRegion(tianmen, "420000", "429006");
        assertRegion(dongguan, "440000", "441900");
    }

    void assertRegion(String channelOrderId, String provinceCode, String code) throws Exception {
        Map<String, Object> n = Sql.row(pg, "SELECT region_code, document #>> '{shippingAddress,provinceCode}' AS p,"
                + " document #>> '{shippingAddress,cityCode}' AS c, document #>> '{shippingAddress,districtCode}' AS d"
                + " FROM orders WHERE channel_order_id = ?", channelOrderId);
        assertThat(n.get("region_code")).isEqualTo(code);
        assertThat(n.get("p")).isEqualTo(provinceCode);
        assertThat(n.get("c")).isEqualTo(code);
        assertThat(n.get("d")).as("a street is never a district").isNull();
        Map<String, Object> o = Sql.row(maria, "SELECT REGION_CODE, RECV_PROVINCE_CODE, RECV_CITY_CODE,"
                + " RECV_DISTRICT_CODE FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?", channelOrderId);
        assertThat(o.get("REGION_CODE")).isEqualTo(code);
        assertThat(o.get("RECV_PROVINCE_CODE")).isEqualTo(provinceCode);
        assertThat(o.get("RECV_CITY_CODE")).isEqualTo(code);
        assertThat(o.get("RECV_DISTRICT_CODE")).isNull();
    }
}
