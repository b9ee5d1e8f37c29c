package io.orderhub.stores;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.support.HubTest;
import io.orderhub.support.Samples;
import io.orderhub.support.Sql;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A platform order whose buyer contact came masked (Pinduoduo's {@code 张**}, Taobao's
 * {@code 138****1234}) but which carries a loyalty card: the legacy CRM gets the card as a member,
 * never the masked name and mobile as the member's own (the CRM finds members by mobile, so a masked
 * one would match every stranger with the same mask). An unmasked buyer still fills both.
 */
@HubTest
class MaskedMemberTest {

    @Autowired
    OldStore oldStore;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    // the orders written here exist in the old store only: the legacy poll of other tests must not meet them
    @org.junit.jupiter.api.AfterEach
    void forgetTheOrders() throws Exception {
        try (var c = maria.getConnection();
             var d = c.prepareStatement("DELETE FROM CRM_ORDER_DETAIL WHERE ORDER_NO IN (SELECT ORDER_NO FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?)");
             var h = c.prepareStatement("DELETE FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?")) {
            for (String ext : written) {
                d.setString(1, ext);
                d.executeUpdate();
                h.setString(1, ext);
                h.executeUpdate();
            }
        }
    }

    private final java.util.List<String> written = new java.util.ArrayList<>();

    @Test
    void aMaskedBuyerWithACardMakesAMemberWithoutTheMaskedNameAndMobile() throws Exception {
        String card = "M" + System.nanoTime() % 1_000_000_000_000L;
        ObjectNode order = Samples.fresh();
        Samples.set(order, "member.cardNo", card);
        written.add(order.path("channelOrderId").asText());
        Samples.set(order, "buyer.name", "张**");
        Samples.set(order, "buyer.mobile", "138****1234");

        oldStore.insert(CanonicalOrderReader.read(Samples.json(order)).withIdentity(io.orderhub.canonical.OrderIds.newId(java.time.Instant.now()).toString(), null, 1L));

        Map<String, Object> member = Sql.row(maria, "SELECT MEMBER_NAME, MOBILE FROM CRM_MEMBER WHERE CARD_NO = ?", card);
        assertThat(member).containsEntry("MEMBER_NAME", null).containsEntry("MOBILE", null);
    }

    @Test
    void anUnmaskedBuyerWithACardFillsTheMembersNameAndMobile() throws Exception {
        String card = "M" + System.nanoTime() % 1_000_000_000_000L;
        ObjectNode order = Samples.fresh();
        Samples.set(order, "member.cardNo", card);
        written.add(order.path("channelOrderId").asText());
        Samples.set(order, "buyer.name", "王小明");
        Samples.set(order, "buyer.mobile", "13812341234");

        oldStore.insert(CanonicalOrderReader.read(Samples.json(order)).withIdentity(io.orderhub.canonical.OrderIds.newId(java.time.Instant.now()).toString(), null, 1L));

        Map<String, Object> member = Sql.row(maria, "SELECT MEMBER_NAME, MOBILE FROM CRM_MEMBER WHERE CARD_NO = ?", card);
        assertThat(member).containsEntry("MEMBER_NAME", "王小明").containsEntry("MOBILE", "13812341234");
    }
}
