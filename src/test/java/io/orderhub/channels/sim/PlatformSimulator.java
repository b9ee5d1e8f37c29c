package io.orderhub.channels.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server that behaves like the platforms the hub pulls from, since there is no
 * internet here: Taobao TOP ({@code POST /router/rest}, {@code taobao.trades.sold.increment.get},
 * which like the real one lists part of each trade only, and {@code taobao.trade.fullinfo.get} for
 * the whole trade),
 * JD ({@code POST /routerjson}, {@code jingdong.pop.order.search}) and Pinduoduo
 * ({@code POST /api/router}, {@code pdd.order.number.list.increment.get}). It checks the MD5 request
 * signature, pages by modified-time window (at most 30 minutes for Pinduoduo, one day for TOP and
 * JD), enforces a request rate with HTTP 429, can be told to fail the next requests with 5xx, and
 * answers in each platform's own field names and status values. It also renders Shopify and
 * WooCommerce REST order JSON for webhooks, signed the platforms' way.
 *
 * <p>Orders are generated from a seed: Chinese names and addresses, several lines, coupons,
 * partial refunds, emoji in buyer messages; they move along (paid, shipped, refunded) when told,
 * with a new modified time, or with a modified time in the past (a late-arriving change).
 */
public final class PlatformSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);

    /** An app registered with a platform: key, secret and session token. */
    public record App(String platform, String appKey, String secret, String session) {
    }

    private final HttpServer server;
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final List<SimOrder> orders = new CopyOnWriteArrayList<>();
    private final Random random;
    private final AtomicLong sequence = new AtomicLong(1);
    private final Map<String, long[]> rate = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger okBeforeFailing = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger changeAfter = new AtomicInteger(-1);
    private volatile Runnable pendingChange;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile int requestsPerSecond = 50;
    private final Map<String, String> refusedDetails = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.UnaryOperator<byte[]>> rewrites = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, byte[]> raw = new ConcurrentHashMap<>();

    private PlatformSimulator(HttpServer server, long seed) {
        this.server = server;
        this.random = new Random(seed);
    }

    /** Starts on the given port (0: a free one). */
    public static PlatformSimulator start(int port, long seed) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            PlatformSimulator sim = new PlatformSimulator(server, seed);
            server.createContext("/router/rest", ex -> sim.handle(ex, "taobao"));
            server.createContext("/routerjson", ex -> sim.handle(ex, "jd"));
            server.createContext("/api/router", ex -> sim.handle(ex, "pinduoduo"));
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "platform-simulator");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            LOG.info("platform simulator on http://127.0.0.1:{} (Taobao /router/rest, JD /routerjson, Pinduoduo /api/router)",
                    server.getAddress().getPort());
            return sim;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the platform simulator: " + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void register(App app) {
        apps.put(app.appKey(), app);
    }

    /** Requests per second per app before HTTP 429. */
    public void rateLimit(int perSecond) {
        this.requestsPerSecond = perSecond;
    }

    /** Runs {@code change} once, right after the next {@code n} requests were answered (an order changing while a client pages). */
    public void afterRequests(int n, Runnable change) {
        pendingChange = change;
        changeAfter.set(n);
    }

    /** The next n requests are refused with HTTP 429 (as when another client used up the app's quota). */
    public void throttleNext(int n) {
        throttleNext.set(n);
    }

    /**
     * Every signed request of the platform is answered with this body (HTTP 200) instead of its
     * orders, until called again with null: a hostile or broken platform answer for the poll.
     */
    public void serveRaw(String platform, byte[] body) {
        if (body == null) {
            raw.remove(platform);
        } else {
            raw.put(platform, body);
        }
    }

    /**
     * taobao.trade.fullinfo.get while a raw list answer is served: the trade with that tid taken from
     * the raw list, as its detail answer (so a hostile value in a listed trade reaches the hub through
     * the detail call too); the raw bytes themselves when they are no list to take it from.
     */
    private static byte[] rawTrade(byte[] rawList, String tid) {
        try {
            JsonNode trades = JSON.readTree(rawList).at("/trades_sold_increment_get_response/trades/trade");
            for (JsonNode t : trades) {
                if (tid != null && (tid.equals(t.path("tid").asText()) || tid.equals(t.path("tid_str").asText()))) {
                    ObjectNode root = JSON.createObjectNode();
                    root.putObject("trade_fullinfo_get_response").set("trade", t);
                    return JSON.writeValueAsBytes(root);
                }
            }
        } catch (IOException | RuntimeException notAList) {
            // answered as it is
        }
        return rawList;
    }

    /** The next n requests fail with HTTP 503. */
    public void failNext(int n) {
        failAfter(0, n);
    }

    /** After {@code ok} more requests succeed, the next {@code failures} fail with HTTP 503. */
    public void failAfter(int ok, int failures) {
        okBeforeFailing.set(ok);
        failNext.set(failures);
    }

    public int requests() {
        return requests.get();
    }

    /** Answered calls of one API method (taobao.trade.fullinfo.get, ...). */
    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** taobao.trade.fullinfo.get refuses this trade with a TOP error answer (as for a trade the session may not read). */
    public void refuseDetail(String tid) {
        refusedDetails.put(tid, tid);
    }

    /** taobao.trade.fullinfo.get gives this trade again. */
    public void allowDetail(String tid) {
        refusedDetails.remove(tid);
    }

    /**
     * The next answer of the API {@code method} that {@code rewrite} changes (it returns null for an
     * answer it leaves alone) goes out as it makes it from its UTF-8 bytes: bytes that are not UTF-8,
     * a key given twice, deep nesting. Once.
     */
    public void rewriteNextAnswer(String method, java.util.function.UnaryOperator<byte[]> rewrite) {
        rewrites.put(method, rewrite);
    }

    public int throttled() {
        return throttled.get();
    }

    public List<SimOrder> orders() {
        return List.copyOf(orders);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- orders ---------------------------------------------------------------------------

    /** A new order on a platform, modified now. */
    public SimOrder newOrder(String platform, String appKey, SimOrder.Stage stage) {
        return newOrder(platform, appKey, stage, false, false);
    }

    /** A new order; {@code unknownSku}/{@code unknownPlace} put a product or address no table knows into it. */
    public synchronized SimOrder newOrder(String platform, String appKey, SimOrder.Stage stage, boolean unknownSku,
                                          boolean unknownPlace) {
        if (stage == SimOrder.Stage.UNPAID && ("jd".equals(platform) || "pinduoduo".equals(platform))) {
            stage = SimOrder.Stage.PAID; // their incremental APIs list paid orders only
        }
        Instant created = Instant.now().minusSeconds(30 + random.nextInt(120)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String id = switch (platform) {
            case "taobao" -> Long.toString(3_876_000_000_000_000_000L + sequence.getAndIncrement() * 7919);
            case "jd" -> Long.toString(290_000_000_000L + sequence.getAndIncrement() * 31);
            case "pinduoduo" -> LOCAL.format(created).substring(2, 10).replace("-", "") + "-"
                    + (100_000_000_000_000L + sequence.getAndIncrement() * 97);
            case "shopify" -> Long.toString(5_800_000_000_000L + sequence.getAndIncrement());
            default -> Long.toString(10_000 + sequence.getAndIncrement());
        };
        SimCatalog.Place place = unknownPlace ? SimCatalog.UNKNOWN_PLACE : pick(SimCatalog.PLACES);
        String name = pick(SimCatalog.SURNAMES) + pick(SimCatalog.GIVEN);
        String mobile = "1" + (3 + random.nextInt(6)) + String.format("%09d", random.nextInt(1_000_000_000));
        BigDecimal post = random.nextInt(3) == 0 ? new BigDecimal("8.00") : new BigDecimal("0.00");
        BigDecimal coupon = random.nextInt(3) == 0 ? new BigDecimal("10.00") : new BigDecimal("0.00");
        SimOrder o = new SimOrder(platform, appKey, id, "buyer-" + Long.toString(Math.abs(random.nextLong()), 36),
                name, mobile, place, pick(SimCatalog.STREETS), post, coupon, pick(SimCatalog.REMARKS), created, stage);
        int lines = 1 + random.nextInt(3);
        int first = random.nextInt(SimCatalog.PRODUCTS.size());
        for (int i = 0; i < lines; i++) {
            // a product appears on one line only, as on the platforms
            SimCatalog.Product p = unknownSku && i == 0 ? SimCatalog.UNKNOWN_PRODUCT
                    : SimCatalog.PRODUCTS.get((first + i * 3) % SimCatalog.PRODUCTS.size());
            int qty = 1 + random.nextInt(3);
            // Pinduoduo has no per-line discounts
            BigDecimal discount = random.nextInt(4) == 0 && !"pinduoduo".equals(platform)
                    ? new BigDecimal("5.00") : new BigDecimal("0.00");
            o.lines.add(new SimOrder.Line(p, 4_000_000_000L + Math.abs(p.merchantCode().hashCode() % 100_000_000), qty, discount));
        }
        if (stage != SimOrder.Stage.UNPAID) {
            o.paid = created.plusSeconds(20);
        }
        if (stage == SimOrder.Stage.SHIPPED || stage == SimOrder.Stage.FINISHED) {
            o.shipped = created.plusSeconds(25);
        }
        if (stage == SimOrder.Stage.FINISHED) {
            o.finished = created.plusSeconds(28);
        }
        o.modified = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        orders.add(o);
        return o;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** Moves an order to a later stage, modified now. */
    public synchronized void advance(SimOrder o, SimOrder.Stage stage) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        o.stage = stage;
        if (stage.ordinal() >= SimOrder.Stage.PAID.ordinal() && o.paid == null && stage != SimOrder.Stage.CLOSED) {
            o.paid = now;
        }
        if ((stage == SimOrder.Stage.SHIPPED || stage == SimOrder.Stage.FINISHED) && o.shipped == null) {
            o.shipped = now;
        }
        if (stage == SimOrder.Stage.FINISHED) {
            o.finished = now;
        }
        touch(o, now);
    }

    /** Refund state of one line, modified now. */
    public synchronized void refund(SimOrder o, int line, SimOrder.Refund refund) {
        o.lines.get(line).refund = refund;
        touch(o, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Puts an order on hold (JD LOCKED, WooCommerce on-hold) or releases it, modified now. */
    public synchronized void hold(SimOrder o, boolean locked) {
        o.locked = locked;
        touch(o, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Moves all of an order's times back (an order that happened earlier). */
    public synchronized void backdate(SimOrder o, Duration by) {
        o.created = o.created.minus(by);
        o.paid = o.paid == null ? null : o.paid.minus(by);
        o.shipped = o.shipped == null ? null : o.shipped.minus(by);
        o.finished = o.finished == null ? null : o.finished.minus(by);
        o.modified = o.modified.minus(by);
    }

    /** Sets an order's modified time explicitly (a change that commits late, with an earlier time). */
    public synchronized void modifiedAt(SimOrder o, Instant at) {
        o.modified = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private static void touch(SimOrder o, Instant now) {
        // the platform's modified time only moves forward, by at least a second per change
        o.modified = now.isAfter(o.modified) ? now : o.modified.plusSeconds(1);
    }

    // ---- the platform APIs ----------------------------------------------------------------

    private void handle(HttpExchange ex, String platform) throws IOException {
        requests.incrementAndGet();
        try {
            if (okBeforeFailing.getAndUpdate(n -> Math.max(0, n - 1)) == 0
                    && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, 503, "{\"error\":\"service unavailable\"}");
                return;
            }
            Map<String, String> params = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String appKey = params.get("pinduoduo".equals(platform) ? "client_id" : "app_key");
            App app = appKey == null ? null : apps.get(appKey);
            if (app == null || !app.platform().equals(platform)) {
                send(ex, 200, error(platform, "29", "Invalid app key"));
                return;
            }
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || !allowed(appKey)) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, 429, error(platform, "7", "App Call Limited"));
                return;
            }
            String sign = params.get("sign");
            if (sign == null || !sign.equals(topMd5Sign(app.secret(), params))) {
                send(ex, 200, error(platform, "25", "Invalid signature"));
                return;
            }
            byte[] hostile = raw.get(platform);
            if (hostile != null) {
                send(ex, 200, "taobao.trade.fullinfo.get".equals(params.get("method")) ? rawTrade(hostile, params.get("tid")) : hostile);
                return;
            }
            String answer = switch (platform) {
                case "taobao" -> taobao(app, params);
                case "jd" -> jd(app, params);
                default -> pinduoduo(app, params);
            };
            String method = params.get("pinduoduo".equals(platform) ? "type" : "method");
            if (method != null) {
                calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            }
            java.util.function.UnaryOperator<byte[]> rewrite = method == null ? null : rewrites.get(method);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            byte[] rewritten = rewrite == null ? null : rewrite.apply(bytes);
            if (rewritten != null) {
                rewrites.remove(method, rewrite);
            }
            send(ex, 200, rewritten != null ? rewritten : bytes);
            if (changeAfter.get() > 0 && changeAfter.decrementAndGet() == 0 && pendingChange != null) {
                pendingChange.run();
                pendingChange = null;
            }
        } catch (RuntimeException e) {
            LOG.warn("simulator request failed", e);
            send(ex, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /**
     * The platforms' request signature, written out here rather than taken from the hub: upper-case
     * hex MD5 of secret + every parameter but {@code sign} as name and value, sorted by name
     * + secret (TOP "md5" sign method; JD and Pinduoduo sign the same way).
     */
    static String topMd5Sign(String secret, Map<String, String> params) {
        List<String> names = new ArrayList<>(params.keySet());
        names.remove("sign");
        names.sort(Comparator.naturalOrder());
        StringBuilder text = new StringBuilder(secret);
        for (String name : names) {
            // TOP's documented rule: parameters with an empty value are not signed
            if (params.get(name) != null && !params.get(name).isEmpty()) {
                text.append(name).append(params.get(name));
            }
        }
        text.append(secret);
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte b : md5) {
                hex.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean allowed(String appKey) {
        long second = System.currentTimeMillis() / 1000;
        long[] window = rate.computeIfAbsent(appKey, k -> new long[2]);
        synchronized (window) {
            if (window[0] != second) {
                window[0] = second;
                window[1] = 0;
            }
            return ++window[1] <= requestsPerSecond;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                m.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static String error(String platform, String code, String msg) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode body = e.putObject("error_response");
        body.put("code", code);
        if ("jd".equals(platform)) {
            body.put("zh_desc", msg);
            body.put("en_desc", msg);
        } else {
            body.put("msg", msg);
            body.put("error_msg", msg);
            body.put("error_code", code);
        }
        return e.toString();
    }

    private List<SimOrder> window(App app, Instant from, Instant to) {
        List<SimOrder> found = new ArrayList<>();
        for (SimOrder o : orders) {
            if (o.appKey.equals(app.appKey()) && !o.modified.isBefore(from) && !o.modified.isAfter(to)) {
                found.add(o);
            }
        }
        found.sort(Comparator.comparing((SimOrder o) -> o.modified).thenComparing(o -> o.id));
        return found;
    }

    private static List<SimOrder> page(List<SimOrder> all, int page, int size) {
        int from = Math.max(0, (page - 1) * size);
        return from >= all.size() ? List.of() : all.subList(from, Math.min(all.size(), from + size));
    }

    private String taobao(App app, Map<String, String> p) {
        if ("taobao.trade.fullinfo.get".equals(p.get("method"))) {
            return taobaoFullinfo(app, p);
        }
        if (!"taobao.trades.sold.increment.get".equals(p.get("method"))) {
            return error("taobao", "22", "Invalid method");
        }
        Instant from = local(p.get("start_modified"));
        Instant to = local(p.get("end_modified"));
        if (Duration.between(from, to).compareTo(Duration.ofDays(1)) > 0) {
            return error("taobao", "40", "start_modified and end_modified must be within one day");
        }
        int size = Math.min(100, Integer.parseInt(p.getOrDefault("page_size", "40")));
        List<SimOrder> all = window(app, from, to);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putObject("trades_sold_increment_get_response");
        r.put("total_results", all.size());
        int page = Integer.parseInt(p.getOrDefault("page_no", "1"));
        r.put("has_next", page * size < all.size());
        ArrayNode trades = r.putObject("trades").putArray("trade");
        page(all, page, size).forEach(o -> trades.add(taobaoListedTrade(o)));
        return root.toString();
    }

    /**
     * taobao.trade.fullinfo.get: one trade of the session's seller, whole, by tid (required, with
     * fields), as {"trade_fullinfo_get_response": {"trade": {...}}}. A trade of another seller, an
     * unknown one or one told to be refused gets a TOP error answer.
     */
    private String taobaoFullinfo(App app, Map<String, String> p) {
        String tid = p.get("tid");
        if (tid == null || tid.isBlank() || p.get("fields") == null || p.get("fields").isBlank()) {
            return error("taobao", "40", "Missing required arguments:" + (tid == null || tid.isBlank() ? "tid" : "fields"));
        }
        SimOrder o = orders.stream().filter(x -> x.id.equals(tid) && x.appKey.equals(app.appKey())).findFirst().orElse(null);
        if (o == null || refusedDetails.containsKey(tid)) {
            return error("taobao", "15", "Remote service error");
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("trade_fullinfo_get_response").set("trade", taobaoTrade(o));
        return root.toString();
    }

    private String jd(App app, Map<String, String> p) {
        if (!"jingdong.pop.order.search".equals(p.get("method"))) {
            return error("jd", "19", "Invalid method");
        }
        JsonNode q;
        try {
            q = JSON.readTree(p.getOrDefault("360buy_param_json", "{}"));
        } catch (IOException e) {
            return error("jd", "66", "360buy_param_json is not JSON");
        }
        Instant from = local(q.path("start_date").asText());
        Instant to = local(q.path("end_date").asText());
        if (Duration.between(from, to).compareTo(Duration.ofDays(1)) > 0) {
            return error("jd", "66", "start_date and end_date must be within one day");
        }
        int size = Math.min(100, q.path("page_size").asInt(20));
        List<SimOrder> all = window(app, from, to);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putObject("jingdong_pop_order_search_responce");
        r.put("code", "0");
        ObjectNode result = r.putObject("searchorderinfo_result");
        result.putObject("apiResult").put("success", true).put("chineseErrCode", "成功");
        result.put("orderTotal", all.size());
        ArrayNode list = result.putArray("orderInfoList");
        page(all, q.path("page").asInt(1), size).forEach(o -> list.add(jdOrder(o)));
        return root.toString();
    }

    private String pinduoduo(App app, Map<String, String> p) {
        if (!"pdd.order.number.list.increment.get".equals(p.get("type"))) {
            return error("pinduoduo", "10001", "Invalid type");
        }
        Instant from = Instant.ofEpochSecond(Long.parseLong(p.get("start_updated_at")));
        Instant to = Instant.ofEpochSecond(Long.parseLong(p.get("end_updated_at")));
        if (Duration.between(from, to).compareTo(Duration.ofMinutes(30)) > 0) {
            return error("pinduoduo", "10000", "参数错误：start_updated_at 与 end_updated_at 间隔不能超过30分钟");
        }
        int size = Math.min(100, Integer.parseInt(p.getOrDefault("page_size", "100")));
        List<SimOrder> all = window(app, from, to);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putObject("order_sn_increment_get_response");
        r.put("total_count", all.size());
        int page = Integer.parseInt(p.getOrDefault("page", "1"));
        r.put("has_next", page * size < all.size());
        ArrayNode list = r.putArray("order_sn_list");
        page(all, page, size).forEach(o -> list.add(pddOrder(o)));
        return root.toString();
    }

    private static Instant local(String s) {
        return java.time.LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")).atZone(CHINA).toInstant();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        ex.getResponseHeaders().add("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneId.of("GMT"))));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- renderers: each platform's own JSON ------------------------------------------------

    private static String t(Instant i) {
        return i == null ? null : LOCAL.format(i);
    }

    private static String money(BigDecimal d) {
        return d.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * A trade as taobao.trades.sold.increment.get lists it: part of the trade only (TOP: "返回的数据结果
     * 只包含了订单的部分数据，可通过taobao.trade.fullinfo.get获取订单详情"), here its ids, status, type,
     * times and payment; no receiver, buyer message or lines (orders), whatever fields were asked.
     */
    public static ObjectNode taobaoListedTrade(SimOrder o) {
        ObjectNode full = taobaoTrade(o);
        ObjectNode t = JSON.createObjectNode();
        for (String f : List.of("tid", "tid_str", "status", "type", "created", "modified", "payment")) {
            t.set(f, full.get(f));
        }
        return t;
    }

    /** A whole Taobao TOP trade (taobao.trade.fullinfo.get, the fields the connector asks for). */
    public static ObjectNode taobaoTrade(SimOrder o) {
        ObjectNode t = JSON.createObjectNode();
        t.put("tid", Long.parseLong(o.id));
        t.put("tid_str", o.id);
        t.put("status", switch (o.stage) {
            case UNPAID -> "WAIT_BUYER_PAY";
            case PAID -> "WAIT_SELLER_SEND_GOODS";
            case SHIPPED -> "WAIT_BUYER_CONFIRM_GOODS";
            case FINISHED -> "TRADE_FINISHED";
            case CLOSED -> o.paid == null ? "TRADE_CLOSED_BY_TAOBAO" : "TRADE_CLOSED";
        });
        t.put("type", "fixed");
        t.put("buyer_nick", o.buyerName.charAt(0) + "**");
        t.put("buyer_open_uid", "AAH" + o.buyerId);
        t.put("receiver_name", o.buyerName);
        t.put("receiver_mobile", o.mobile);
        t.put("receiver_state", o.place.province());
        t.put("receiver_city", o.place.city());
        t.put("receiver_district", o.place.district());
        t.put("receiver_address", o.street);
        t.put("receiver_zip", o.place.zip());
        t.put("created", t(o.created));
        t.put("pay_time", t(o.paid));
        t.put("consign_time", t(o.shipped));
        t.put("end_time", t(o.finished));
        t.put("modified", t(o.modified));
        t.put("total_fee", money(o.lines.stream().map(SimOrder.Line::gross).reduce(BigDecimal.ZERO, BigDecimal::add)));
        t.put("post_fee", money(o.postFee));
        t.put("discount_fee", money(o.coupon));
        t.put("payment", money(o.paidAmount()));
        t.put("alipay_no", o.paid == null ? null : "2026" + o.id.substring(3) + "22");
        t.put("buyer_message", o.remark.isEmpty() ? null : o.remark);
        ArrayNode lines = t.putObject("orders").putArray("order");
        int n = 0;
        for (SimOrder.Line l : o.lines) {
            ObjectNode x = lines.addObject();
            x.put("oid", Long.parseLong(o.id) * 10 + ++n);
            x.put("num_iid", 600_000_000_000L + l.platformSkuId % 1_000_000);
            x.put("sku_id", Long.toString(l.platformSkuId));
            x.put("outer_sku_id", l.product.merchantCode());
            x.put("title", l.product.title());
            x.put("price", money(l.product.price()));
            x.put("num", l.quantity);
            x.put("discount_fee", money(l.discount));
            x.put("total_fee", money(l.total()));
            x.put("payment", money(l.total()));
            x.put("refund_status", switch (l.refund) {
                case NONE -> "NO_REFUND";
                case REQUESTED -> "WAIT_SELLER_AGREE";
                case RETURNED -> "WAIT_SELLER_CONFIRM_GOODS";
                case REFUNDED -> "SUCCESS";
                case REFUSED -> "SELLER_REFUSE_BUYER";
            });
        }
        return t;
    }

    /** A JD order (jingdong.pop.order.search). */
    public static ObjectNode jdOrder(SimOrder o) {
        ObjectNode j = JSON.createObjectNode();
        j.put("orderId", o.id);
        j.put("venderId", "10086");
        j.put("orderType", "22");
        j.put("payType", "4-在线支付");
        j.put("orderTotalPrice", money(o.lines.stream().map(SimOrder.Line::gross).reduce(BigDecimal.ZERO, BigDecimal::add)));
        j.put("orderSellerPrice", money(o.paidAmount().subtract(o.postFee)));
        j.put("orderPayment", money(o.paidAmount()));
        j.put("freightPrice", money(o.postFee));
        j.put("sellerDiscount", money(o.coupon));
        j.put("orderState", o.locked ? "LOCKED" : switch (o.stage) {
            case UNPAID, PAID -> "WAIT_SELLER_STOCK_OUT";
            case SHIPPED -> "WAIT_GOODS_RECEIVE_CONFIRM";
            case FINISHED -> "FINISHED_L";
            case CLOSED -> "TRADE_CANCELED";
        });
        j.put("orderStateRemark", switch (o.stage) {
            case UNPAID, PAID -> "等待出库";
            case SHIPPED -> "等待确认收货";
            case FINISHED -> "完成";
            case CLOSED -> "取消";
        });
        j.put("orderStartTime", t(o.created));
        j.put("paymentConfirmTime", t(o.paid));
        j.put("orderEndTime", t(o.finished));
        j.put("modified", t(o.modified));
        j.put("orderRemark", o.remark);
        j.put("open_id_buyer", "jd_" + o.buyerId);
        ObjectNode c = j.putObject("consigneeInfo");
        c.put("fullname", o.buyerName);
        c.put("mobile", o.mobile);
        c.put("province", o.place.province());
        c.put("city", o.place.city());
        c.put("county", o.place.district());
        c.put("fullAddress", o.place.province() + o.place.city() + o.place.district() + o.street);
        c.put("address", o.street);
        ArrayNode items = j.putArray("itemInfoList");
        ArrayNode coupons = j.putArray("couponDetailList");
        for (SimOrder.Line l : o.lines) {
            ObjectNode i = items.addObject();
            i.put("skuId", Long.toString(l.platformSkuId));
            i.put("outerSkuId", l.product.merchantCode());
            i.put("skuName", l.product.title());
            i.put("jdPrice", money(l.product.price()));
            i.put("itemTotal", Integer.toString(l.quantity));
            i.put("wareId", Long.toString(100_000 + l.platformSkuId % 100_000));
            if (l.discount.signum() > 0) {
                coupons.addObject().put("skuId", Long.toString(l.platformSkuId)).put("couponType", "20-单品促销优惠")
                        .put("couponPrice", money(l.discount));
            }
        }
        return j;
    }

    /** A Pinduoduo order (pdd.order.number.list.increment.get). Amounts in yuan, as numbers. */
    public static ObjectNode pddOrder(SimOrder o) {
        ObjectNode p = JSON.createObjectNode();
        p.put("order_sn", o.id);
        p.put("confirm_status", o.stage == SimOrder.Stage.UNPAID ? 0 : 1);
        p.put("order_status", switch (o.stage) {
            case UNPAID, PAID, CLOSED -> 1;
            case SHIPPED -> 2;
            case FINISHED -> 3;
        });
        SimOrder.Refund r = o.lines.get(0).refund;
        p.put("refund_status", o.stage == SimOrder.Stage.CLOSED ? 4 : switch (r) {
            case NONE, REFUSED -> 1;
            case REQUESTED, RETURNED -> 2;
            case REFUNDED -> 4;
        });
        p.put("created_time", t(o.created));
        p.put("confirm_time", t(o.paid));
        p.put("pay_time", t(o.paid));
        p.put("shipping_time", t(o.shipped));
        p.put("receive_time", t(o.finished));
        p.put("updated_at", t(o.modified));
        p.put("receiver_name", o.buyerName);
        p.put("receiver_phone", o.mobile);
        p.put("province", o.place.province());
        p.put("city", o.place.city());
        p.put("town", o.place.district());
        p.put("address", o.street);
        p.put("goods_amount", o.goods().doubleValue());
        p.put("discount_amount", o.coupon.doubleValue());
        p.put("seller_discount", o.coupon.doubleValue());
        p.put("platform_discount", 0.0);
        p.put("postage", o.postFee.doubleValue());
        p.put("pay_amount", o.paidAmount().doubleValue());
        p.put("pay_type", "WEIXIN");
        p.put("pay_no", o.paid == null ? null : "4200002" + o.id.replace("-", ""));
        p.put("buyer_memo", o.remark);
        p.put("trade_type", 0);
        // 订单审核状态 (0 正常订单, 1 审核中订单): an order under the platform's risk review
        p.put("risk_control_status", o.locked ? 1 : 0);
        ArrayNode items = p.putArray("item_list");
        for (SimOrder.Line l : o.lines) {
            ObjectNode i = items.addObject();
            i.put("goods_id", 300_000_000_000L + l.platformSkuId % 1_000_000);
            i.put("sku_id", l.platformSkuId);
            i.put("outer_id", l.product.merchantCode());
            i.put("goods_name", l.product.title());
            i.put("goods_price", l.product.price().doubleValue());
            i.put("goods_count", l.quantity);
            i.put("goods_spec", "默认");
        }
        return p;
    }

    /** A Shopify REST Admin order, as an orders/create or orders/updated webhook carries it. */
    public static ObjectNode shopifyOrder(SimOrder o) {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", Long.parseLong(o.id));
        s.put("name", "#" + (1000 + Long.parseLong(o.id) % 100_000));
        s.put("email", "buyer" + Math.abs(o.buyerId.hashCode() % 10_000) + "@example.cn");
        s.put("phone", "+86" + o.mobile);
        s.put("created_at", o.created.atZone(CHINA).toOffsetDateTime().toString());
        s.put("updated_at", o.modified.atZone(CHINA).toOffsetDateTime().toString());
        s.put("processed_at", o.created.atZone(CHINA).toOffsetDateTime().toString());
        s.putNull("cancelled_at");
        s.putNull("closed_at");
        if (o.stage == SimOrder.Stage.CLOSED) {
            s.put("cancelled_at", o.modified.atZone(CHINA).toOffsetDateTime().toString());
            s.put("cancel_reason", "customer");
        }
        if (o.stage == SimOrder.Stage.FINISHED) {
            s.put("closed_at", o.finished.atZone(CHINA).toOffsetDateTime().toString());
        }
        boolean anyRefund = o.lines.stream().anyMatch(l -> l.refund == SimOrder.Refund.REFUNDED);
        boolean allRefund = o.lines.stream().allMatch(l -> l.refund == SimOrder.Refund.REFUNDED);
        s.put("financial_status", o.stage == SimOrder.Stage.UNPAID ? "pending"
                : allRefund ? "refunded" : anyRefund ? "partially_refunded" : o.stage == SimOrder.Stage.CLOSED ? "voided" : "paid");
        if (o.shipped != null) {
            s.put("fulfillment_status", "fulfilled");
        } else {
            s.putNull("fulfillment_status");
        }
        s.put("currency", "CNY");
        BigDecimal gross = o.lines.stream().map(SimOrder.Line::gross).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal lineDiscounts = o.lines.stream().map(l -> l.discount).reduce(BigDecimal.ZERO, BigDecimal::add);
        s.put("total_line_items_price", money(gross));
        s.put("total_discounts", money(lineDiscounts.add(o.coupon)));
        s.put("subtotal_price", money(gross.subtract(lineDiscounts).subtract(o.coupon)));
        s.put("total_tax", "0.00");
        s.put("total_price", money(o.paidAmount()));
        s.put("note", o.remark.isEmpty() ? null : o.remark);
        s.putArray("payment_gateway_names").add("alipay");
        ObjectNode customer = s.putObject("customer");
        customer.put("id", 7_000_000_000L + Math.abs(o.buyerId.hashCode() % 1_000_000));
        customer.put("first_name", o.buyerName.substring(1));
        customer.put("last_name", o.buyerName.substring(0, 1));
        ObjectNode a = s.putObject("shipping_address");
        a.put("first_name", o.buyerName.substring(1));
        a.put("last_name", o.buyerName.substring(0, 1));
        a.put("name", o.buyerName);
        a.put("phone", o.mobile);
        a.put("address1", o.street);
        a.put("address2", o.place.district());
        a.put("city", o.place.cityPinyin());
        a.put("province", o.place.provincePinyin());
        a.put("province_code", o.place.wooState());
        a.put("country", "China");
        a.put("country_code", "CN");
        a.put("zip", o.place.zip());
        ArrayNode shipping = s.putArray("shipping_lines");
        shipping.addObject().put("title", "顺丰速运").put("price", money(o.postFee));
        ArrayNode items = s.putArray("line_items");
        ArrayNode refundLines = JSON.createArrayNode();
        int n = 0;
        for (SimOrder.Line l : o.lines) {
            long lineId = 13_000_000_000L + Long.parseLong(o.id) % 1_000_000 * 10 + ++n;
            ObjectNode i = items.addObject();
            i.put("id", lineId);
            i.put("variant_id", l.platformSkuId);
            i.put("sku", l.product.merchantCode());
            i.put("title", l.product.title());
            i.put("quantity", l.quantity);
            i.put("price", money(l.product.price()));
            i.put("total_discount", money(l.discount));
            if (l.refund == SimOrder.Refund.REFUNDED) {
                refundLines.addObject().put("line_item_id", lineId).put("quantity", l.quantity);
            }
        }
        ArrayNode refunds = s.putArray("refunds");
        if (!refundLines.isEmpty()) {
            ObjectNode refund = refunds.addObject();
            refund.put("id", 900_000_000L + Long.parseLong(o.id) % 1_000_000);
            refund.set("refund_line_items", refundLines);
        }
        return s;
    }

    /** A WooCommerce REST order (v3), as its order.created / order.updated webhooks carry it. */
    public static ObjectNode wooOrder(SimOrder o) {
        ObjectNode w = JSON.createObjectNode();
        w.put("id", Long.parseLong(o.id));
        w.put("number", o.id);
        boolean refunded = o.lines.stream().allMatch(l -> l.refund == SimOrder.Refund.REFUNDED);
        w.put("status", o.locked ? "on-hold" : refunded ? "refunded" : switch (o.stage) {
            case UNPAID -> "pending";
            case PAID, SHIPPED -> "processing";
            case FINISHED -> "completed";
            case CLOSED -> "cancelled";
        });
        w.put("currency", "CNY");
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        w.put("date_created", local.withZone(CHINA).format(o.created));
        w.put("date_created_gmt", local.withZone(ZoneId.of("UTC")).format(o.created));
        w.put("date_modified_gmt", local.withZone(ZoneId.of("UTC")).format(o.modified));
        w.put("date_paid_gmt", o.paid == null ? null : local.withZone(ZoneId.of("UTC")).format(o.paid));
        w.put("date_completed_gmt", o.finished == null ? null : local.withZone(ZoneId.of("UTC")).format(o.finished));
        w.put("discount_total", money(o.coupon));
        w.put("shipping_total", money(o.postFee));
        w.put("total", money(o.paidAmount()));
        w.put("customer_id", 100 + Math.abs(o.buyerId.hashCode() % 10_000));
        w.put("customer_note", o.remark);
        w.put("payment_method", "alipay");
        w.put("payment_method_title", "支付宝");
        w.put("transaction_id", o.paid == null ? "" : "2026" + o.id + "8888");
        ObjectNode billing = w.putObject("billing");
        billing.put("first_name", o.buyerName.substring(1));
        billing.put("last_name", o.buyerName.substring(0, 1));
        billing.put("phone", o.mobile);
        billing.put("email", "buyer" + Math.abs(o.buyerId.hashCode() % 10_000) + "@example.cn");
        ObjectNode ship = w.putObject("shipping");
        ship.put("first_name", o.buyerName.substring(1));
        ship.put("last_name", o.buyerName.substring(0, 1));
        ship.put("address_1", o.street);
        ship.put("address_2", o.place.district());
        ship.put("city", o.place.city());
        ship.put("state", o.place.wooState());
        ship.put("postcode", o.place.zip());
        ship.put("country", "CN");
        ship.put("phone", o.mobile);
        ArrayNode items = w.putArray("line_items");
        int n = 0;
        // WooCommerce spreads coupons over the lines: subtotal is before, total after discounts
        BigDecimal couponLeft = o.coupon;
        for (SimOrder.Line l : o.lines) {
            ObjectNode i = items.addObject();
            i.put("id", Long.parseLong(o.id) * 10 + ++n);
            i.put("name", l.product.title());
            i.put("product_id", l.platformSkuId % 100_000);
            i.put("quantity", l.quantity);
            i.put("sku", l.product.merchantCode());
            i.put("price", l.product.price().doubleValue());
            i.put("subtotal", money(l.gross()));
            BigDecimal lineCoupon = couponLeft.min(l.total());
            couponLeft = couponLeft.subtract(lineCoupon);
            i.put("total", money(l.total().subtract(lineCoupon)));
        }
        ArrayNode shippingLines = w.putArray("shipping_lines");
        shippingLines.addObject().put("method_title", "顺丰速运").put("total", money(o.postFee));
        w.putArray("refunds");
        return w;
    }
}
