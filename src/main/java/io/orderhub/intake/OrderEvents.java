package io.orderhub.intake;

import com.fasterxml.jackson.core.JsonGenerator;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.stores.NewStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The order events published on Kafka: {@code eventId} (for consumers' de-duplication),
 * {@code eventType}, {@code orderId}, {@code version}, {@code occurredAt} and the full order.
 *
 * <p>The order is serialised once per write: the same JSON text is the new store's document column
 * and the event's {@code order} member.
 */
public final class OrderEvents {

    public static final String CREATED = "OrderCreated";
    public static final String UPDATED = "OrderUpdated";

    private OrderEvents() {
    }

    public static NewStore.OutboxEvent of(String type, CanonicalOrder order) {
        try {
            String document = CanonicalJson.mapper().writeValueAsString(order);
            StringWriter out = new StringWriter(document.length() + 200);
            try (JsonGenerator g = CanonicalJson.mapper().getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("eventId", UUID.randomUUID().toString());
                g.writeStringField("eventType", type);
                g.writeStringField("orderId", order.id());
                if (order.version() == null) {
                    g.writeNullField("version");
                } else {
                    g.writeNumberField("version", order.version());
                }
                g.writeStringField("occurredAt", Instant.now().toString());
                g.writeFieldName("order");
                g.writeRawValue(document);
                g.writeEndObject();
            }
            return new NewStore.OutboxEvent(UUID.fromString(order.id()), type, out.toString(), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
