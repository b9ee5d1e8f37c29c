package io.orderhub.reads;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.stores.NewStore;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Behind {@code direct:order-read}, the one door every order read passes (REST GET and search, SOAP
 * QueryOrder and QueryOrdersSince). Orders are read from the new store; the cutover issue chooses the
 * store per cohort here, and nowhere else.
 */
public class OrderReads {

    private final NewStore newStore;

    public OrderReads(NewStore newStore) {
        this.newStore = newStore;
    }

    /**
     * Answers {@code Optional<CanonicalOrder>} for a {@link OrderQuery.One}, an {@link OrderPage} for
     * {@link OrderQuery.ChangedSince}. A store that cannot answer is a {@link StoreUnavailableException}.
     */
    public Object read(OrderQuery query) {
        try {
            if (query instanceof OrderQuery.One one) {
                return one(one);
            }
            OrderQuery.ChangedSince c = (OrderQuery.ChangedSince) query;
            NewStore.ChangedPage page = newStore.findChangedSince(c.since(), c.offset(), c.limit());
            return new OrderPage(page.total(), page.orders());
        } catch (SQLException e) {
            throw new StoreUnavailableException("the new store cannot be read: " + e.getMessage(), e);
        }
    }

    private Optional<CanonicalOrder> one(OrderQuery.One query) throws SQLException {
        if (query instanceof OrderQuery.ById byId) {
            return newStore.find(byId.id());
        }
        if (query instanceof OrderQuery.ByLegacyOrderNo byNo) {
            return newStore.findByLegacyOrderNo(byNo.orderNo());
        }
        OrderQuery.ByChannelKey k = (OrderQuery.ByChannelKey) query;
        Optional<UUID> id = newStore.findIdByChannelKey(new CanonicalOrder.ChannelKey(k.channel(), k.shop(),
                k.channelOrderId()));
        return id.isPresent() ? newStore.find(id.get()) : Optional.empty();
    }
}
