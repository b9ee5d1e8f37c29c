package io.orderhub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.intake.IntakeResult;
import io.orderhub.intake.OrderNotFoundException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes the HTTP answers of the orders API from the intake's and the look-ups' results. */
public class OrderResponses {

    private final String basePath;

    public OrderResponses(String basePath) {
        this.basePath = basePath;
    }

    /** 201 with Location for a new order; 200 with the stored order for an update or a duplicate. */
    public void intake(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        IntakeResult result = exchange.getMessage().getMandatoryBody(IntakeResult.class);
        Message out = exchange.getMessage();
        boolean created = result.outcome() == IntakeResult.Outcome.CREATED;
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, created ? 201 : 200);
        if (created) {
            out.setHeader("Location", basePath + "/orders/" + result.order().id());
        }
        out.setHeader("Orderhub-Outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        json(out, result.order());
    }

    /** 200 with the order, or a 404 problem. */
    public void one(Exchange exchange) {
        String id = exchange.getProperty("orderId", String.class);
        @SuppressWarnings("unchecked")
        Optional<CanonicalOrder> order = exchange.getMessage().getBody(Optional.class);
        if (order == null || order.isEmpty()) {
            throw new OrderNotFoundException(id);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        json(exchange.getMessage(), order.get());
    }

    /** 200 with a JSON array of zero or one order. */
    public void list(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Optional<CanonicalOrder> order = exchange.getMessage().getBody(Optional.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        json(exchange.getMessage(), order == null || order.isEmpty() ? java.util.List.of() : java.util.List.of(order.get()));
    }

    private static void json(Message out, Object value) {
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            out.setBody(CanonicalJson.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
