package io.orderhub.stores;

import static io.orderhub.support.Sql.count;
import static io.orderhub.support.Sql.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.OrderIds;
import io.orderhub.canonical.OrderStatus;
import io.orderhub.config.HubProperties;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import io.orderhub.intake.OrderEvents;
import io.orderhub.intake.SecondaryWrites;
import io.orderhub.support.MachineDatabases;
import io.orderhub.support.Samples;
import io.orderhub.sync.SecondaryApply;
import io.orderhub.sync.SyncChange;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authoritative batch write and the secondary apply of both stores, against the machine's
 * PostgreSQL and MariaDB in fresh databases, checked by SQL on what each schema holds.
 */
class BatchWritesTest {

    private static MachineDatabases dbs;
    private static StoreSchemas schemas;
    private static NewStore newStore;
    private static OldStore oldStore;
    private static SecondaryWrites secondary;

    @BeforeAll
    static void migrate() throws SQLException {
        dbs = new MachineDatabases();
        schemas = new StoreSchemas(dbs.postgres(), dbs.mariadb(), new PartitionMaintainer(dbs.postgres()), new HubProperties());
        await().atMost(Duration.ofSeconds(30)).until(schemas::ready);
        newStore = new NewStore(dbs.postgres());
        oldStore = new OldStore(dbs.mariadb(), LegacyMapping.load());
        secondary = new SecondaryWrites(newStore, oldStore);
    }

    @AfterAll
    static void drop() throws SQLException {
        schemas.close();
        dbs.close();
    }

    private static CanonicalOrder fresh() {
        return CanonicalOrderReader.read(Samples.fresh().toString());
    }

    private static OrderWrite create(CanonicalOrder o, String legacyNo) {
        CanonicalOrder c = o.withIdentity(OrderIds.newId(o.createdAt()).toString(), legacyNo, 1L);
        return new OrderWrite(OrderWrite.Kind.CREATE, c, 0, OrderEvents.of(OrderEvents.CREATED, c), "pilot", true, null);
    }

    private static OrderWrite shipped(CanonicalOrder stored) {
        CanonicalOrder o = stored;
        CanonicalOrder next = new CanonicalOrder(o.id(), o.legacyOrderNo(), o.version() + 1, o.channel(), o.shopId(),
                o.channelOrderId(), o.sourceSystem(), OrderStatus.SHIPPED, o.onHold(), o.member(), o.buyer(),
                o.shippingAddress(), o.storeCode(), o.regionCode(), o.items().subList(0, 1), o.amounts(), o.payment(),
                o.createdAt(), o.paidAt(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                o.completedAt(), o.platformModifiedAt(), o.buyerRemark(), o.sellerRemark());
        return new OrderWrite(OrderWrite.Kind.UPDATE, next, o.version(), OrderEvents.of(OrderEvents.UPDATED, next),
                "pilot", true, null);
    }

    @Test
    void anOldStoreBatchWritesHeadsLinesDocumentsEventsAndSyncChangesInOneTransaction() throws SQLException {
        List<String> numbers = oldStore.nextOrderNumbers(3);
        assertThat(numbers).doesNotHaveDuplicates().allMatch(n -> n.matches("SO\\d{6}\\d{10}"));
        OrderWrite a = create(fresh(), numbers.get(0));
        OrderWrite b = create(fresh(), numbers.get(1));
        OrderWrite bShipped = shipped(b.order());
        Jdbc.inTransaction(dbs.mariadb(), c -> {
            oldStore.write(c, List.of(a, b, bShipped), List.of());
            return null;
        });
        Map<String, Object> head = row(dbs.mariadb(), "SELECT ORDER_STATUS, VERSION_NO, HUB_ORDER_ID, UPDATE_TIME"
                + " FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", numbers.get(1));
        assertThat(head.get("VERSION_NO")).isEqualTo(2);
        assertThat(head.get("HUB_ORDER_ID")).isEqualTo(b.order().id());
        // the lines of its last version only (the create's were replaced in the same transaction)
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM CRM_ORDER_DETAIL WHERE ORDER_NO = ?", numbers.get(1)))
                .isEqualTo(1);
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM CRM_ORDER_DETAIL WHERE ORDER_NO = ?", numbers.get(0)))
                .isEqualTo(a.order().items().size());
        // the hub's document records the head exactly as written: the legacy poll knows it as the hub's own
        Map<String, Object> doc = row(dbs.mariadb(), "SELECT d.HUB_VERSION, d.HUB_VERSION_NO, d.HUB_UPDATE_TIME = h.UPDATE_TIME AS SAME"
                + " FROM HUB_ORDER_DOC d JOIN CRM_ORDER_HEAD h ON h.ORDER_NO = d.ORDER_NO WHERE d.ORDER_NO = ?", numbers.get(1));
        assertThat(((Number) doc.get("HUB_VERSION")).longValue()).isEqualTo(2L);
        assertThat(((Number) doc.get("HUB_VERSION_NO")).longValue()).isEqualTo(2L);
        assertThat(((Number) doc.get("SAME")).intValue()).isEqualTo(1);
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX WHERE AGGREGATE_ID = ?", b.order().id())).isEqualTo(2);
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM HUB_SYNC_OUTBOX WHERE AGGREGATE_ID = ? AND COHORT = 'pilot'",
                b.order().id())).isEqualTo(2);
        // locked read: the stored order comes back from the document while the head is as the hub left it
        Map<CanonicalOrder.ChannelKey, AuthoritativeOrders.Current> found = Jdbc.inTransaction(dbs.mariadb(),
                c -> oldStore.lockByChannelKeys(c, Map.of(b.order().channelKey(), b.order(), a.order().channelKey(), a.order())));
        assertThat(found.get(b.order().channelKey()).adopt()).isFalse();
        assertThat(found.get(b.order().channelKey()).order().status()).isEqualTo(OrderStatus.SHIPPED);
        // a change the legacy CRM makes itself puts the row up for adoption
        assertThat(oldStore.updateStatus(numbers.get(0), "40", java.time.LocalDateTime.now(), null)).isTrue();
        found = Jdbc.inTransaction(dbs.mariadb(), c -> oldStore.lockByChannelKeys(c, Map.of(a.order().channelKey(), a.order())));
        assertThat(found.get(a.order().channelKey()).adopt()).isTrue();
    }

    @Test
    void aStaleUpdateRollsTheWholeBatchBack() throws SQLException {
        String no = oldStore.nextOrderNumbers(1).get(0);
        OrderWrite a = create(fresh(), no);
        Jdbc.inTransaction(dbs.mariadb(), c -> {
            oldStore.write(c, List.of(a), List.of());
            return null;
        });
        OrderWrite other = create(fresh(), oldStore.nextOrderNumbers(1).get(0));
        OrderWrite stale = new OrderWrite(OrderWrite.Kind.UPDATE, shipped(a.order()).order(), 7, shipped(a.order()).event(),
                "pilot", true, null);
        assertThatThrownBy(() -> Jdbc.inTransaction(dbs.mariadb(), c -> {
            oldStore.write(c, List.of(other, stale), List.of());
            return null;
        })).isInstanceOf(StaleWriteException.class);
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?", other.order().legacyOrderNo()))
                .isZero();
        assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM HUB_SYNC_OUTBOX WHERE AGGREGATE_ID = ?", other.order().id()))
                .isZero();
    }

    @Test
    void aNewStoreBatchWritesOrdersEventsAndSyncChangesAndAConcurrentCreateIsAUniqueViolation() throws SQLException {
        OrderWrite a = create(fresh(), oldStore.nextOrderNumbers(1).get(0));
        OrderWrite aShipped = shipped(a.order());
        Jdbc.inTransaction(dbs.postgres(), c -> {
            newStore.write(c, List.of(a, aShipped), List.of());
            return null;
        });
        Map<String, Object> r = row(dbs.postgres(), "SELECT status, version, legacy_order_no FROM orders WHERE order_id = ?::uuid",
                a.order().id());
        assertThat(r.get("status")).isEqualTo("SHIPPED");
        assertThat(((Number) r.get("version")).longValue()).isEqualTo(2L);
        assertThat(r.get("legacy_order_no")).isEqualTo(a.order().legacyOrderNo());
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM order_items WHERE order_id = ?::uuid", a.order().id())).isEqualTo(1);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM outbox WHERE aggregate_id = ?::uuid", a.order().id())).isEqualTo(2);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM sync_outbox WHERE aggregate_id = ?", a.order().id())).isEqualTo(2);
        // the same channel identity under another id, as a concurrent batch would create it
        OrderWrite twin = create(a.order(), "SO0000000000000001");
        assertThatThrownBy(() -> Jdbc.inTransaction(dbs.postgres(), c -> {
            newStore.write(c, List.of(twin), List.of());
            return null;
        })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(Jdbc.retryable(e)).isTrue());
    }

    private static SyncChange change(CanonicalOrder o, Store target) throws Exception {
        return new SyncChange(Entity.ORDERS, o.id(), target, "pilot", o.version(), Instant.now(),
                CanonicalJson.mapper().writeValueAsString(o));
    }

    @Test
    void secondaryDeliveriesOutOfOrderOrTwiceNeverRegressEitherStore() throws Exception {
        for (Store target : Store.values()) {
            CanonicalOrder v1 = create(fresh(), oldStore.nextOrderNumbers(1).get(0)).order();
            CanonicalOrder v2 = shipped(v1).order();
            SecondaryApply.Applied first = secondary.apply(target, List.of(change(v2, target)));
            assertThat(first.applied()).isEqualTo(1);
            // the older version arrives late, and the newer one again: both are skipped
            SecondaryApply.Applied late = secondary.apply(target, List.of(change(v1, target), change(v2, target)));
            assertThat(late.applied()).as(target.name()).isZero();
            assertThat(late.skipped()).as(target.name()).isEqualTo(2);
            if (target == Store.NEW) {
                assertThat(row(dbs.postgres(), "SELECT status FROM orders WHERE order_id = ?::uuid", v1.id()).get("status"))
                        .isEqualTo("SHIPPED");
                assertThat(count(dbs.postgres(), "SELECT count(*) FROM order_items WHERE order_id = ?::uuid", v1.id())).isEqualTo(1);
                // no echo: the apply writes neither an event nor a sync change
                assertThat(count(dbs.postgres(), "SELECT count(*) FROM outbox WHERE aggregate_id = ?::uuid", v1.id())).isZero();
                assertThat(count(dbs.postgres(), "SELECT count(*) FROM sync_outbox WHERE aggregate_id = ?", v1.id())).isZero();
            } else {
                Map<String, Object> head = row(dbs.mariadb(), "SELECT VERSION_NO, ORDER_NO FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?", v1.id());
                assertThat(((Number) head.get("VERSION_NO")).intValue()).isEqualTo(2);
                assertThat(head.get("ORDER_NO")).isEqualTo(v1.legacyOrderNo());
                assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM HUB_EVENT_OUTBOX WHERE AGGREGATE_ID = ?", v1.id())).isZero();
                assertThat(count(dbs.mariadb(), "SELECT COUNT(*) FROM HUB_SYNC_OUTBOX WHERE AGGREGATE_ID = ?", v1.id())).isZero();
            }
            // a batch holding two versions of one order applies the newer only
            CanonicalOrder v3 = new CanonicalOrder(v2.id(), v2.legacyOrderNo(), 3L, v2.channel(), v2.shopId(), v2.channelOrderId(),
                    v2.sourceSystem(), OrderStatus.COMPLETED, v2.onHold(), v2.member(), v2.buyer(), v2.shippingAddress(),
                    v2.storeCode(), v2.regionCode(), v2.items(), v2.amounts(), v2.payment(), v2.createdAt(), v2.paidAt(),
                    v2.shippedAt(), v2.shippedAt(), v2.platformModifiedAt(), v2.buyerRemark(), v2.sellerRemark());
            SecondaryApply.Applied both = secondary.apply(target, List.of(change(v3, target), change(v2, target)));
            assertThat(both.applied()).isEqualTo(1);
            assertThat(both.skipped()).isEqualTo(1);
        }
    }
}
