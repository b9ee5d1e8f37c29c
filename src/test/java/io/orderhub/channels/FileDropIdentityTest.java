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
 * No dropped file is lost silently: a file is known by its inbox and content (the next day's
 * export under the same name and size is read, the same content again is not); a file whose
 * structure the mapping does not recognise is refused whole into .refused/ with its reason, not
 * archived as done; a value that cannot be converted is listed naming its column, not parked; an
 * ERP export with other header names is stored through the channel's aliases; error-file cells
 * cannot run as formulas. The files are written here; the expected texts are worked by hand.
 */
@HubTest
class FileDropIdentityTest {

    static final String HEADER = "订单号,门店编码,下单时间,付款时间,更新时间,订单状态,会员卡号,收货人,手机号,省,市,区,详细地址,"
            + "商品编码,商品名称,数量,单价,优惠,售后状态,运费,整单优惠,实付金额,备注\n";

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

    /** Writes a file into an inbox as a careful sender does: a temporary name, then a rename. */
    Path drop(String channel, String name, String text) throws IOException {
        Path dir = inbox.resolve(channel);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".incoming-" + name);
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until {@code count} files of that name are in the inbox's {@code folder}; returns them, oldest first. */
    List<Path> awaitFiled(String channel, String folder, String name, int count) throws IOException {
        Path where = inbox.resolve(channel).resolve(folder);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> filed(where, name).size() >= count);
        return filed(where, name);
    }

    static List<Path> filed(Path where, String name) throws IOException {
        if (!Files.isDirectory(where)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(where)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + name)).sorted().toList();
        }
    }

    static List<String> errorsOf(Path filed) throws IOException {
        Path errors = filed.resolveSibling(filed.getFileName() + ".errors.csv");
        return Files.exists(errors) ? Files.readAllLines(errors, StandardCharsets.UTF_8) : List.of();
    }

    static String row(String orderNo, String time) {
        return orderNo + ",SH0001," + time + "," + time + ",,已付款,,,,,,,,10023401,保温杯 500ml 雾霾蓝,1,89.00,0.00,,0.00,0.00,89.00,\n";
    }

    @Test
    void theNextDaysExportUnderTheSameNameAndSizeIsReadAndTheSameContentAgainIsNot() throws Exception {
        String day1 = HEADER + row("SH0001-20261123-0401", "2026-11-23 10:00:00");
        String day2 = HEADER + row("SH0001-20261124-0401", "2026-11-24 10:00:00");
        assertThat(day2.getBytes(StandardCharsets.UTF_8)).hasSameSizeAs(day1.getBytes(StandardCharsets.UTF_8));

        drop("store-csv", "sh0001-daily.csv", day1);
        awaitFiled("store-csv", ".archive", "sh0001-daily.csv", 1);
        drop("store-csv", "sh0001-daily.csv", day2);
        awaitFiled("store-csv", ".archive", "sh0001-daily.csv", 2);

        assertThat(newStoreRows(pg, "SH0001-20261123-0401")).isEqualTo(1);
        assertThat(oldStoreRows(maria, "SH0001-20261123-0401")).isEqualTo(1);
        assertThat(newStoreRows(pg, "SH0001-20261124-0401")).isEqualTo(1);
        assertThat(oldStoreRows(maria, "SH0001-20261124-0401")).isEqualTo(1);

        // the second day's content once more: not read (it stays in the inbox over several polls)
        Path again = drop("store-csv", "sh0001-daily.csv", day2);
        Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(again).exists();
            assertThat(filed(inbox.resolve("store-csv/.archive"), "sh0001-daily.csv")).hasSize(2);
        });
    }

    @Test
    void anXmlFileWithAnUnknownRecordElementIsRefusedWholeAndNotArchivedAsDone() throws Exception {
        drop("erp-xml", "erp-export-0099.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <OrderExport>
                  <SalesOrder><OrderNo>4500019901</OrderNo><Status>RELEASED</Status></SalesOrder>
                  <SalesOrder><OrderNo>4500019902</OrderNo><Status>RELEASED</Status></SalesOrder>
                </OrderExport>
                """);

        Path refused = awaitFiled("erp-xml", ".refused", "erp-export-0099.xml", 1).get(0);
        List<String> errors = errorsOf(refused);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("1,").contains("no <Order> element").contains("<SalesOrder>")
                .contains("the whole file is refused");
        assertThat(filed(inbox.resolve("erp-xml/.archive"), "erp-export-0099.xml")).isEmpty();
        assertThat(inbox.resolve("erp-xml/erp-export-0099.xml")).doesNotExist();
    }

    @Test
    void aCsvMissingAColumnTheMappingNeedsIsRefusedWholeNamingTheColumn() throws Exception {
        drop("store-csv", "sh0001-no-paid.csv", HEADER.replace(",实付金额", "")
                + "SH0001-20261126-0601,SH0001,2026-11-26 10:00:00,2026-11-26 10:00:05,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,\n");

        Path refused = awaitFiled("store-csv", ".refused", "sh0001-no-paid.csv", 1).get(0);
        List<String> errors = errorsOf(refused);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("1,").contains("'实付金额'").contains("the whole file is refused");
        assertThat(filed(inbox.resolve("store-csv/.archive"), "sh0001-no-paid.csv")).isEmpty();
        assertThat(newStoreRows(pg, "SH0001-20261126-0601")).isZero();
        assertThat(oldStoreRows(maria, "SH0001-20261126-0601")).isZero();
    }

    @Test
    void anErpExportWithOtherHeaderNamesIsStoredThroughTheAliases() throws Exception {
        drop("store-csv", "other-erp-20261122.csv", "单据编号,门店代码,销售时间,收款时间,单据状态,货号,品名,销售数量,零售价,金额,实收金额\n"
                + "SH0001-20261122-0301,SH0001,2026-11-22 09:15:00,2026-11-22 09:15:20,已付款,10023401,保温杯 500ml 雾霾蓝,2,89.00,178.00,178.00\n"
                // 3 × 12.90 = 38.70, the export says 38.60
                + "SH0001-20261122-0302,SH0001,2026-11-22 09:20:00,2026-11-22 09:20:20,已付款,20087101,杯刷 两支装,3,12.90,38.60,38.70\n");

        List<String> errors = errorsOf(awaitFiled("store-csv", ".archive", "other-erp-20261122.csv", 1).get(0));

        JsonNode stored = order(port, "pos", "SH0001", "SH0001-20261122-0301");
        assertThat(stored).isNotNull();
        assertThat(stored.path("items").get(0).path("hubSku").asText()).isEqualTo("SKU-100234");
        assertThat(stored.path("items").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(stored.path("amounts").path("paid").asText()).isEqualTo("178.00");
        assertThat(oldStoreRows(maria, "SH0001-20261122-0301")).isEqualTo(1);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).startsWith("3,").contains("column 金额 is 38.60, but 数量 × 单价 = 3 × 12.90 = 38.70");
        assertThat(newStoreRows(pg, "SH0001-20261122-0302")).isZero();
    }

    @Test
    void unconvertibleValuesAreListedByColumnNotParkedAndFormulaCellsAreNeutralised() throws Exception {
        drop("store-csv", "sh0001-bad-values.csv", HEADER
                // a time a spreadsheet would run as a formula (OWASP's CSV injection example)
                + "SH0001-20261125-0501,SH0001,=cmd|' /C calc'!A0,2026-11-25 10:00:05,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n"
                // an empty quantity
                + "SH0001-20261125-0502,SH0001,2026-11-25 10:00:00,2026-11-25 10:00:05,,已付款,,,,,,,,10023401,保温杯,,89.00,0.00,,0.00,0.00,89.00,\n"
                + row("SH0001-20261125-0503", "2026-11-25 10:10:00"));

        List<String> errors = errorsOf(awaitFiled("store-csv", ".archive", "sh0001-bad-values.csv", 1).get(0));

        JsonNode parked = ChannelSupport.json(ChannelSupport.get(port, "/api/needs-attention"));
        assertThat(parked.path("items").findValuesAsText("source"))
                .noneMatch(s -> s.startsWith("file sh0001-bad-values.csv"));
        assertThat(errors).hasSize(3);
        assertThat(errors.get(1)).isEqualTo("2,\"line 2, column 下单时间: '=cmd|' /C calc'!A0' is not a time\",\"下单时间\",\"'=cmd|' /C calc'!A0\"");
        assertThat(errors.get(2)).isEqualTo("3,\"line 3, column 数量: '' is blank where a whole number is needed\",\"数量\",\"\"");
        assertThat(newStoreRows(pg, "SH0001-20261125-0503")).isEqualTo(1);
        assertThat(newStoreRows(pg, "SH0001-20261125-0501")).isZero();
        assertThat(errors.get(0)).isEqualTo("\uFEFFline,reason,column,value");
    }
}
