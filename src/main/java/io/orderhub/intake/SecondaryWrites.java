package io.orderhub.intake;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Store;
import io.orderhub.sync.SecondaryApply;
import io.orderhub.sync.SyncChange;
import io.orderhub.stores.AuthoritativeOrders;
import io.orderhub.stores.Jdbc;
import io.orderhub.stores.NewStore;
import io.orderhub.stores.OldStore;
import io.orderhub.stores.OrderWrite;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The non-authoritative store's side of the cutover: applies changes that arrived over Artemis with
 * the same batched statements the authoritative write uses, in one transaction per call.
 *
 * <p>Idempotent and never regressing: of several changes to one order only the newest version is
 * applied, and only if it is newer than the stored row (the row is locked while deciding). A create
 * keeps the legacy order number the legacy sequence gave it. Nothing here writes an event or a sync
 * change: reverse sync cannot echo a change back, and events come only from the authority. Rows the
 * hub writes into the old store carry the hub's document with the head row's time and version, so
 * the legacy poll knows them as the hub's own.
 */
public class SecondaryWrites implements SecondaryApply {

    private final NewStore newStore;
    private final OldStore oldStore;

    public SecondaryWrites(NewStore newStore, OldStore oldStore) {
        this.newStore = newStore;
        this.oldStore = oldStore;
    }

    @Override
    public Applied apply(Store target, List<SyncChange> changes) throws SQLException {
        Map<String, SyncChange> newest = new LinkedHashMap<>();
        for (SyncChange change : changes) {
            if (change.entity() != Entity.ORDERS) {
                throw new IllegalArgumentException("no secondary writes for " + change.entity() + " yet");
            }
            newest.merge(change.aggregateId(), change, (a, b) -> b.version() > a.version() ? b : a);
        }
        List<CanonicalOrder> orders = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        for (SyncChange change : newest.values()) {
            orders.add(read(change));
            documents.add(change.payload());
        }
        AuthoritativeOrders store = target == Store.NEW ? newStore : oldStore;
        int duplicates = changes.size() - newest.size();
        return Jdbc.inTransaction(store.dataSource(), c -> {
            Map<CanonicalOrder.ChannelKey, CanonicalOrder> copies = new LinkedHashMap<>();
            orders.forEach(o -> copies.put(o.channelKey(), o));
            Map<CanonicalOrder.ChannelKey, AuthoritativeOrders.Current> current = store.lockByChannelKeys(c, copies);
            List<OrderWrite> writes = new ArrayList<>();
            List<Integer> unnumbered = new ArrayList<>();
            int skipped = duplicates;
            for (int i = 0; i < orders.size(); i++) {
                CanonicalOrder order = orders.get(i);
                AuthoritativeOrders.Current stored = current.get(order.channelKey());
                NewStore.OutboxEvent document = new NewStore.OutboxEvent(UUID.fromString(order.id()), null, null,
                        documents.get(i));
                if (stored == null) {
                    if (order.legacyOrderNo() == null) {
                        unnumbered.add(writes.size());
                    }
                    writes.add(new OrderWrite(OrderWrite.Kind.CREATE, order, 0, document, null, false, null));
                } else if (stored.order().version() == null || stored.order().version() < order.version()) {
                    String legacyNo = order.legacyOrderNo() != null ? order.legacyOrderNo() : stored.order().legacyOrderNo();
                    CanonicalOrder next = order.withIdentity(order.id(), legacyNo, order.version());
                    writes.add(new OrderWrite(OrderWrite.Kind.UPDATE, next,
                            stored.order().version() == null ? 0 : stored.order().version(), document, null, false, null));
                } else {
                    skipped++;
                }
            }
            if (target == Store.OLD && !unnumbered.isEmpty()) {
                // an order the new store took without a legacy number (none should be): the legacy sequence numbers it now
                List<String> numbers = oldStore.nextOrderNumbers(c, unnumbered.size());
                for (int k = 0; k < unnumbered.size(); k++) {
                    OrderWrite w = writes.get(unnumbered.get(k));
                    writes.set(unnumbered.get(k), new OrderWrite(w.kind(),
                            w.order().withIdentity(w.order().id(), numbers.get(k), w.order().version()), 0,
                            w.event(), null, false, null));
                }
            }
            if (!writes.isEmpty()) {
                store.write(c, writes, List.of());
            }
            return new Applied(writes.size(), skipped);
        });
    }

    private static CanonicalOrder read(SyncChange change) {
        try {
            CanonicalOrder order = CanonicalJson.mapper().readValue(change.payload(), CanonicalOrder.class);
            if (!change.aggregateId().equals(order.id()) || order.version() == null || order.version() != change.version()) {
                throw new IllegalArgumentException("change " + change.aggregateId() + " v" + change.version()
                        + " carries order " + order.id() + " v" + order.version());
            }
            return order;
        } catch (IOException e) {
            throw new IllegalArgumentException("change " + change.aggregateId() + " is not a canonical order: "
                    + e.getMessage(), e);
        }
    }
}
