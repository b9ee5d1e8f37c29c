package io.orderhub.channels.sim;

import io.orderhub.channels.ChannelSettings;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The demo profile's platforms: the platform simulator on its own port with the demo shops' apps,
 * new orders and later changes on Taobao, Tmall, JD and Pinduoduo every few seconds (pulled by the
 * poll routes), signed Shopify and WooCommerce webhooks sent to the hub, and example exports
 * dropped into the store, ERP and WeChat inboxes. A newcomer sees every channel flow in a minute.
 */
@Component
@Profile("demo")
public class DemoChannels {

    private static final Logger LOG = LoggerFactory.getLogger(DemoChannels.class);
    private static final Map<String, String> PLATFORM_OF_CONNECTOR = Map.of(
            "taobao-top", "taobao", "jd-pop", "jd", "pinduoduo-open", "pinduoduo");

    private final PlatformSimulator sim;
    private final Map<String, ChannelSettings> channels;
    private final Environment env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random = new Random();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-channels");
        t.setDaemon(true);
        return t;
    });

    public DemoChannels(Map<String, ChannelSettings> channelSettings, Environment env,
                        @Value("${orderhub.demo.platforms-port}") int port) {
        this.channels = channelSettings;
        this.env = env;
        this.sim = PlatformSimulator.start(port, System.nanoTime());
        channelSettings.forEach((name, s) -> {
            if (s.poll() != null && PLATFORM_OF_CONNECTOR.containsKey(s.poll().connector())) {
                for (ChannelSettings.Shop shop : s.shops()) {
                    if (shop.appKey() != null && !shop.appKey().isBlank()) {
                        sim.register(new PlatformSimulator.App(PLATFORM_OF_CONNECTOR.get(s.poll().connector()),
                                shop.appKey(), shop.secret(), shop.session()));
                    }
                }
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        String hub = "http://127.0.0.1:" + env.getProperty("local.server.port", "8080");
        dropExamples();
        timer.scheduleWithFixedDelay(() -> safely(this::platformOrders), 1, 3, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(() -> safely(() -> webhooks(hub)), 2, 4, TimeUnit.SECONDS);
        LOG.info("demo: platform simulator at {}; Taobao/Tmall/JD/Pinduoduo orders every 3 s, Shopify/WooCommerce "
                + "webhooks every 4 s, example files dropped into {}", sim.baseUrl(), env.getProperty("orderhub.inbox.dir"));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("demo step failed: {}", e.getMessage());
        }
    }

    private void platformOrders() {
        String[][] apps = {{"taobao", "taobao"}, {"taobao", "tmall"}, {"jd", "jd"}, {"pinduoduo", "pinduoduo"}};
        String[] pick = apps[random.nextInt(apps.length)];
        String appKey = appKeyOf(pick[1]);
        if (appKey == null) {
            return;
        }
        boolean unmappable = random.nextInt(20) == 0;
        sim.newOrder(pick[0], appKey, SimOrder.Stage.PAID, unmappable, false);
        // and now and then an earlier order moves on
        List<SimOrder> all = sim.orders();
        SimOrder o = all.get(random.nextInt(all.size()));
        switch (o.stage) {
            case PAID -> sim.advance(o, SimOrder.Stage.SHIPPED);
            case SHIPPED -> {
                if (random.nextBoolean()) {
                    sim.refund(o, 0, SimOrder.Refund.REFUNDED);
                } else {
                    sim.advance(o, SimOrder.Stage.FINISHED);
                }
            }
            default -> {
            }
        }
    }

    private String appKeyOf(String channel) {
        ChannelSettings s = channels.get("tmall".equals(channel) ? "taobao" : channel);
        if (s == null) {
            return null;
        }
        return s.shops().stream().filter(shop -> "tmall".equals(channel) == "tmall".equals(shop.channel()))
                .map(ChannelSettings.Shop::appKey).filter(k -> k != null && !k.isBlank()).findFirst().orElse(null);
    }

    private void webhooks(String hub) {
        boolean shopify = random.nextBoolean();
        ChannelSettings s = channels.get(shopify ? "shopify" : "woocommerce");
        if (s == null || s.shops().isEmpty() || s.shops().get(0).secret() == null || s.shops().get(0).secret().isBlank()) {
            return;
        }
        ChannelSettings.Shop shop = s.shops().get(0);
        SimOrder o = sim.newOrder(shopify ? "shopify" : "woocommerce", "webhook", SimOrder.Stage.PAID);
        byte[] body = (shopify ? PlatformSimulator.shopifyOrder(o) : PlatformSimulator.wooOrder(o)).toString()
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(hub + "/api/webhooks/" + (shopify ? "shopify" : "woocommerce")))
                .header("Content-Type", "application/json")
                .header(s.webhook().signatureHeader(), WebhookSignatures.hmacSha256Base64(shop.secret(), body))
                .header(s.webhook().shopHeader(), shop.source())
                .header(s.webhook().deliveryHeader(), UUID.randomUUID().toString())
                .header(shopify ? "X-Shopify-Topic" : "X-WC-Webhook-Topic", shopify ? "orders/create" : "order.created")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            LOG.debug("demo webhook {} -> {} {}", o.id, res.statusCode(), res.body());
        } catch (IOException e) {
            LOG.warn("demo webhook failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies the golden example exports into the inboxes, as stores and the ERP would drop them. */
    private void dropExamples() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Map<String, String> inboxes = Map.of("store-csv", "csv", "erp-xml", "xml", "wechat-shop", "jsonl");
        inboxes.forEach((channel, ext) -> {
            String dir = env.getProperty("orderhub.channels." + channel + ".inbox");
            if (dir == null) {
                return;
            }
            try {
                Path inbox = Files.createDirectories(Path.of(dir));
                for (Resource r : resolver.getResources("classpath*:mappings/" + channel + "/examples/*.input." + ext)) {
                    String name = "demo-" + System.currentTimeMillis() + "-" + r.getFilename().replace(".input.", ".");
                    Path tmp = inbox.resolve("." + name);
                    try (InputStream in = r.getInputStream()) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                LOG.warn("demo: cannot drop example files into {}: {}", dir, e.getMessage());
            }
        });
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        timer.shutdownNow();
        sim.close();
    }
}
