package io.orderhub.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.intake.IntakeResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel side of the intake, called by {@code routes/platform/channel-order-intake.camel.yaml}:
 * maps a platform record with its channel's mapping, parks what cannot be mapped on the
 * needs-attention queue with the reasons, and answers webhooks.
 *
 * <p>Exchange properties in: {@code mapping} (folder under mappings/), {@code shopId},
 * {@code channel} (a shop's own channel code, optional), {@code source} (where the record came from,
 * for people). Out of the intake route: an {@link IntakeResult} or a {@link Parked}.
 */
public class ChannelIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelIntake.class);
    public static final String NEEDS_ATTENTION = "needsAttention";

    private final ChannelMappings mappings;

    /** A record that went to the needs-attention queue instead of the stores. */
    public record Parked(String mapping, String source, List<String> reasons) {
    }

    public ChannelIntake(ChannelMappings mappings) {
        this.mappings = mappings;
    }

    /**
     * Maps the body to a typed {@link io.orderhub.canonical.CanonicalOrder} (validated by the intake,
     * not here); an unmappable record keeps its body and gets the reasons.
     */
    public void toCanonical(Exchange exchange) {
        mappings.reloadIfChanged();
        String mapping = exchange.getProperty("mapping", String.class);
        ChannelMappings.Shop shop = new ChannelMappings.Shop(blankToNull(exchange.getProperty("shopId", String.class)),
                blankToNull(exchange.getProperty("channel", String.class)));
        Object body = exchange.getIn().getBody();
        if (!(body instanceof Map<?, ?> || body instanceof JsonNode || body instanceof String || body instanceof byte[])) {
            body = exchange.getIn().getBody(byte[].class);
        }
        try {
            exchange.getIn().setBody(mappings.toCanonical(mapping, shop, body));
        } catch (UnmappableOrderException e) {
            exchange.setProperty(NEEDS_ATTENTION, e.reasons());
            exchange.getIn().setBody(text(body));
        }
    }

    /**
     * Prepares the parked message: the record as text and the headers people and the re-drive read.
     * {@code _AMQ_DUPL_ID} (mapping, record digest, attempt) keys the repeat check of the route and
     * Artemis duplicate detection.
     */
    @SuppressWarnings("unchecked")
    public void needsAttention(Exchange exchange) {
        List<String> reasons = exchange.getProperty(NEEDS_ATTENTION, List.class);
        String text = text(exchange.getIn().getBody());
        int attempt = exchange.getProperty("redriveAttempt", 0, Integer.class);
        String mapping = exchange.getProperty("mapping", String.class);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(text);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("orderhubMapping", mapping);
        h.put("orderhubShop", exchange.getProperty("shopId", String.class));
        // a polled record parked because it could not be read whole: the re-drive reads it whole first
        h.put("orderhubReadWhole", exchange.getProperty(PlatformPoller.READ_WHOLE, String.class));
        h.put("orderhubChannel", exchange.getProperty("channel", String.class));
        h.put("orderhubSource", exchange.getProperty("source", mapping, String.class));
        h.put("orderhubReason", String.join("; ", reasons));
        h.put("orderhubAttempt", attempt);
        h.put("orderhubRedriveRun", exchange.getProperty("redriveRun", String.class));
        h.put("_AMQ_DUPL_ID", mapping + ":" + sha256(text) + ":" + attempt);
        h.values().removeIf(java.util.Objects::isNull);
        exchange.getIn().setHeaders(h);
    }

    /** Said once per record and attempt: only when it is parked for the first time, not when re-polled. */
    public void logParked(Exchange exchange) {
        LOG.warn("{} record from {} needs attention: {}", exchange.getIn().getHeader("orderhubMapping"),
                exchange.getIn().getHeader("orderhubSource"), exchange.getIn().getHeader("orderhubReason"));
    }

    /** The answer of a parked record. */
    @SuppressWarnings("unchecked")
    public Parked parked(Exchange exchange) {
        return new Parked(exchange.getProperty("mapping", String.class), exchange.getProperty("source", String.class),
                exchange.getProperty(NEEDS_ATTENTION, List.class));
    }

    /** A canonical order the intake refused (422) is parked too when nobody is there to answer. */
    public void refused(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        List<String> reasons = new ArrayList<>();
        if (e instanceof InvalidOrderException invalid) {
            for (FieldError f : invalid.errors()) {
                reasons.add(f.field() + " " + f.reason());
            }
        } else {
            reasons.add(String.valueOf(e == null ? "refused" : e.getMessage()));
        }
        exchange.setProperty(NEEDS_ATTENTION, reasons);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A webhook's answer: 200 with the outcome and order id, or 202 when the record was parked. */
    public String webhookAnswer(Exchange exchange) {
        Object result = exchange.getMessage().getBody();
        // the parked message's headers (_AMQ_DUPL_ID, orderhubSource, ...) are the hub's, not the caller's
        exchange.getMessage().removeHeaders("*");
        Map<String, Object> answer = new LinkedHashMap<>();
        if (result instanceof IntakeResult r) {
            answer.put("outcome", r.outcome().name());
            answer.put("orderId", r.order().id());
            answer.put("status", r.order().status().name());
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        } else if (result instanceof Parked p) {
            answer.put("outcome", "NEEDS_ATTENTION");
            answer.put("reasons", p.reasons());
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        }
        return json(answer, exchange);
    }

    /** A webhook topic that carries no order: acknowledged so the platform does not retry it. */
    public String ignoredWebhook(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("outcome", "IGNORED");
        answer.put("topic", exchange.getProperty("topic", String.class));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        return json(answer, exchange);
    }

    /** A JSON answer of the body (a map). */
    public String json(Exchange exchange) {
        return json(exchange.getMessage().getBody(), exchange);
    }

    private static String json(Object body, Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            return CanonicalJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object body) {
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        try {
            return CanonicalJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
