package io.orderhub.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.intake.OrderNotFoundException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * The routes' view of the caller: taken from the request at the REST entry (before its headers are
 * dropped) and kept as the exchange property {@code caller}. A channel credential sees and writes only
 * the orders of its channels and shops; another's order is answered as if it did not exist (404), so
 * guessing ids tells nothing.
 */
public class CallerScope {

    public static final String PROPERTY = "caller";

    /** Keeps the authenticated caller of an HTTP request on the exchange. */
    public void capture(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(CallerAttributeFilter.ATTRIBUTE) instanceof Caller c) {
            exchange.setProperty(PROPERTY, c);
        }
    }

    /**
     * Before an order is taken from a channel credential: its channel and shop must be in the
     * credential's scope. A body that cannot be read is left to the intake, which names the problem.
     */
    public void checkIntake(Exchange exchange) {
        Caller caller = exchange.getProperty(PROPERTY, Caller.class);
        if (caller == null || !caller.scoped()) {
            return;
        }
        byte[] body = exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange,
                exchange.getMessage().getBody());
        exchange.getMessage().setBody(body);
        JsonNode node;
        try {
            node = body == null ? null : CanonicalJson.mapper().readTree(body);
        } catch (java.io.IOException e) {
            return;
        }
        if (node == null || !node.path("channel").isTextual() || !node.path("shopId").isTextual()) {
            return;
        }
        String channel = node.get("channel").asText();
        String shop = node.get("shopId").asText();
        if (!caller.mayAccess(channel, shop)) {
            boolean channelInScope = caller.scopes().stream()
                    .anyMatch(x -> x.equals(channel) || x.startsWith(channel + ":"));
            throw channelInScope
                    ? new OutOfScopeException("shopId", "this credential may not send orders of shop " + shop)
                    : new OutOfScopeException("channel", "this credential may not send orders of channel " + channel);
        }
    }

    /** A read's answer as the caller may see it: another channel's or shop's order is not there. */
    public Optional<CanonicalOrder> visible(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Optional<CanonicalOrder> order = exchange.getMessage().getBody(Optional.class);
        Caller caller = exchange.getProperty(PROPERTY, Caller.class);
        if (order == null || order.isEmpty() || caller == null) {
            return order == null ? Optional.empty() : order;
        }
        CanonicalOrder o = order.get();
        return caller.mayAccess(o.channel(), o.shopId()) ? order : Optional.empty();
    }

    /** Before a command on an order: 404 if it does not exist for this caller. */
    public void requireVisible(Exchange exchange) {
        if (visible(exchange).isEmpty()) {
            throw new OrderNotFoundException(exchange.getProperty("orderId", String.class));
        }
    }
}
