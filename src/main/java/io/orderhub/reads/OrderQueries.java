package io.orderhub.reads;

import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.canonical.OrderIds;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds the typed queries of the REST API from its path and query parameters; bad input is a 400. */
public class OrderQueries {

    /** An id that is not a hub order id is a malformed request, not an unknown order. */
    public OrderQuery byId(String id) {
        UUID uuid = OrderIds.parse(id);
        if (uuid == null) {
            throw new InvalidOrderException(true, List.of(new FieldError("id", "is not a hub order id (UUIDv7)")));
        }
        return new OrderQuery.ById(uuid);
    }

    public OrderQuery byChannelKey(String channel, String shop, String channelOrderId) {
        List<FieldError> missing = new ArrayList<>();
        if (channel == null || channel.isBlank()) {
            missing.add(new FieldError("channel", "query parameter is required"));
        }
        if (shop == null || shop.isBlank()) {
            missing.add(new FieldError("shop", "query parameter is required"));
        }
        if (channelOrderId == null || channelOrderId.isBlank()) {
            missing.add(new FieldError("channelOrderId", "query parameter is required"));
        }
        if (!missing.isEmpty()) {
            throw new InvalidOrderException(true, missing);
        }
        return new OrderQuery.ByChannelKey(channel, shop, channelOrderId);
    }
}
