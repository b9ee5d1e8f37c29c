package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.newStoreRows;
import static io.orderhub.channels.ChannelSupport.oldStoreRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.support.HubTest;
import io.orderhub.support.Sql;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;

/**
 * Dropped files and their charset, end to end: a GBK export whose first 100 KiB are ASCII keeps its
 * Chinese in both stores; a file with bytes that are valid in no charset is refused as a whole
 * (one line in the error file) and none of its orders is stored.
 */
@HubTest
class FileCharsetDropTest {

    static final Charset GBK = Charset.forName("GBK");
    static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000L);

    @Value("${orderhub.inbox.dir}")
    Path inbox;
    @Value("${orderhub.data-dir}")
    Path dataDir;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    CamelContext camel;
    @Autowired
    ChannelMappings mappings;

    @Test
    void aGbkExportWhoseFirst100KiBAreAsciiKeepsItsChineseInBothStores() throws Exception {
        Path dir = b2bChannel();
        String ascii = "B2B-" + SEQ.incrementAndGet();
        String chinese = "B2B-" + SEQ.incrementAndGet();
        String head = chinese + ",B2B-HZ01,2026-11-21 14:31:50,PAID,王芳,13600001111,浙江省,杭州市,西湖区,文三路 478 号 1203,";
        String tail = ",114.80,8.00,122.80,老顾客 八折券已用,-\n";
        byte[] file = concat(
                ascii("order_no,store,created,status,receiver,mobile,province,city,district,address,sku,name,qty,price,"
                        + "line_total,goods,shipping,paid,remark,note\n"),
                // the ERP's own note column makes the first 100 KiB ASCII
                ascii(ascii + ",B2B-HZ01,2026-11-21 09:00:00,PAID,,,,,,,B2B-BTL500-PNK,Thermos 500ml pink,1,89.00,89.00,"
                        + "89.00,0.00,89.00,," + "x".repeat(100 * 1024) + "\n"),
                gbk(head + "B2B-BTL500-PNK,保温杯 500ml 樱花粉,1,89.00,89.00" + tail),
                gbk(head + "B2B-BRUSH-2,杯刷 两支装,2,12.90,25.80" + tail));
        assertThat(new String(file, 0, 100 * 1024, StandardCharsets.US_ASCII)).doesNotContain("\uFFFD");

        assertThat(drop(dir, "b2b-late-chinese.csv", file)).isEmpty();

        assertThat(newStoreRows(pg, ascii)).isEqualTo(1);
        Map<String, Object> order = Sql.row(pg, "SELECT document->>'buyerRemark' AS remark,"
                + " document->'shippingAddress'->>'receiverName' AS receiver,"
                + " document->'shippingAddress'->>'detail' AS detail,"
                + " (SELECT string_agg(i.name, '|' ORDER BY i.line_no) FROM order_items i WHERE i.order_id = o.order_id) AS names"
                + " FROM orders o WHERE channel_order_id = ?", chinese);
        assertThat(order).containsEntry("remark", "老顾客 八折券已用").containsEntry("receiver", "王芳")
                .containsEntry("detail", "文三路 478 号 1203").containsEntry("names", "保温杯 500ml 樱花粉|杯刷 两支装");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(oldStoreRows(maria, chinese)).isEqualTo(1));
        Map<String, Object> legacy = Sql.row(maria, "SELECT BUYER_MEMO, RECV_NAME, RECV_ADDR,"
                + " (SELECT GROUP_CONCAT(d.GOODS_NAME ORDER BY d.LINE_NO SEPARATOR '|') FROM CRM_ORDER_DETAIL d"
                + " WHERE d.ORDER_NO = h.ORDER_NO) AS NAMES FROM CRM_ORDER_HEAD h WHERE EXT_ORDER_NO = ?", chinese);
        assertThat(legacy).containsEntry("BUYER_MEMO", "老顾客 八折券已用").containsEntry("RECV_NAME", "王芳")
                .containsEntry("RECV_ADDR", "文三路 478 号 1203").containsEntry("NAMES", "保温杯 500ml 樱花粉|杯刷 两支装");
    }

    @Test
    void aStoreExportWithBytesValidInNoCharsetIsRefusedWholeAndNothingOfItIsStored() throws Exception {
        Path dir = inbox.resolve("store-csv");
        String[] ids = {"HZ0012-CS-" + SEQ.incrementAndGet(), "HZ0012-CS-" + SEQ.incrementAndGet(),
                "HZ0012-CS-" + SEQ.incrementAndGet()};
        String row = ",HZ0012,2026-11-21 14:20:05,2026-11-21 14:20:40,,已付款,,,,,,,,30011201,明前龙井 250g 礼盒,2,268.00,"
                + "20.00,,0.00,0.00,516.00,";
        byte[] file = concat(
                gbk("订单号,门店编码,下单时间,付款时间,更新时间,订单状态,会员卡号,收货人,手机号,省,市,区,详细地址,"
                        + "商品编码,商品名称,数量,单价,优惠,售后状态,运费,整单优惠,实付金额,备注\n"),
                gbk(ids[0] + row + "老顾客\n"),
                // a byte that is neither UTF-8 nor GBK, in the remark of the second order
                gbk(ids[1] + row + "老顾客"), new byte[] {(byte) 0xFF}, ascii("\n"),
                gbk(ids[2] + row + "新顾客\n"));

        List<String> errors = drop(dir, "hz0012-broken.csv", file);

        // refused as a whole: beside the other refused files, not archived as done
        assertThat(archived(dir.resolve(".refused"), "hz0012-broken.csv")).isNotNull();
        assertThat(archived(dir.resolve(".archive"), "hz0012-broken.csv")).isNull();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("3,").contains("neither UTF-8").contains("GBK (line 3)")
                .contains("the whole file is refused");
        for (String id : ids) {
            assertThat(newStoreRows(pg, id)).as(id).isZero();
            assertThat(oldStoreRows(maria, id)).as(id).isZero();
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * A channel added at run time from files, as the README's "Add a channel" does: its mapping
     * (src/test/resources/charset-channel/b2b-csv) in a mapping location, and a route from the
     * file-drop template. Returns its inbox.
     */
    private synchronized Path b2bChannel() throws Exception {
        Path inboxDir = inbox.resolve("b2b-csv");
        if (camel.getRoute("b2b-csv-drop") == null) {
            Path target = dataDir.resolve("mapping-fixes/b2b-csv");
            Files.createDirectories(target);
            for (String f : List.of("channel.yaml", "order.jsonata", "skus.csv")) {
                Files.copy(Path.of("src/test/resources/charset-channel/b2b-csv", f), target.resolve(f),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            mappings.reload();
            Files.createDirectories(inboxDir);
            TemplatedRouteBuilder.builder(camel, "file-drop").routeId("b2b-csv-drop")
                    .parameter("mapping", "b2b-csv").parameter("inbox", inboxDir.toString())
                    .parameter("include", ".*\\.csv").add();
        }
        return inboxDir;
    }

    /**
     * Drops bytes as a careful sender does (temporary name, then rename); waits until the file is
     * archived (done) or refused as a whole; returns the error file's lines.
     */
    private static List<String> drop(Path dir, String name, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.write(dir.resolve(".incoming-" + name), content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path archive = dir.resolve(".archive");
        Path refused = dir.resolve(".refused");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> archived(archive, name) != null || archived(refused, name) != null);
        Path filed = archived(archive, name) != null ? archived(archive, name) : archived(refused, name);
        Path errors = filed.resolveSibling(filed.getFileName() + ".errors.csv");
        return Files.exists(errors) ? Files.readAllLines(errors, StandardCharsets.UTF_8) : List.of();
    }

    private static Path archived(Path archive, String name) throws IOException {
        if (!Files.isDirectory(archive)) {
            return null;
        }
        try (Stream<Path> files = Files.list(archive)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + name)).findFirst().orElse(null);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    private static byte[] gbk(String s) {
        return s.getBytes(GBK);
    }
}
