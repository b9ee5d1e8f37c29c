package io.orderhub.stores;

import static io.orderhub.support.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.OrderIds;
import io.orderhub.config.HubProperties;
import io.orderhub.intake.OrderEvents;
import io.orderhub.support.MachineDatabases;
import io.orderhub.support.Samples;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An order of a month without a partition goes to the DEFAULT partition and no request creates a
 * partition; the maintainer, when it later creates that month, moves the rows into it. Checked in
 * PostgreSQL's catalogue (pg_class, pg_inherits) on the machine's PostgreSQL, in a fresh database.
 */
class DefaultPartitionTest {

    private static MachineDatabases dbs;
    private static StoreSchemas schemas;
    private static PartitionMaintainer partitions;
    private static NewStore newStore;

    @BeforeAll
    static void migrate() {
        try {
            dbs = new MachineDatabases();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        partitions = new PartitionMaintainer(dbs.postgres());
        schemas = new StoreSchemas(dbs.postgres(), dbs.mariadb(), partitions, new HubProperties());
        await().atMost(Duration.ofSeconds(30)).until(schemas::ready);
        newStore = new NewStore(dbs.postgres());
    }

    @AfterAll
    static void drop() throws SQLException {
        schemas.close();
        dbs.close();
    }

    private static CanonicalOrder createdAt(String instant) {
        CanonicalOrder o = CanonicalOrderReader.read(Samples.set(Samples.set(Samples.fresh(),
                "createdAt", instant), "platformModifiedAt", instant).toString());
        return o.withIdentity(OrderIds.newId(o.createdAt()).toString(), null, 1L);
    }

    private static long partitionsOf(String table) throws SQLException {
        return count(dbs.postgres(), "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = ?", table);
    }

    private static long relations(String name) throws SQLException {
        return count(dbs.postgres(), "SELECT count(*) FROM pg_class WHERE relname = ?", name);
    }

    @Test
    void aLateOrderGoesToTheDefaultPartitionAndNoPartitionIsCreated() throws SQLException {
        long orders = partitionsOf("orders");
        long items = partitionsOf("order_items");
        CanonicalOrder late = createdAt("2011-03-15T08:00:00Z");
        UUID id = UUID.fromString(late.id());

        assertThat(newStore.insert(late, OrderEvents.of(OrderEvents.CREATED, late), null)).isTrue();

        assertThat(count(dbs.postgres(), "SELECT count(*) FROM orders_default WHERE order_id = ?", id)).isEqualTo(1);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM order_items_default WHERE order_id = ?", id)).isEqualTo(2);
        assertThat(relations("orders_y2011m03")).isZero();
        assertThat(relations("order_items_y2011m03")).isZero();
        assertThat(partitionsOf("orders")).isEqualTo(orders);
        assertThat(partitionsOf("order_items")).isEqualTo(items);
        assertThat(newStore.find(id)).hasValueSatisfying(o -> assertThat(o.createdAt()).isEqualTo(late.createdAt()));
    }

    @Test
    void theMaintainerMovesRowsOutOfTheDefaultWhenItCreatesTheirMonth() throws SQLException {
        CanonicalOrder late = createdAt("2012-07-31T23:59:59.999Z");
        CanonicalOrder other = createdAt("2012-08-01T00:00:00Z");
        UUID id = UUID.fromString(late.id());
        newStore.insert(late, OrderEvents.of(OrderEvents.CREATED, late), null);
        newStore.insert(other, OrderEvents.of(OrderEvents.CREATED, other), null);

        partitions.ensure(YearMonth.of(2012, 7));

        assertThat(count(dbs.postgres(), "SELECT count(*) FROM orders_y2012m07 WHERE order_id = ?", id)).isEqualTo(1);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM order_items_y2012m07 WHERE order_id = ?", id)).isEqualTo(2);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM orders_default WHERE order_id = ?", id)).isZero();
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM order_items_default WHERE order_id = ?", id)).isZero();
        // the next month's order stays where it was, and the default is attached again
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM orders_default WHERE order_id = ?",
                UUID.fromString(other.id()))).isEqualTo(1);
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE c.relname = ?", "orders_default")).isEqualTo(1);
        assertThat(newStore.find(id)).isPresent();
        assertThat(count(dbs.postgres(), "SELECT count(*) FROM orders WHERE order_id = ?", id)).isEqualTo(1);
    }
}
