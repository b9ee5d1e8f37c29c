package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.cutover.CutoverState;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.support.HubTest;
import io.orderhub.support.Sql;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 11, per-function switching: one rule serves {@code QueryMember} of one store from the new
 * store while {@code SubmitOrder} of the same store still writes old-first (the legacy CRM numbers
 * the sale), and another store's {@code QueryMember} still reads the legacy member table. The member
 * is made to differ between the stores on purpose (its name), so the answer shows which store
 * answered. The rules are rolled back at the end, as a migration team would.
 */
@HubTest
class PerFunctionCutoverTest {

    @LocalServerPort
    int port;
    @Autowired
    NewStoreMembers newStoreMembers;
    @Autowired
    CutoverState cutover;
    @Autowired
    PosCrmGateway gateway;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    @Test
    void queryMemberOfOneStoreFromTheNewStoreWhileItsSalesStillWriteOldFirst() throws Exception {
        gateway.serveFrom(PosCrmGateway.Path.HUB);
        MemberCutoverHub hub = new MemberCutoverHub(port, maria, newStoreMembers, cutover);
        String card = "66" + String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
        String mobile = "15" + String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
        String store = "PF" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        String otherStore = "PX" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        hub.oldMember(card, "老店名", mobile);
        hub.newMember(card, "新店名", mobile, store);

        assertThat(hub.nameAt(store, card)).as("the seed: members DUAL_WRITE, read from the legacy table").isEqualTo("老店名");

        long before = hub.rulesVersion();
        hub.queryMemberIn(before, "member-reads", store, "LIVE");
        try {
            assertThat(hub.nameAt(store, card)).as("QueryMember of the store: the new store answers").isEqualTo("新店名");
            assertThat(hub.nameAt(otherStore, card)).as("another store: still the legacy table").isEqualTo("老店名");

            // the same store's sale still writes old-first: the legacy CRM's order number, in both stores
            SubmitOrderRequest sale = LegacyCrmSimulatorTest.sale(card);
            sale.setStoreCode(store);
            String no = hub.pos(store).submitOrder(sale).getOrderNo();
            assertThat(no).startsWith("SO");
            assertThat(Sql.row(maria, "SELECT STORE_CODE FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", no))
                    .containsEntry("STORE_CODE", store);
            assertThat(Sql.row(pg, "SELECT store_code FROM orders WHERE legacy_order_no = ?", no))
                    .containsEntry("store_code", store);
        } finally {
            hub.rollBackTo(before, "end of the per-function test");
        }
        assertThat(hub.nameAt(store, card)).as("rolled back: the legacy table again").isEqualTo("老店名");
    }
}
