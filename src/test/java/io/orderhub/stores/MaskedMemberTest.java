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

    @Test
    void aMaskedBuyerWithACardMakesAMemberWithoutTheMaskedNameAndMobile() throws Exception {
        String card = "M" + System.nanoTime() % 1_000_000_000_000L;
        ObjectNode order = Samples.fresh();
        Samples.set(order, "member.cardNo", card);
        Samples.set(order, "buyer.name", "张**");
        Samples.set(order, "buyer.mobile", "138****1234");

        oldStore.insert(CanonicalOrderReader.read(Samples.json(order)).withIdentity(java.util.UUID.randomUUID().toString(), null, 1L));

        Map<String, Object> member = Sql.row(maria, "SELECT MEMBER_NAME, MOBILE FROM CRM_MEMBER WHERE CARD_NO = ?", card);
        assertThat(member).containsEntry("MEMBER_NAME", null).containsEntry("MOBILE", null);
    }

    @Test
    void anUnmaskedBuyerWithACardFillsTheMembersNameAndMobile() throws Exception {
        String card = "M" + System.nanoTime() % 1_000_000_000_000L;
        ObjectNode order = Samples.fresh();
        Samples.set(order, "member.cardNo", card);
        Samples.set(order, "buyer.name", "王小明");
        Samples.set(order, "buyer.mobile", "13812341234");

        oldStore.insert(CanonicalOrderReader.read(Samples.json(order)).withIdentity(java.util.UUID.randomUUID().toString(), null, 1L));

        Map<String, Object> member = Sql.row(maria, "SELECT MEMBER_NAME, MOBILE FROM CRM_MEMBER WHERE CARD_NO = ?", card);
        assertThat(member).containsEntry("MEMBER_NAME", "王小明").containsEntry("MOBILE", "13812341234");
    }
}
