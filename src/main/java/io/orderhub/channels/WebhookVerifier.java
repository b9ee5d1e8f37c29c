package io.orderhub.channels;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;

/**
 * Verifies a webhook before anything reads its body: base64 HMAC-SHA256 of the raw bytes with the
 * shop's secret (Shopify {@code X-Shopify-Hmac-Sha256}, WooCommerce {@code X-WC-Webhook-Signature}),
 * compared in constant time. Which headers a channel uses is configuration. On success it sets the
 * exchange properties the channel intake reads: {@code mapping}, {@code shopId}, {@code channel},
 * {@code source} and, from the delivery id, {@code idempotencyKey} (a retried delivery is a duplicate).
 */
public class WebhookVerifier {

    private final Map<String, ChannelSettings> channels;

    public WebhookVerifier(Map<String, ChannelSettings> channels) {
        this.channels = channels;
    }

    public void verify(String name, Exchange exchange) {
        ChannelSettings settings = channels.get(name);
        if (settings == null || settings.webhook() == null || settings.webhook().signatureHeader() == null) {
            throw new IllegalStateException("channel " + name + " has no webhook settings (orderhub.channels." + name + ".webhook)");
        }
        ChannelSettings.Webhook w = settings.webhook();
        byte[] body = exchange.getIn().getBody(byte[].class);
        exchange.getIn().setBody(body == null ? new byte[0] : body);
        String signature = exchange.getIn().getHeader(w.signatureHeader(), String.class);
        String shopName = w.shopHeader() == null ? null : exchange.getIn().getHeader(w.shopHeader(), String.class);
        ChannelSettings.Shop shop = settings.shops().stream()
                .filter(s -> shopName == null ? settings.shops().size() == 1 : shopName.equals(s.source()))
                .findFirst().orElse(null);
        if (signature == null || signature.isBlank()) {
            throw new WebhookSignatureException("the " + w.signatureHeader() + " header is missing");
        }
        if (shop == null || shop.secret() == null || shop.secret().isBlank()) {
            throw new WebhookSignatureException("the shop " + (shopName == null ? "" : "'" + shopName + "' ")
                    + "is not configured for " + name + " webhooks");
        }
        byte[] expected = hmac(shop.secret(), exchange.getIn().getBody(byte[].class));
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            throw new WebhookSignatureException("the " + w.signatureHeader() + " header is not base64");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new WebhookSignatureException("the " + w.signatureHeader() + " header does not match the body");
        }
        String delivery = w.deliveryHeader() == null ? null : exchange.getIn().getHeader(w.deliveryHeader(), String.class);
        exchange.setProperty("mapping", settings.mappingOr(name));
        exchange.setProperty("shopId", shop.id());
        exchange.setProperty("channel", shop.channel());
        exchange.setProperty("source", "webhook " + name + (delivery == null ? "" : " delivery " + delivery));
        if (delivery != null && !delivery.isBlank()) {
            exchange.setProperty("idempotencyKey", "webhook:" + name + ":" + delivery);
        }
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
