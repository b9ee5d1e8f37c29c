package io.orderhub.reads;

import java.time.Instant;

/**
 * What a caller asks {@code direct:order-read} for. The one-order queries answer an
 * {@code Optional<CanonicalOrder>}, {@link ChangedSince} answers an {@link OrderPage}.
 */
public sealed interface OrderQuery {

    /** A query answered by at most one order. */
    sealed interface One extends OrderQuery {
    }

    /** By hub order id (a UUIDv7 already checked by {@link OrderQueries}). */
    record ById(java.util.UUID id) implements One {
    }

    /** By the channel identity the order entered with. */
    record ByChannelKey(String channel, String shop, String channelOrderId) implements One {
    }

    /** By the legacy CRM's order number. */
    record ByLegacyOrderNo(String orderNo) implements One {
    }

    /** Orders whose last business change is at or after {@code since}, oldest first, one page. */
    record ChangedSince(Instant since, int offset, int limit) implements OrderQuery {
    }
}
