package io.orderhub.stores;

import static io.orderhub.support.Sql.count;
import static io.orderhub.support.Sql.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderhub.config.HubProperties;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.OrderIds;
import io.orderhub.canonical.OrderStatus;
import io.orderhub.intake.OrderEvents;
import io.orderhub.support.MachineDatabases;
import io.orderhub.support.Samples;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store layer against the machine's PostgreSQL 15 and MariaDB 10.11, in fresh databases. */
class StoresOnMachineServersTest {

    private static MachineDatabases dbs;
    private static StoreSchemas schemas;
    private static NewStore newStore;
    private static OldStore oldStore;
    private static final LegacyMapping MAPPING = LegacyMapping.load();

    @BeforeAll
    static void migrate() throws SQLException {
        dbs = new MachineDatabases();
        PartitionMaintainer partitions = new PartitionMaintainer(dbs.postgres());
        schemas = new StoreSchemas(dbs.postgres(), dbs.mariadb(), partitions, new HubProperties());
        await().atMost(Duration.ofSeconds(30)).until(schemas::ready);
        newStore = new NewStore(dbs.postgres());
        oldStore = new OldStore(dbs.mariadb(), MAPPING);
    }

    @AfterAll
    static void drop() throws SQLException {
        schemas.close();
        dbs.close();
    }

    private static CanonicalOrder sample() {
        CanonicalOrder o = CanonicalOrderReader.read(Samples.fresh().toString());
        return o.withIdentity(OrderIds.newId(o.createdAt()).toString(), null, 1L);
    }

    @Test
    void oldStoreWritesTheLegacyShape() throws SQLException {
        CanonicalOrder order = sample();
        OldStore.Insert ins = oldStore.insert(order);

        assertThat(ins.created()).isTrue();
        assertThat(ins.ref().legacyOrderNo()).matches("SO\\d{6}\\d{10}");
        Map<String, Object> head = row(dbs.mariadb(), "SELECT ORDER_STATUS, HOLD_FLAG, SOURCE_CODE, PAY_AMT, GOODS_AMT,"
                + " FREIGHT_AMT, DISC_AMT, ORDER_TIME, RECV_DISTRICT_CODE, HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?",
                ins.ref().legacyOrderNo());
        assertThat(head).containsEntry("ORDER_STATUS", "20").containsEntry("HOLD_FLAG", "N")
                .containsEntry("SOURCE_CODE", "TM").containsEntry("PAY_AMT", 16890L).containsEntry("GOODS_AMT", 18090L)
                .containsEntry("FREIGHT_AMT", 800L).containsEntry("DISC_AMT", 2000L)
                .containsEntry("RECV_DISTRICT_CODE", "310115").containsEntry("HUB_ORDER_ID", order.id());
        // local wall-clock time of the legacy head office (UTC+8)
        assertThat(head.get("ORDER_TIME")).isEqualTo(LocalDateTime.parse("2026-11-22T10:15:30"));
        Map<String, Object> line = row(dbs.mariadb(), "SELECT QTY, PRICE, DISC_AMT, LINE_AMT, AFTERSALE_STATUS"
                + " FROM CRM_ORDER_DETAIL WHERE ORDER_NO = ? AND LINE_NO = 1", ins.ref().legacyOrderNo());
        assertThat(line).containsEntry("QTY", 2).containsEntry("PRICE", 8900L).containsEntry("DISC_AMT", 1000L)
                .containsEntry("LINE_AMT", 16800L).containsEntry("AFTERSALE_STATUS", "0");
        assertThat(row(dbs.mariadb(), "SELECT UNION_ID FROM CRM_MEMBER WHERE CARD_NO = ?", "88001234567"))
                .containsEntry("UNION_ID", "oUx1a2B3c4D5e6F7");
    }

    @Test
    void oldStoreRefusesASecondOrderWithTheSameChannelIdentity() throws SQLException {
        CanonicalOrder order = sample();
        OldStore.Insert first = oldStore.insert(order);
        CanonicalOrder again = order.withIdentity(OrderIds.newId(order.createdAt()).toString(), null, 1L);
        OldStore.Insert second = oldStore.insert(again);

        assertThat(second.created()).isFalse();
        assertThat(second.ref()).isEqualTo(first.ref());
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO = ?",
                order.channelOrderId())).isEqualTo(1);
    }

    @Test
    void legacyRowsMapBackToTheSameCanonicalOrder() throws SQLException {
        CanonicalOrder order = sample();
        OldStore.Insert ins = oldStore.insert(order);

        CanonicalOrder back = oldStore.findByHubId(order.id()).orElseThrow();

        // the legacy schema keeps whole seconds and writes discounts as fen
        CanonicalOrder expected = order.withIdentity(order.id(), ins.ref().legacyOrderNo(), 1L);
        assertThat(normalize(back)).isEqualTo(normalize(expected));
    }

    @Test
    void newStoreInsertsOnceAndUpdatesOnlyFromTheExpectedVersion() throws SQLException {
        CanonicalOrder order = sample();
        UUID id = UUID.fromString(order.id());

        assertThat(newStore.insert(order, OrderEvents.of(OrderEvents.CREATED, order), null)).isTrue();
        CanonicalOrder other = order.withIdentity(OrderIds.newId(order.createdAt()).toString(), null, 1L);
        assertThat(newStore.insert(other, OrderEvents.of(OrderEvents.CREATED, other), null)).isFalse();
        assertThat(newStore.find(id)).contains(order);
        assertThat(newStore.findIdByChannelKey(order.channelKey())).contains(id);

        CanonicalOrder shipped = order.withStatusAndItems(OrderStatus.SHIPPED, order.items())
                .withIdentity(order.id(), null, 2L);
        assertThat(newStore.update(shipped, 5L, OrderEvents.of(OrderEvents.UPDATED, shipped))).isFalse();
        assertThat(newStore.update(shipped, 1L, OrderEvents.of(OrderEvents.UPDATED, shipped))).isTrue();
        assertThat(newStore.find(id).orElseThrow().status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM outbox WHERE aggregate_id = ?", id)).isEqualTo(2);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM order_items WHERE order_id = ?", id)).isEqualTo(2);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM orders WHERE order_id = ?", id)).isEqualTo(1);
    }

    @Test
    void memberIndexIsHashPartitioned() throws SQLException {
        CanonicalOrder order = sample();
        newStore.insert(order, OrderEvents.of(OrderEvents.CREATED, order), null);
        assertThat(newStore.findIdsByMember("oUx1a2B3c4D5e6F7")).contains(UUID.fromString(order.id()));
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = ?", "member_orders")).isEqualTo(8);
    }

    private static CanonicalOrder normalize(CanonicalOrder o) {
        return new CanonicalOrder(o.id(), o.legacyOrderNo(), o.version(), o.channel(), o.shopId(), o.channelOrderId(),
                null, o.status(), o.onHold(), o.member(), o.buyer(), o.shippingAddress(), o.storeCode(), o.regionCode(),
                o.items().stream().map(i -> new io.orderhub.canonical.OrderItem(i.hubSku(), i.channelSku(), i.name(),
                        i.quantity(), i.unitPrice().setScale(2), i.discount().setScale(2), i.lineTotal().setScale(2),
                        i.afterSaleStatus())).toList(),
                new io.orderhub.canonical.Amounts(o.amounts().currency(), o.amounts().goods().setScale(2),
                        o.amounts().shipping().setScale(2), o.amounts().discount().setScale(2),
                        o.amounts().paid().setScale(2)),
                o.payment(), sec(o.createdAt()), sec(o.paidAt()), sec(o.shippedAt()), sec(o.completedAt()),
                sec(o.platformModifiedAt()), o.buyerRemark(), o.sellerRemark());
    }

    private static java.time.Instant sec(java.time.Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }
}
