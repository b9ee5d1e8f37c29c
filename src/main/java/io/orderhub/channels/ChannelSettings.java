package io.orderhub.channels;

import java.time.Duration;
import java.util.List;

/**
 * One channel's run-time configuration, {@code orderhub.channels.<name>} (in
 * {@code config/<name>/application.yaml}): which mapping it uses, how its webhooks are signed, how
 * it is polled, and its shops with their credentials (placeholders, never literals in the repo).
 */
public record ChannelSettings(String mapping, Webhook webhook, Poll poll, List<Shop> shops) {

    public ChannelSettings {
        shops = shops == null ? List.of() : List.copyOf(shops);
    }

    /** The mapping folder under mappings/ (default: the channel's own name). */
    public String mappingOr(String name) {
        return mapping == null || mapping.isBlank() ? name : mapping;
    }

    /**
     * Webhook signing: the header carrying base64 HMAC-SHA256 of the raw body, the header naming
     * the shop, and the header with the delivery id that a retried delivery repeats.
     */
    public record Webhook(String signatureHeader, String shopHeader, String deliveryHeader) {
    }

    /**
     * Polling: the connector (connectors/<connector>/connector.yaml), the platform's base URL, how
     * far back the first poll starts, and overrides of the connector's window and rate settings.
     */
    public record Poll(String connector, String baseUrl, Duration initialLookBack, Duration maxWindow,
                       Duration lag, Duration overlap, Integer pageSize, Double requestsPerSecond,
                       Integer maxWindowsPerRun) {
    }

    /**
     * A shop: its id in the hub, its canonical channel when it differs from the mapping's (a Tmall
     * shop on the Taobao API), how the platform names it (webhook shop header), and credentials.
     */
    public record Shop(String id, String channel, String source, String secret, String appKey, String session) {
    }
}
