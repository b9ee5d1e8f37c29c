package io.orderhub.channels.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Shopify ({@code X-Shopify-Hmac-Sha256}) and WooCommerce ({@code X-WC-Webhook-Signature}) sign
 * a delivery: base64 of HMAC-SHA256 over the raw body, keyed with the shared secret's UTF-8 bytes.
 * Written out here, apart from the hub's verifier, so a mistake in one cannot hide in the other;
 * {@code WebhookVerifierTest} checks this against the platforms' published vectors.
 */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    public static String hmacSha256Base64(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
