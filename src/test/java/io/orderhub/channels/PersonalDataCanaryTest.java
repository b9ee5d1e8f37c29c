package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.support.HostileClient;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Personal data stays in the stored order: canary values (a name, a mobile, an address line, a
 * card number) go through every intake, on good and failing paths, and afterwards no log line
 * (root logger and console), no HTTP answer, no needs-attention view and no file the hub wrote
 * under its data directory holds any of them. The stored order keeps them whole. Not scanned: the
 * stores' own data, the brokers' journals (the parked record is kept whole for its re-drive) and
 * the dropped input files kept in {@code .archive/} and {@code .refused/} as the sender sent them.
 */
@HubTest
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataCanaryTest {

    static final String NAME = "Qanarina Vexwold";
    static final String MOBILE = "13971928364";
    static final String ADDRESS = "Kanarienweg 77 Hinterhaus QX";
    static final String CARD = "880192837465";
    static final List<String> CANARIES = List.of(NAME, MOBILE, ADDRESS, CARD);

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Value("${orderhub.inbox.dir}")
    Path inbox;
    @Value("${orderhub.data-dir}")
    Path dataDir;

    private final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @Test
    void canaryValuesAppearInNoLogLineAnswerViewOrOutputFile(CapturedOutput console) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        HostileClient hub = new HostileClient(port, inbox);
        String run = Long.toString(System.nanoTime() % 1_000_000_000L);
        try {
            rest(hub, run);
            webhooks(hub);
            soap(hub, run);
            files(hub, run);
            poll();
            hub.get("/api/needs-attention");
            hub.get("/actuator/health");
        } finally {
            root.detachAppender(logs);
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        assertThat(lines).as("captured log lines").isNotEmpty();
        for (String canary : CANARIES) {
            assertThat(lines).as("log lines holding " + canary).noneMatch(l -> l.contains(canary));
            assertThat(console.getAll()).as("console output").doesNotContain(canary);
            assertThat(hub.answers).as("HTTP answers holding " + canary).noneMatch(a -> a.contains(canary));
        }
        List<Path> scanned = outputFiles();
        assertThat(scanned).as("error files written").anyMatch(p -> p.toString().endsWith(".errors.csv"));
        for (Path p : scanned) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            for (String canary : CANARIES) {
                assertThat(text).as(p + " holds " + canary).doesNotContain(canary);
            }
        }
    }

    // ---- the intakes -------------------------------------------------------------------------

    private void rest(HostileClient hub, String run) throws Exception {
        ObjectNode o = (ObjectNode) CanonicalJson.mapper().readTree(Path.of("mappings/canonical/examples/sample-order.json").toFile());
        personal(o, "CANARY-REST-" + run);
        HttpResponse<String> created = hub.rest(bytes(o));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // the stored order keeps them whole (read straight from the answer's id, the answer itself is masked-free only if the API hides it)
        hub.answers.remove(hub.answers.size() - 1);

        ObjectNode invalid = o.deepCopy();
        invalid.put("channelOrderId", "CANARY-REST-BAD-" + run);
        ((ObjectNode) invalid.path("amounts")).put("paid", "1.00");
        ((ObjectNode) invalid.path("buyer")).put("mobile", MOBILE + "x");
        ((ObjectNode) invalid.path("member")).put("cardNo", CARD + "-");
        assertThat(hub.rest(bytes(invalid)).statusCode()).isEqualTo(422);

        String truncated = o.toString();
        assertThat(hub.rest(truncated.substring(0, truncated.indexOf(ADDRESS) + ADDRESS.length() + 2)
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        ObjectNode wrongType = o.deepCopy();
        ((ObjectNode) wrongType.path("shippingAddress")).putArray("detail").add(ADDRESS);
        assertThat(hub.rest(bytes(wrongType)).statusCode()).isEqualTo(400);
    }

    private void webhooks(HostileClient hub) throws Exception {
        // Shopify: good, unknown SKU (parked), money that does not add up (parked), an amount that is not one (400)
        for (int variant = 0; variant < 4; variant++) {
            SimOrder o = sim.newOrder("shopify", "shopify", SimOrder.Stage.PAID, variant == 1, false);
            canary(o);
            ObjectNode s = PlatformSimulator.shopifyOrder(o);
            s.put("phone", MOBILE);
            s.put("email", "qanarina@example.cn");
            if (variant == 2) {
                s.put("total_price", "0.01");
            }
            if (variant == 3) {
                s.put("total_price", NAME);
            }
            int status = hub.shopify(bytes(s)).statusCode();
            assertThat(status).isEqualTo(variant == 0 ? 200 : variant == 3 ? 400 : 202);
        }
        // WooCommerce: good and unknown SKU
        for (int variant = 0; variant < 2; variant++) {
            SimOrder o = sim.newOrder("woocommerce", "woo", SimOrder.Stage.PAID, variant == 1, false);
            canary(o);
            ObjectNode w = PlatformSimulator.wooOrder(o);
            int status = hub.woo(bytes(w)).statusCode();
            assertThat(status).isEqualTo(variant == 0 ? 200 : 202);
        }
    }

    private void soap(HostileClient hub, String run) {
        String lines = "<pos:Lines><pos:Line><pos:LineNo>1</pos:LineNo><pos:SkuCode>SKU-100234</pos:SkuCode>"
                + "<pos:GoodsName>保温杯</pos:GoodsName><pos:Qty>2</pos:Qty><pos:Price>8900</pos:Price><pos:DiscAmt>0</pos:DiscAmt>"
                + "<pos:LineAmt>17800</pos:LineAmt></pos:Line></pos:Lines>";
        String[][] cases = {
                {CARD, "17800"},            // a sale with a member card
                {CARD, "1"},                // amounts do not add up: CRM-1004
                {CARD + "-x", "17800"},     // a card number the contract does not allow: CRM-1000
        };
        int n = 0;
        for (String[] c : cases) {
            String inner = "<pos:StoreCode>SH0001</pos:StoreCode><pos:RegionCode>310000</pos:RegionCode><pos:PosNo>POS9</pos:PosNo>"
                    + "<pos:PosTxnNo>CANARY" + run + "-" + n++ + "</pos:PosTxnNo><pos:CardNo>" + c[0] + "</pos:CardNo>"
                    + "<pos:OrderTime>20261122101530</pos:OrderTime>" + lines
                    + "<pos:GoodsAmt>17800</pos:GoodsAmt><pos:DiscAmt>0</pos:DiscAmt><pos:PayAmt>" + c[1] + "</pos:PayAmt>"
                    + "<pos:PayType>WECHAT</pos:PayType>";
            hub.soap("SubmitOrder", HostileClient.submitOrder(inner));
        }
        // a member look-up by the canary mobile: the member the sale above made is answered whole to the
        // POS (that is the stored data, not an echo), so only the logs are scanned for this call
        hub.soap("QueryMember", ("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pos=\""
                + HostileClient.SOAP_NS + "\"><soapenv:Body><pos:QueryMemberRequest><pos:Mobile>" + MOBILE
                + "</pos:Mobile></pos:QueryMemberRequest></soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8));
        hub.answers.remove(hub.answers.size() - 1);
        // a look-up by a mobile the contract does not allow (CRM-1000): the schema's message quotes it
        hub.soap("QueryMember", ("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pos=\""
                + HostileClient.SOAP_NS + "\"><soapenv:Body><pos:QueryMemberRequest><pos:Mobile>" + MOBILE
                + "x</pos:Mobile></pos:QueryMemberRequest></soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8));
    }

    private void files(HostileClient hub, String run) throws Exception {
        String header = "订单号,门店编码,下单时间,付款时间,更新时间,订单状态,会员卡号,收货人,手机号,省,市,区,详细地址,商品编码,商品名称,数量,单价,优惠,售后状态,运费,整单优惠,实付金额,备注";
        String person = CARD + "," + NAME + "," + MOBILE + ",上海市,上海市,徐汇区," + ADDRESS;
        String csv = header + "\n"
                // good
                + "CANARY-CSV-1-" + run + ",SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款," + person + ",10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n"
                // a date that does not exist: error file
                + "CANARY-CSV-2-" + run + ",SH0001,2026-11-31 10:02:11,2026-11-21 10:02:30,,已付款," + person + ",10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n"
                // unknown article: parked
                + "CANARY-CSV-3-" + run + ",SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款," + person + ",99999999,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n"
                // paid does not add up: error file
                + "CANARY-CSV-4-" + run + ",SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款," + person + ",10023401,保温杯,1,89.00,0.00,,0.00,0.00,1.00,\n"
                // a mobile that is not one, a card that is not one: error file
                + "CANARY-CSV-5-" + run + ",SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款," + CARD + "-x," + NAME + "," + MOBILE
                + "x,上海市,上海市,徐汇区," + ADDRESS + ",10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n";
        HostileClient.Filed f = hub.drop("store-csv", "canary-" + run + ".csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(f.errors().lines().count()).as(f.errors()).isGreaterThanOrEqualTo(4);

        String xml = Files.readString(Path.of("mappings/erp-xml/examples/01-released-b2b.input.xml"), StandardCharsets.UTF_8)
                .replace("上海臻品贸易有限公司 收货部", NAME).replace("13912345678", MOBILE).replace("C900100", CARD)
                .replace("张江高科技园区 碧波路 690 号 2 号楼", ADDRESS);
        String order = xml.substring(xml.indexOf("<Order>"), xml.indexOf("</Order>") + "</Order>".length());
        String all = xml.replace(order, order.replace("4500012345", "CANARYX1" + run)
                + order.replace("4500012345", "CANARYX2" + run).replace("MAT-000100234", "MAT-UNKNOWN-1")
                + order.replace("4500012345", "CANARYX3" + run).replace("<Quantity>24</Quantity>", "<Quantity>vierundzwanzig</Quantity>")
                + order.replace("4500012345", "CANARYX4" + run).replace("<Mobile>" + MOBILE, "<Mobile>" + MOBILE + "x"));
        HostileClient.Filed x = hub.drop("erp-xml", "canary-" + run + ".xml", all.getBytes(StandardCharsets.UTF_8));
        assertThat(x.errors().lines().count()).as(x.errors()).isGreaterThanOrEqualTo(3);
    }

    @SuppressWarnings("unchecked")
    private void poll() {
        SimOrder good = sim.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID);
        SimOrder unknown = sim.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID, true, false);
        for (SimOrder o : List.of(good, unknown)) {
            canary(o);
            sim.backdate(o, Duration.ofSeconds(30));
            sim.modifiedAt(o, Instant.now().minusSeconds(30));
        }
        long second = Instant.now().getEpochSecond();
        Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().getEpochSecond() > second);
        try {
            Map<String, Integer> counts = producer.requestBody("direct:poll-channel", "taobao", Map.class);
            assertThat(counts).containsKey("NEEDS_ATTENTION");
        } catch (CamelExecutionException e) {
            throw new AssertionError("the poll failed", e);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static void canary(SimOrder o) {
        o.buyerName = NAME;
        o.mobile = MOBILE;
        o.street = ADDRESS;
    }

    private static void personal(ObjectNode o, String id) {
        o.put("channelOrderId", id);
        ((ObjectNode) o.path("member")).put("cardNo", CARD);
        ((ObjectNode) o.path("buyer")).put("name", NAME).put("mobile", MOBILE);
        ((ObjectNode) o.path("shippingAddress")).put("receiverName", NAME).put("receiverMobile", MOBILE).put("detail", ADDRESS);
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the hub wrote for people under its data directory: everything below the inboxes but the
     * dropped input files themselves (kept as the sender sent them), and any log or text file
     * elsewhere. The stores' and brokers' own data files are not outputs.
     */
    private List<Path> outputFiles() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                boolean inInbox = p.startsWith(inbox);
                boolean originalInput = inInbox && (p.getParent().endsWith(".archive") || p.getParent().endsWith(".refused"))
                        && !name.endsWith(".errors.csv");
                boolean textOutput = name.endsWith(".log") || name.endsWith(".txt") || name.endsWith(".csv") || name.endsWith(".json");
                boolean storeData = Stream.of("postgres", "mariadb", "kafka", "artemis", "pg", "maria")
                        .anyMatch(d -> dataDir.relativize(p).toString().startsWith(d));
                if ((inInbox && !originalInput) || (!inInbox && textOutput && !storeData)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
