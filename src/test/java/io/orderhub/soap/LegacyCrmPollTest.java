package io.orderhub.soap;

import io.orderhub.support.HubHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.config.HubProperties;
import io.orderhub.embedded.FreePorts;
import io.orderhub.legacycrm.LegacyCrmPollSource;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.KafkaEvents;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The legacy CRM as a polled channel (QueryOrdersSince through the poll routes): legacy orders reach
 * both stores once, changes follow, nothing is missed when rows change while a window is paged, and
 * a record that cannot be mapped is parked and re-driven like every channel's.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyCrmPollTest {

    static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    LegacyCrmPollSource source;
    @Autowired
    NewStore newStore;
    @Autowired
    LegacyMapping mapping;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    KafkaBootstrap kafka;
    @Autowired
    HubProperties props;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @LocalServerPort
    int port;

    private final Server[] servers = new Server[2];
    private String url;
    private String hookUrl;
    private PosCrm legacy;
    private PagingHookCrm hook;

    @BeforeAll
    void start() {
        int simPort = FreePorts.find();
        servers[0] = io.orderhub.soap.legacycrm.LegacyCrm.start(simPort, maria);
        url = "http://127.0.0.1:" + simPort + "/crm";
        hookUrl = "http://127.0.0.1:" + FreePorts.find() + "/crm";
        Server[] hookServer = new Server[1];
        hook = PagingHookCrm.start(hookUrl, url, hookServer);
        servers[1] = hookServer[0];
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        legacy = (PosCrm) f.create();
        source.useLegacyCrm(url);
    }

    @AfterAll
    void stop() {
        source.useLegacyCrm(null);
        for (Server s : servers) {
            if (s != null) {
                s.destroy();
            }
        }
    }

    /**
     * One run of the scheduled poll route's flow, in a later clock second than any run before it (as a
     * scheduled run is): a run in the same second as the last one has its ceiling at the stored cursor
     * and plans no window. Its counts.
     */
    Map<String, Integer> poll() throws Exception {
        return io.orderhub.support.PollRuns.run(producer, LegacyCrmPollSource.CHANNEL);
    }

    @Test
    void legacyOrdersArriveOnceFollowChangesAndTheNextRunGoesOnFromTheStoredCursor() throws Exception {
        List<String> nos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var sale = LegacyCrmSimulatorTest.sale(null);
            sale.setStoreCode("GZ0003");
            nos.add(legacy.submitOrder(sale).getOrderNo());
        }

        Map<String, Integer> first = poll();

        assertThat(first.getOrDefault("CREATED", 0)).as(first.toString()).isGreaterThanOrEqualTo(3);
        for (String no : nos) {
            assertThat(countNew(no)).isEqualTo(1);
        }
        var stored = newStoreOrder(nos.get(0)).orElseThrow();
        assertThat(stored.sourceSystem()).isEqualTo("legacy-crm");
        assertThat(stored.amounts().paid().toPlainString()).as("16090 fen").isEqualTo("160.90");
        assertThat(hubOrderIdInOldStore(nos.get(0))).isEqualTo(stored.id());

        // the window is read again (overlap, lagging cursor): nothing doubles
        assertThat(poll().getOrDefault("CREATED", 0)).isZero();
        for (String no : nos) {
            assertThat(countNew(no)).isEqualTo(1);
        }

        // the legacy CRM moves an order on, in a later clock second than the sale (its business time
        // must be newer than the one stored); the next run follows it
        long second = Instant.now().getEpochSecond();
        Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().getEpochSecond() > second);
        UpdateOrderStatusRequest step = new UpdateOrderStatusRequest();
        step.setOrderNo(nos.get(1));
        step.setOrderStatus("30");
        step.setOperTime(TS14.format(LocalDateTime.now(mapping.zone())));
        legacy.updateOrderStatus(step);
        assertThat(poll().getOrDefault("UPDATED", 0)).isGreaterThanOrEqualTo(1);
        assertThat(newStoreOrder(nos.get(1)).orElseThrow().status().name()).isEqualTo("PREPARING");

        // all a run keeps between runs is the cursor in poll_cursors, never past the legacy clock
        // minus the lag; a run after a restart starts from it without doubling anything
        Instant cursor = Instant.parse(newStore.cursor(LegacyCrmPollSource.CHANNEL).orElseThrow());
        assertThat(cursor).isBefore(Instant.now().minusSeconds(119));
        assertThat(poll().getOrDefault("CREATED", 0)).isZero();
        for (String no : nos) {
            assertThat(countNew(no)).isEqualTo(1);
        }
        try (KafkaEvents events = new KafkaEvents(kafka.servers(), props.getKafka().getTopic())) {
            assertThat(events.eventsFor(stored.id(), 1, Duration.ofSeconds(30))).extracting(e -> e.get("eventType").asText())
                    .containsExactly("OrderCreated");
        }
    }

    /**
     * Defect 1 of issue 9. 210 legacy orders changed two days ago fill three pages of 100; while the
     * window is read, after the second page answer, the legacy CRM changes the first order (it moves
     * to the end). Read forward with OFFSET, every order behind it moves up one place and the first
     * one of page 3 slides onto page 2, already read: with the cursor moved to the newest row seen
     * it is missed for good (the hub's own write-back of each taken order moves rows too). Read last
     * page first, with the cursor kept at the run's ceiling, every order arrives, the changed one
     * with its change.
     */
    @Test
    void anOrderChangedWhileAMultiPageWindowIsReadMakesNoOtherOrderMissed() throws Exception {
        LocalDateTime base = LocalDateTime.now(mapping.zone()).minusDays(2).withNano(0);
        long seed = uniqueOrderNumberSeed();
        List<String> nos = new ArrayList<>();
        try (Connection c = maria.getConnection();
             PreparedStatement h = c.prepareStatement(HEAD + "VALUES (?, 'POS', 'PAGING-01', ?, 'GZ0003', '20', 100, 100, ?, ?, ?, ?)");
             PreparedStatement d = c.prepareStatement(LINE)) {
            for (int i = 0; i < 210; i++) {
                String no = String.format("SO%016d", seed + i);
                LocalDateTime at = base.plusSeconds(i);
                h.setString(1, no);
                h.setString(2, "PG-" + no);
                h.setObject(3, at);
                h.setObject(4, at);
                h.setObject(5, at);
                h.setObject(6, at);
                h.addBatch();
                d.setString(1, no);
                d.setString(2, "SKU-100234");
                d.addBatch();
                nos.add(no);
            }
            h.executeBatch();
            d.executeBatch();
        }
        newStore.saveCursor(LegacyCrmPollSource.CHANNEL, base.minusMinutes(1).atZone(mapping.zone()).toInstant().toString());
        hook.afterQueryOrdersSince(2, page -> {
            UpdateOrderStatusRequest step = new UpdateOrderStatusRequest();
            step.setOrderNo(nos.get(0));
            step.setOrderStatus("30");
            step.setOperTime(TS14.format(base.plusMinutes(5)));
            try {
                legacy.updateOrderStatus(step);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        source.useLegacyCrm(hookUrl);
        try {
            poll();
        } finally {
            source.useLegacyCrm(url);
        }
        assertThat(hook.calls()).as("the change happened mid-window").isGreaterThan(2);

        poll(); // the next scheduled run

        List<String> missed = new ArrayList<>();
        for (String no : nos) {
            if (countNew(no) != 1) {
                missed.add(no);
            }
        }
        assertThat(missed).as("orders missed").isEmpty();
        assertThat(newStoreOrder(nos.get(0)).orElseThrow().status().name()).isEqualTo("PREPARING");
    }

    @Test
    void aLegacyOrderWithASourceCodeWithoutChannelWaitsOnTheNeedsAttentionQueue() throws Exception {
        String no = String.format("SO%016d", uniqueOrderNumberSeed());
        insertOne(no, "ZZ", "SKU-100234");

        Map<String, Integer> counts = poll();

        assertThat(counts.getOrDefault("NEEDS_ATTENTION", 0)).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(countNew(no)).isZero();
        JsonNode item = null;
        for (JsonNode i : json(get("/api/needs-attention")).path("items")) {
            if (i.path("reason").asText().contains("ZZ")) {
                item = i;
            }
        }
        assertThat(item).as("parked").isNotNull();
        // the mapping is what the one re-drive of every channel selects and maps the record with
        assertThat(item.path("mapping").asText()).isEqualTo("legacy-crm");
        assertThat(item.path("reason").asText()).contains("legacy source code 'ZZ' has no channel");
    }

    /**
     * A legacy row whose HUB_ORDER_ID someone else wrote (not a hub order id) cannot stop the legacy
     * poll: that order is parked naming the column and its value, and the orders beside it arrive.
     */
    @Test
    void aLegacyRowWithAForeignHubOrderIdIsParkedAndTheOthersArrive() throws Exception {
        String bad = String.format("SO%016d", uniqueOrderNumberSeed());
        String good = String.format("SO%016d", uniqueOrderNumberSeed() + 1);
        String foreign = java.util.UUID.randomUUID().toString(); // a version-4 UUID
        insertOne(bad, "POS", "SKU-100234");
        insertOne(good, "POS", "SKU-100234");
        try (Connection c = maria.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE CRM_ORDER_HEAD SET HUB_ORDER_ID = ? WHERE ORDER_NO = ?")) {
            ps.setString(1, foreign);
            ps.setString(2, bad);
            ps.executeUpdate();
        }
        try {
            Map<String, Integer> counts = poll();

            assertThat(counts.getOrDefault("NEEDS_ATTENTION", 0)).as(counts.toString()).isGreaterThanOrEqualTo(1);
            assertThat(countNew(good)).isEqualTo(1);
            assertThat(countNew(bad)).isZero();
            assertThat(json(get("/api/needs-attention")).path("items").findValuesAsText("reason"))
                    .anyMatch(r -> r.contains(bad) && r.contains(foreign) && r.contains("HUB_ORDER_ID"));
        } finally {
            try (Connection c = maria.getConnection();
                 PreparedStatement d = c.prepareStatement("DELETE FROM CRM_ORDER_DETAIL WHERE ORDER_NO = ?");
                 PreparedStatement h = c.prepareStatement("DELETE FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?")) {
                d.setString(1, bad);
                d.executeUpdate();
                h.setString(1, bad);
                h.executeUpdate();
            }
        }
    }

    /**
     * Defect 2 of issue 9: a legacy order whose article code is in no table is parked with the
     * legacy-crm mapping; after the table is fixed, the one re-drive of every channel puts it into
     * both stores.
     */
    @Test
    void anUnmappableLegacyOrderIsParkedAndTheReDriveTakesItAfterTheTableIsFixed() throws Exception {
        String no = String.format("SO%016d", uniqueOrderNumberSeed());
        String article = "ART-" + no.substring(8);
        insertOne(no, "POS", article);

        Map<String, Integer> counts = poll();

        assertThat(counts.getOrDefault("NEEDS_ATTENTION", 0)).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(countNew(no)).isZero();
        JsonNode parked = json(get("/api/needs-attention"));
        assertThat(parked.path("items").findValuesAsText("reason")).anyMatch(r -> r.contains(article));

        Path fixes = HubTest.FreshDataDir.PATH.resolve("mapping-fixes/legacy-crm-articles");
        Files.createDirectories(fixes);
        Files.writeString(fixes.resolve("skus.csv"), "channel,channelSku,hubSku\nlegacy-crm," + article + ",SKU-200871\n");
        try {
            JsonNode redrive = json(post("/api/needs-attention/redrive"));
            assertThat(redrive.path("outcomes").path("CREATED").asInt()).as(redrive.toString()).isGreaterThanOrEqualTo(1);
            var stored = newStoreOrder(no).orElseThrow();
            assertThat(stored.items().get(0).hubSku()).isEqualTo("SKU-200871");
            assertThat(countNew(no)).isEqualTo(1);
            assertThat(hubOrderIdInOldStore(no)).isEqualTo(stored.id());
            assertThat(json(get("/api/needs-attention")).path("items").findValuesAsText("reason"))
                    .noneMatch(r -> r.contains(article));
        } finally {
            Files.delete(fixes.resolve("skus.csv"));
        }
    }

    /**
     * Issue 11 item 5: orders the hub wrote into the old store come back through QueryOrdersSince;
     * one whose head row still carries the UPDATE_TIME and VERSION_NO the hub wrote (HUB_ORDER_DOC)
     * is skipped before the intake and counted as an echo; one the legacy CRM changed afterwards is
     * taken in with its change.
     */
    @Test
    void anOrderTheHubWroteIsNotTakenInAgainButOneTheLegacyCrmChangedAfterwardsIs() throws Exception {
        String hubOnly = legacyNoOf(postOrder());
        String changedLater = legacyNoOf(postOrder());

        // the legacy CRM moves one of them on, in a later clock second than the hub's write
        long second = Instant.now().getEpochSecond();
        Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().getEpochSecond() > second);
        UpdateOrderStatusRequest step = new UpdateOrderStatusRequest();
        step.setOrderNo(changedLater);
        step.setOrderStatus("30");
        step.setOperTime(TS14.format(LocalDateTime.now(mapping.zone())));
        legacy.updateOrderStatus(step);

        // what the poll reads of a window holding both: the legacy-changed one only
        double echoesBefore = echoes();
        Instant now = Instant.now();
        var window = new io.orderhub.channels.PollSource.Window(LegacyCrmPollSource.CHANNEL, LegacyCrmPollSource.CHANNEL,
                LegacyCrmPollSource.CHANNEL, null, null, now.minus(Duration.ofMinutes(10)), now, 100, true);
        var first = source.fetch(window, 1);
        List<String> read = new ArrayList<>();
        for (int page = 1; page <= first.pages(100); page++) {
            for (Object r : (page == 1 ? first : source.fetch(window, page)).records()) {
                read.add(String.valueOf(r));
            }
        }
        assertThat(read).as("the hub's own write is not read back").noneMatch(x -> x.contains(">" + hubOnly + "<"));
        assertThat(read).as("the legacy CRM's change is read").anyMatch(x -> x.contains(">" + changedLater + "<"));
        assertThat(echoes()).isGreaterThanOrEqualTo(echoesBefore + 1);

        // and the scheduled run takes the change in
        Map<String, Integer> counts = poll();
        assertThat(counts.getOrDefault("UPDATED", 0)).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(newStoreOrder(changedLater).orElseThrow().status().name()).isEqualTo("PREPARING");
        assertThat(countNew(hubOnly)).isEqualTo(1);
    }

    // ---- helpers ---------------------------------------------------------------------------

    static final String HEAD = "INSERT INTO CRM_ORDER_HEAD (ORDER_NO, SOURCE_CODE, SHOP_CODE, EXT_ORDER_NO, STORE_CODE,"
            + " ORDER_STATUS, GOODS_AMT, PAY_AMT, ORDER_TIME, PLAT_MODIFY_TIME, CREATE_TIME, UPDATE_TIME) ";
    static final String LINE = "INSERT INTO CRM_ORDER_DETAIL (ORDER_NO, LINE_NO, SKU_CODE, GOODS_NAME, QTY, PRICE, LINE_AMT)"
            + " VALUES (?, 1, ?, '保温杯', 1, 100, 100)";

    /** Legacy order numbers (SO + 16 digits, as the contract demands) no other test uses: a block of 1000. */
    private static long uniqueOrderNumberSeed() {
        return 9_000_000_000_000_000L + (System.nanoTime() % 1_000_000_000_000L) * 1000;
    }

    private void insertOne(String no, String sourceCode, String sku) throws Exception {
        LocalDateTime now = LocalDateTime.now(mapping.zone()).withNano(0);
        try (Connection c = maria.getConnection();
             PreparedStatement h = c.prepareStatement(HEAD + "VALUES (?, ?, 'OLD01', ?, 'GZ0003', '20', 100, 100, ?, ?, ?, ?)");
             PreparedStatement d = c.prepareStatement(LINE)) {
            h.setString(1, no);
            h.setString(2, sourceCode);
            h.setString(3, "EXT-" + no);
            for (int i = 4; i <= 7; i++) {
                h.setObject(i, now);
            }
            h.executeUpdate();
            d.setString(1, no);
            d.setString(2, sku);
            d.executeUpdate();
        }
    }

    private String postOrder() throws Exception {
        HttpResponse<String> res = HubHttp.admin().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(io.orderhub.support.Samples.fresh().toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return json(res).get("id").asText();
    }

    private String legacyNoOf(String hubOrderId) throws Exception {
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ORDER_NO FROM CRM_ORDER_HEAD WHERE HUB_ORDER_ID = ?")) {
            ps.setString(1, hubOrderId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the hub wrote " + hubOrderId + " into the old store").isTrue();
                return rs.getString(1);
            }
        }
    }


    private double echoes() {
        var counter = meters.find("orderhub.legacy.poll.echoes").counter();
        return counter == null ? 0 : counter.count();
    }

    private String hubOrderIdInOldStore(String no) throws Exception {
        try (Connection c = maria.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT HUB_ORDER_ID FROM CRM_ORDER_HEAD WHERE ORDER_NO = ?")) {
            ps.setString(1, no);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The order as the new store holds it once the secondary has caught up (it is written asynchronously). */
    private java.util.Optional<io.orderhub.canonical.CanonicalOrder> newStoreOrder(String legacyNo) throws Exception {
        io.orderhub.support.Secondary.settled();
        return newStore.findByLegacyOrderNo(legacyNo);
    }

    private long countNew(String legacyNo) throws Exception {
        io.orderhub.support.Secondary.settled();
        try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM orders WHERE legacy_order_no = ?")) {
            ps.setString(1, legacyNo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HubHttp.admin().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HubHttp.admin().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
