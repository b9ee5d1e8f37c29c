package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.channels.sim.WebhookSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook verifier against signatures it did not produce: the platforms' published vectors
 * and, where none is published, {@code openssl} output committed as a fixture.
 */
class WebhookVerifierTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    /*
     * Shopify's own library test: Shopify/shopify-api-js,
     * packages/shopify-api/lib/webhooks/__tests__/validate.test.ts ("returns true for valid request",
     * rawBody '{"foo": "bar"}', hmac 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=') with the secret of
     * packages/shopify-api/lib/__tests__/test-config.ts (apiSecretKey 'test_secret_key').
     */
    static final String SHOPIFY_SECRET = "test_secret_key";
    static final String SHOPIFY_BODY = "{\"foo\": \"bar\"}";
    static final String SHOPIFY_HMAC = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";

    /*
     * WooCommerce documents X-WC-Webhook-Signature as base64(HMAC-SHA256(raw body, secret))
     * (WC_Webhook::generate_signature) but publishes no vector with secret, body and signature, so
     * this one is OpenSSL's, computed over the committed file's exact bytes (UTF-8, no newline):
     *   openssl dgst -sha256 -hmac 'wc_sk_Ab3&secret-东' -binary \
     *       src/test/resources/vectors/woocommerce-order.body.json | base64
     * (OpenSSL 3.0.19) → 7d9/YY+KnJWdZLfDDJzOJJ10M3uQw3R80AqhOvzVz4k=
     */
    static final String WOO_SECRET = "wc_sk_Ab3&secret-东";
    static final String WOO_SIGNATURE = "7d9/YY+KnJWdZLfDDJzOJJ10M3uQw3R80AqhOvzVz4k=";

    static final String SHOP_DOMAIN = "shop1.myshopify.io";
    static final String WOO_SITE = "https://shop.example.cn/";

    private final WebhookVerifier verifier = new WebhookVerifier(Map.of(
            "shopify", new ChannelSettings(null,
                    new ChannelSettings.Webhook("X-Shopify-Hmac-Sha256", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id"),
                    null, List.of(new ChannelSettings.Shop("shopify-test", "shopify", SHOP_DOMAIN, SHOPIFY_SECRET, null, null))),
            "woocommerce", new ChannelSettings(null,
                    new ChannelSettings.Webhook("X-WC-Webhook-Signature", "X-WC-Webhook-Source", "X-WC-Webhook-Delivery-ID"),
                    null, List.of(new ChannelSettings.Shop("woo-test", "woocommerce", WOO_SITE, WOO_SECRET, null, null)))));

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    static byte[] wooBody() throws IOException {
        try (InputStream in = WebhookVerifierTest.class.getResourceAsStream("/vectors/woocommerce-order.body.json")) {
            return in.readAllBytes();
        }
    }

    static Exchange delivery(byte[] body, Map<String, String> headers) {
        Exchange ex = new DefaultExchange(CAMEL);
        ex.getIn().setBody(body);
        headers.forEach(ex.getIn()::setHeader);
        return ex;
    }

    static Exchange shopify(byte[] body, String hmac) {
        return delivery(body, Map.of("X-Shopify-Hmac-Sha256", hmac, "X-Shopify-Shop-Domain", SHOP_DOMAIN,
                "X-Shopify-Webhook-Id", "123456789"));
    }

    static Exchange woo(byte[] body, String signature) {
        return delivery(body, Map.of("X-WC-Webhook-Signature", signature, "X-WC-Webhook-Source", WOO_SITE,
                "X-WC-Webhook-Delivery-ID", "4711"));
    }

    @Test
    void acceptsShopifysPublishedVector() {
        Exchange ex = shopify(SHOPIFY_BODY.getBytes(StandardCharsets.UTF_8), SHOPIFY_HMAC);

        verifier.verify("shopify", ex);

        assertThat(ex.getProperty("shopId")).isEqualTo("shopify-test");
        assertThat(ex.getProperty("idempotencyKey")).isEqualTo("webhook:shopify:123456789");
    }

    @Test
    void acceptsTheOpensslVectorForWooCommerce() throws IOException {
        Exchange ex = woo(wooBody(), WOO_SIGNATURE);

        verifier.verify("woocommerce", ex);

        assertThat(ex.getProperty("shopId")).isEqualTo("woo-test");
    }

    @Test
    void refusesTheVectorsWithOneByteChangedOrTheOtherSecret() throws IOException {
        // the same body with a space fewer, a body re-encoded, and the other platform's secret
        assertThatThrownBy(() -> verifier.verify("shopify", shopify("{\"foo\":\"bar\"}".getBytes(StandardCharsets.UTF_8),
                SHOPIFY_HMAC))).isInstanceOf(WebhookSignatureException.class).hasMessageContaining("does not match");
        byte[] latin1 = new String(wooBody(), StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> verifier.verify("woocommerce", woo(latin1, WOO_SIGNATURE)))
                .isInstanceOf(WebhookSignatureException.class);
        assertThatThrownBy(() -> verifier.verify("woocommerce", woo(SHOPIFY_BODY.getBytes(StandardCharsets.UTF_8), SHOPIFY_HMAC)))
                .isInstanceOf(WebhookSignatureException.class);
    }

    @Test
    void theTestsSigningHelperReproducesThePublishedVectors() throws IOException {
        // the hub tests sign deliveries with this helper; it must sign as the platforms do
        assertThat(WebhookSignatures.hmacSha256Base64(SHOPIFY_SECRET, SHOPIFY_BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SHOPIFY_HMAC);
        assertThat(WebhookSignatures.hmacSha256Base64(WOO_SECRET, wooBody())).isEqualTo(WOO_SIGNATURE);
    }
}
