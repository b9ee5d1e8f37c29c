package io.orderhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.Phase;
import io.orderhub.soap.contract.OrderLine;
import io.orderhub.soap.contract.OrderLines;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.support.HubHttp;
import io.orderhub.support.Samples;
import io.orderhub.support.SimulatedPlatforms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.awaitility.Awaitility;

/**
 * Drives a running hub for the cutover end-to-end tests: the cutover admin API (rules, phases, the
 * switch of authority, rollback, the sync backlog) and the five doors an order comes in by, each
 * with a real payload. What a door acknowledged is returned as an {@link Ack}.
 */
public final class CutoverDriver {

    /** The doors an order comes in by. */
    public enum Door { REST, WEBHOOK, POLL, FILE, SOAP, MEMBER }

    /**
     * One order a door took: by which door, under which phase (the one set before it was sent), and how
     * to find it — its channel order id, or (SOAP) the legacy order number the caller got back; for a
     * member (door MEMBER) the card number the legacy CRM gave it, in {@code legacyOrderNo}.
     */
    public record Ack(Door door, Phase phase, String channelOrderId, String legacyOrderNo) {
    }

    private static final AtomicLong SEQ = new AtomicLong(System.currentTimeMillis() % 100_000_000L * 100);

    private final int port;
    private final HubHttp http = HubHttp.admin();
    private final PosCrm pos;
    private final Path inbox;

    public CutoverDriver(int port, Path inbox) {
        this.port = port;
        this.inbox = inbox;
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress("http://localhost:" + port + "/services/crm");
        this.pos = HubHttp.authorizeSoap((PosCrm) f.create());
    }

    // ---- HTTP ----

    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> r) throws IOException {
        return CanonicalJson.mapper().readTree(r.body());
    }

    // ---- cutover admin ----

    /** The rules in force: {"version": n, "rules": {...}}. */
    public JsonNode rules() throws Exception {
        HttpResponse<String> r = send("GET", "/api/admin/cutover/rules", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    public long version() throws Exception {
        return rules().get("version").asLong();
    }

    public String defaultCohort() throws Exception {
        return rules().at("/rules/defaultCohort").asText();
    }

    /** The phase of one cohort's entity under the rules in force. */
    public Phase phase(String cohort, Entity entity) throws Exception {
        for (JsonNode c : rules().at("/rules/cohorts")) {
            if (cohort.equals(c.path("name").asText())) {
                return Phase.valueOf(c.path("phases").path(entity.name()).asText());
            }
        }
        throw new AssertionError("no cohort " + cohort);
    }

    /** Sets the phases of one cohort by a rules change (PUT, based on the current version); answers the new version. */
    public long putPhases(String cohort, Map<Entity, Phase> phases, String reason) throws Exception {
        JsonNode current = rules();
        ObjectNode rules = (ObjectNode) current.get("rules").deepCopy();
        boolean found = false;
        for (JsonNode c : rules.withArray("cohorts")) {
            if (cohort.equals(c.path("name").asText())) {
                phases.forEach((e, p) -> ((ObjectNode) c.get("phases")).put(e.name(), p.name()));
                found = true;
            }
        }
        assertThat(found).as("cohort " + cohort).isTrue();
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("reason", reason);
        body.put("basedOnVersion", current.get("version").asLong());
        body.set("rules", rules);
        HttpResponse<String> r = send("PUT", "/api/admin/cutover/rules", body.toString());
        assertThat(r.statusCode()).as("PUT rules: " + r.body()).isEqualTo(200);
        return json(r).get("version").asLong();
    }

    /** The switch endpoint: {@code POST /api/admin/cutover/switch}. */
    public HttpResponse<String> switchPhase(String cohort, Entity entity, Phase to, boolean dryRun, int maxWaitSeconds,
                                            String reason) throws Exception {
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("cohort", cohort);
        body.put("entity", entity.name());
        body.put("to", to.name());
        body.put("reason", reason);
        body.put("dryRun", dryRun);
        body.put("maxWaitSeconds", maxWaitSeconds);
        return send("POST", "/api/admin/cutover/switch", body.toString());
    }

    /**
     * Moves the cohort's entity to {@code to}: across the authority boundary through the switch endpoint
     * (which drains the backlog first), otherwise by a rules change.
     */
    public void moveTo(String cohort, Entity entity, Phase to, String reason) throws Exception {
        Phase from = phase(cohort, entity);
        if (from == to) {
            return;
        }
        if (from.newIsAuthoritative() != to.newIsAuthoritative()) {
            HttpResponse<String> r = switchPhase(cohort, entity, to, false, 60, reason);
            assertThat(r.statusCode()).as("switch " + cohort + " " + entity + " " + from + " -> " + to + ": " + r.body())
                    .isEqualTo(200);
        } else {
            putPhases(cohort, Map.of(entity, to), reason);
        }
        assertThat(phase(cohort, entity)).isEqualTo(to);
    }

    /** One call back to an earlier rules version: {@code POST /api/admin/cutover/rollback/{v}}. */
    public HttpResponse<String> rollback(long version, String reason) throws Exception {
        return send("POST", "/api/admin/cutover/rollback/" + version,
                "{\"reason\": " + CanonicalJson.mapper().valueToTree(reason) + "}");
    }

    /** {@code GET /api/admin/cutover/backlog}. */
    public JsonNode backlog() throws Exception {
        HttpResponse<String> r = send("GET", "/api/admin/cutover/backlog", null);
        assertThat(r.statusCode()).as("backlog: " + r.body()).isEqualTo(200);
        return json(r);
    }

    /** The total pending secondary writes the backlog endpoint reports ({"total": n} or {"total": {"pending": n}}). */
    public long pendingTotal() throws Exception {
        return pending(backlog().path("total"));
    }

    static long pending(JsonNode n) {
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.has("pending")) {
            return n.get("pending").asLong();
        }
        throw new AssertionError("no pending count in " + n);
    }

    /** Pending of one cohort's entity, found anywhere in the backlog answer next to its cohort and entity. */
    public long pending(String cohort, Entity entity) throws Exception {
        JsonNode b = backlog();
        for (Iterator<JsonNode> it = b.findParents("pending").iterator(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (cohort.equals(n.path("cohort").asText()) && entity.name().equals(n.path("entity").asText())) {
                return n.get("pending").asLong();
            }
        }
        JsonNode byName = b.path("cohorts").path(cohort).path(entity.name());
        return byName.isMissingNode() ? 0 : pending(byName);
    }

    /** Waits until no secondary write is pending. */
    public void awaitBacklogDrained(Duration atMost) {
        Awaitility.await("sync backlog 0").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> pendingTotal() == 0);
    }

    // ---- doors ----

    /** REST: {@code POST /api/orders}, the README's sample under a channel order id of its own. */
    public Ack rest(Phase phase) throws Exception {
        ObjectNode o = Samples.fresh();
        String id = "E2E-R" + SEQ.incrementAndGet();
        o.put("channelOrderId", id);
        HttpResponse<String> r = send("POST", "/api/orders", o.toString());
        if (r.statusCode() != 201) {
            throw new Refused(Door.REST, r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body());
        }
        return new Ack(Door.REST, phase, id, null);
    }

    /** A signed Shopify webhook of a simulated Shopify order. */
    public Ack webhook(Phase phase) throws Exception {
        SimOrder o = SimulatedPlatforms.SIM.newOrder("shopify", "shopify", SimOrder.Stage.PAID);
        byte[] body = PlatformSimulator.shopifyOrder(o).toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webhooks/shopify"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "orderhub-demo.myshopify.com")
                .header("X-Shopify-Webhook-Id", "e2e-" + o.id)
                .header("X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Refused(Door.WEBHOOK, r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body());
        }
        return new Ack(Door.WEBHOOK, phase, o.id, null);
    }

    /** Whether a store holds an order of this channel order id yet. */
    public interface Stored {
        boolean test(String channelOrderId) throws Exception;
    }

    /**
     * A Taobao order on the platform simulator, changed 10 s ago (the tests' poll lag), taken in by runs
     * of the Taobao poll route as the scheduler starts them; acknowledged once a run stored it (at most
     * three runs, else the poll lost it and this throws).
     */
    public Ack poll(Phase phase, org.apache.camel.ProducerTemplate producer, Stored stored) throws Exception {
        SimOrder o = SimulatedPlatforms.SIM.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID);
        SimulatedPlatforms.SIM.backdate(o, Duration.ofSeconds(30));
        SimulatedPlatforms.SIM.modifiedAt(o, Instant.now().minusSeconds(10));
        for (int run = 0; run < 3; run++) {
            io.orderhub.support.PollRuns.run(producer, "taobao");
            if (stored.test(o.id)) {
                return new Ack(Door.POLL, phase, o.id, null);
            }
        }
        throw new IllegalStateException("three poll runs did not take in order " + o.id);
    }

    /** A store ERP's CSV export (the golden single-line example) dropped into the store-csv inbox under an order number of its own. */
    public Ack file(Phase phase) throws IOException {
        String id = "SH0001-E2E-" + SEQ.incrementAndGet();
        String csv = Files.readString(Path.of("mappings/store-csv/examples/01-utf8-single-line.input.csv"), StandardCharsets.UTF_8)
                .replace("SH0001-20261121-0001", id);
        Path dir = inbox.resolve("store-csv");
        Files.createDirectories(dir);
        String name = "sh0001-" + id.toLowerCase() + ".csv";
        Path tmp = dir.resolve(".incoming-" + name);
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return new Ack(Door.FILE, phase, id, null);
    }

    /** SOAP SubmitOrder through the legacy POS contract; acknowledged when the result code is 0000. */
    public Ack soap(Phase phase) throws Exception {
        SubmitOrderRequest r = new SubmitOrderRequest();
        r.setStoreCode("BJ0007");
        r.setRegionCode("110000");
        r.setPosNo("POS09");
        r.setPosTxnNo("E2E" + SEQ.incrementAndGet());
        r.setOrderTime("20261122101530");
        OrderLines lines = new OrderLines();
        lines.getLine().add(line(1, "SKU-100234", "保温杯 500ml", 2, 8900, 1000));
        lines.getLine().add(line(2, "SKU-200871", "杯刷 两支装", 1, 1290, 0));
        r.setLines(lines);
        r.setGoodsAmt(18090);
        r.setDiscAmt(2000);
        r.setPayAmt(16090);
        r.setPayType("WECHAT");
        r.setPayNo("4200" + r.getPosTxnNo());
        io.orderhub.soap.contract.SubmitOrderResponse answer;
        try {
            answer = pos.submitOrder(r);
        } catch (io.orderhub.soap.contract.CrmFault_Exception fault) {
            // the legacy contract's "not available right now": SOAP's 503, the POS retries
            boolean unavailable = io.orderhub.soap.CrmFaults.UNAVAILABLE.equals(fault.getFaultInfo().getFaultCode());
            throw new Refused(Door.SOAP, unavailable ? 503 : 500, unavailable ? "CRM-9000" : null,
                    fault.getFaultInfo().getFaultCode() + " " + fault.getFaultInfo().getFaultMessage());
        }
        if (!"0000".equals(answer.getResultCode())) {
            throw new Refused(Door.SOAP, 0, null, answer.getResultCode() + " " + answer.getResultMsg());
        }
        return new Ack(Door.SOAP, phase, null, answer.getOrderNo());
    }

    /** SOAP RegisterMember (a POS registers a walk-in customer); acknowledged with the card number the legacy side gave. */
    public Ack member(Phase phase) throws Exception {
        io.orderhub.soap.contract.RegisterMemberRequest r = new io.orderhub.soap.contract.RegisterMemberRequest();
        r.setMemberName("走查会员");
        r.setMobile("17" + String.format("%09d", SEQ.incrementAndGet() % 1_000_000_000L));
        r.setStoreCode("BJ0007");
        r.setRegionCode("110000");
        io.orderhub.soap.contract.RegisterMemberResponse answer;
        try {
            answer = pos.registerMember(r);
        } catch (io.orderhub.soap.contract.CrmFault_Exception fault) {
            boolean unavailable = io.orderhub.soap.CrmFaults.UNAVAILABLE.equals(fault.getFaultInfo().getFaultCode());
            throw new Refused(Door.MEMBER, unavailable ? 503 : 500, unavailable ? "CRM-9000" : null,
                    fault.getFaultInfo().getFaultCode() + " " + fault.getFaultInfo().getFaultMessage());
        }
        if (!"0000".equals(answer.getResultCode())) {
            throw new Refused(Door.MEMBER, 0, null, answer.getResultCode() + " " + answer.getResultMsg());
        }
        return new Ack(Door.MEMBER, phase, null, answer.getMember().getCardNo());
    }

    private static OrderLine line(int no, String sku, String name, int qty, long price, long disc) {
        OrderLine l = new OrderLine();
        l.setLineNo(no);
        l.setSkuCode(sku);
        l.setGoodsName(name);
        l.setQty(qty);
        l.setPrice(price);
        l.setDiscAmt(disc);
        l.setLineAmt(price * qty - disc);
        return l;
    }

    /** A door that did not acknowledge an order. */
    public static final class Refused extends RuntimeException {
        public final Door door;
        public final int status;
        public final String retryAfter;

        Refused(Door door, int status, String retryAfter, String body) {
            super(door + " answered " + status + (retryAfter == null ? "" : " Retry-After " + retryAfter) + ": " + body);
            this.door = door;
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }
}
