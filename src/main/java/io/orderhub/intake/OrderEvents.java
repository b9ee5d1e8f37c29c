package io.orderhub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.stores.NewStore;
import java.time.Instant;
import java.util.UUID;

/**
 * The order events published on Kafka: {@code eventId} (for consumers' de-duplication),
 * {@code eventType}, {@code orderId}, {@code version}, {@code occurredAt} and the full order.
 */
public final class OrderEvents {

    public static final String CREATED = "OrderCreated";
    public static final String UPDATED = "OrderUpdated";

    private OrderEvents() {
    }

    public static NewStore.OutboxEvent of(String type, CanonicalOrder order) {
        ObjectNode event = CanonicalJson.mapper().createObjectNode();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("eventType", type);
        event.put("orderId", order.id());
        event.put("version", order.version());
        event.put("occurredAt", Instant.now().toString());
        event.set("order", CanonicalJson.mapper().valueToTree(order));
        try {
            return new NewStore.OutboxEvent(UUID.fromString(order.id()), type,
                    CanonicalJson.mapper().writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
