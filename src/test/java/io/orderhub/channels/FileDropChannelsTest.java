package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.newStoreRows;
import static io.orderhub.channels.ChannelSupport.oldStoreRows;
import static io.orderhub.channels.ChannelSupport.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.support.HubTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Files dropped into the inboxes: CSV in GBK and UTF-8 with BOM, ERP XML, JSON lines. Good records
 * are stored, bad ones are listed with line and reason beside the archived file, nothing twice.
 */
@HubTest
class FileDropChannelsTest {

    @LocalServerPort
    int port;
    @Value("${orderhub.inbox.dir}")
    Path inbox;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;

    /** Drops a golden example into an inbox (written under a temporary name, then renamed, as a careful sender does). */
    Path drop(String channel, String example, String as) throws IOException {
        Path dir = inbox.resolve(channel);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".incoming-" + as);
        Files.copy(Path.of("mappings", channel, "examples", example), tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, dir.resolve(as), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the file is archived; returns its error file's lines (empty if none). */
    List<String> awaitArchived(String channel, String name) throws IOException {
        Path archive = inbox.resolve(channel).resolve(".archive");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> archived(archive, name) != null);
        Path errors = archive.resolve(archived(archive, name).getFileName() + ".errors.csv");
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

    @Test
    void gbkAndBomCsvExportsAreStoredWithTheirChineseIntact() throws Exception {
        drop("store-csv", "03-gbk-two-orders.input.csv", "hz0012-20261121.csv");
        drop("store-csv", "02-utf8-bom-delivery-multi-line.input.csv", "sh0001-20261121.csv");
        assertThat(awaitArchived("store-csv", "hz0012-20261121.csv")).isEmpty();
        assertThat(awaitArchived("store-csv", "sh0001-20261121.csv")).isEmpty();

        JsonNode gbk = order(port, "pos", "HZ0012", "HZ0012-20261121-0107");
        assertThat(gbk.path("buyerRemark").asText()).isEqualTo("老顾客 八折券已用");
        assertThat(gbk.path("items").get(0).path("hubSku").asText()).isEqualTo("SKU-300112");
        JsonNode second = order(port, "pos", "HZ0012", "HZ0012-20261121-0108");
        assertThat(second.path("items")).hasSize(2);
        assertThat(second.path("shippingAddress").path("districtCode").asText()).isEqualTo("330106");
        JsonNode bom = order(port, "pos", "SH0001", "SH0001-20261121-0002");
        assertThat(bom.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(bom.path("items")).hasSize(3);
        assertThat(bom.path("member").path("cardNo").asText()).isEqualTo("88001234568");
        assertThat(oldStoreRows(maria, "HZ0012-20261121-0108")).isEqualTo(1);
        assertThat(oldStoreRows(maria, "SH0001-20261121-0002")).isEqualTo(1);
    }

    @Test
    void badRowsGoToTheErrorFileWithLineAndReasonAndTheGoodOnesGoOn() throws Exception {
        drop("store-csv", "07-broken-rows-among-good.input.csv", "sh0001-evening.csv");
        List<String> errors = awaitArchived("store-csv", "sh0001-evening.csv");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).isEqualTo("\uFEFFline,reason,column,value");
        assertThat(errors.get(1)).startsWith("3,").contains("has 6 columns, the header has 23");
        assertThat(errors.get(2)).startsWith("4,").contains("items[0].quantity must be at least 1");
        assertThat(newStoreRows(pg, "SH0001-20261121-0120")).isEqualTo(1);
        assertThat(newStoreRows(pg, "SH0001-20261121-0123")).isEqualTo(1);
        assertThat(newStoreRows(pg, "SH0001-20261121-0122")).isZero();
        assertThat(oldStoreRows(maria, "SH0001-20261121-0122")).isZero();
    }

    @Test
    void anUnmappableRecordIsParkedAndListed() throws Exception {
        drop("store-csv", "06-unknown-article.input.csv", "sh0001-new-article.csv");
        List<String> errors = awaitArchived("store-csv", "sh0001-new-article.csv");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("2,").contains("sent to the needs-attention queue").contains("99999901");
        assertThat(newStoreRows(pg, "SH0001-20261121-0099")).isZero();
        JsonNode parked = ChannelSupport.json(ChannelSupport.get(port, "/api/needs-attention"));
        assertThat(parked.path("items").findValuesAsText("source")).contains("file sh0001-new-article.csv line 2");
    }

    @Test
    void erpXmlUpToABrokenElementIsStoredAndTheBreakIsListed() throws Exception {
        drop("erp-xml", "08-broken-xml-after-first-order.input.xml", "erp-export-0042.xml");
        List<String> errors = awaitArchived("erp-xml", "erp-export-0042.xml");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("44,").contains("not well-formed XML");
        JsonNode first = order(port, "erp", "CN01", "4500012354");
        assertThat(first.path("sourceSystem").asText()).isEqualTo("sap-erp-xml");
        assertThat(oldStoreRows(maria, "4500012354")).isEqualTo(1);
    }

    @Test
    void jsonLinesAreStoredLineByLineAndAFileIsNeverTakenTwice() throws Exception {
        drop("wechat-shop", "06-three-orders-one-bad-line.input.jsonl", "wechat-20261121.jsonl");
        List<String> errors = awaitArchived("wechat-shop", "wechat-20261121.jsonl");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("2,").contains("not well-formed JSON");
        assertThat(order(port, "wechat-shop", "wechat-channels-01", "3705115058471208933")).isNotNull();
        assertThat(order(port, "wechat-shop", "wechat-channels-01", "3705115058471208935").path("status").asText())
                .isEqualTo("PREPARING");

        // the same export dropped again (same name and size) is not read again
        // (the inbox is polled every second: the file stays where it is over several polls)
        Path again = drop("wechat-shop", "06-three-orders-one-bad-line.input.jsonl", "wechat-20261121.jsonl");
        Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(again).exists();
            try (Stream<Path> archived = Files.list(inbox.resolve("wechat-shop/.archive"))) {
                assertThat(archived.filter(p -> p.getFileName().toString().endsWith("-wechat-20261121.jsonl"))).hasSize(1);
            }
        });
        assertThat(newStoreRows(pg, "3705115058471208933")).isEqualTo(1);
    }
}
