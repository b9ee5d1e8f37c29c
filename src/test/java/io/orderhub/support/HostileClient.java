package io.orderhub.support;

import io.orderhub.channels.sim.WebhookSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Every intake of the hub, as an outside sender drives it, for the hostile-input and personal-data
 * tests. Every HTTP request goes through {@link #send}: the one place where credentials are added
 * once the endpoints require them. Every answer is kept ({@link #answers}) so a test can scan them.
 */
public final class HostileClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    public static final String SOAP_NS = "http://ws.crm.legacy/pos/2012";

    private final int port;
    private final Path inbox;
    public final List<String> answers = new CopyOnWriteArrayList<>();

    public HostileClient(int port, Path inbox) {
        this.port = port;
        this.inbox = inbox;
    }

    /** The one door for every HTTP request of these tests (credentials go here). */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(60));
        try {
            // the test admin's key (an admin may call every intake); webhooks are signed, SOAP takes it too
            HttpResponse<String> r = HTTP.send(HubHttp.admin().authorize(request.build()), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            answers.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    public HttpResponse<String> get(String path) {
        return send(to(path).GET());
    }

    /** POST /api/orders with canonical JSON bytes. */
    public HttpResponse<String> rest(byte[] body) {
        return send(to("/api/orders").header("Content-Type", "application/json")
                .header("Idempotency-Key", "hostile-" + UUID.randomUUID()).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POST /api/orders/{id}/status. */
    public HttpResponse<String> status(String orderId, byte[] body) {
        return send(to("/api/orders/" + orderId + "/status").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A Shopify orders/create delivery, signed as Shopify documents it (base64 HMAC-SHA256 of the raw body). */
    public HttpResponse<String> shopify(byte[] body) {
        return send(to("/api/webhooks/shopify").header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "orderhub-demo.myshopify.com")
                .header("X-Shopify-Webhook-Id", "hostile-" + UUID.randomUUID())
                .header("X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A WooCommerce order.created delivery, signed as WooCommerce documents it (base64 HMAC-SHA256). */
    public HttpResponse<String> woo(byte[] body) {
        return send(to("/api/webhooks/woocommerce").header("Content-Type", "application/json")
                .header("X-WC-Webhook-Topic", "order.created")
                .header("X-WC-Webhook-Source", "https://shop.orderhub-demo.cn/")
                .header("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString())
                .header("X-WC-Webhook-Signature", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.WOO_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A SOAP 1.1 call of the POS contract with the raw envelope bytes. */
    public HttpResponse<String> soap(String operation, byte[] envelope) {
        return send(to("/services/crm").header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"" + SOAP_NS + "/" + operation + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)));
    }

    /** /actuator/health says UP. */
    public boolean healthy() {
        HttpResponse<String> r = get("/actuator/health");
        return r.statusCode() == 200 && r.body().contains("\"status\":\"UP\"");
    }

    /** What a file drop left: where the file went and its error file's text (empty if none). */
    public record Filed(String where, String errors) {
    }

    /**
     * Drops bytes into an inbox as a careful sender does (temporary dot-name, then rename) and waits
     * until the hub has taken the file: archived or refused.
     */
    public Filed drop(String channel, String name, byte[] content) {
        try {
            Path dir = inbox.resolve(channel);
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".incoming-" + name);
            Files.write(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !Files.exists(dir.resolve(name)) && filed(dir, name) != null);
            // the error file is written before the file is moved
            Path original = filed(dir, name);
            Path errors = original.resolveSibling(original.getFileName() + ".errors.csv");
            return new Filed(original.getParent().getFileName().toString(),
                    Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path filed(Path dir, String name) throws IOException {
        for (String sub : List.of(".archive", ".refused")) {
            Path d = dir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    Path p = files.filter(f -> f.getFileName().toString().endsWith("-" + name)).findFirst().orElse(null);
                    if (p != null) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** A SubmitOrder envelope around the given request element's inner XML. */
    public static byte[] submitOrder(String inner) {
        return ("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pos=\"" + SOAP_NS + "\">"
                + "<soapenv:Body><pos:SubmitOrderRequest>" + inner + "</pos:SubmitOrderRequest></soapenv:Body></soapenv:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static Map<String, String> none() {
        return Map.of();
    }
}
