package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dropped file's structure is checked against the mapping before its first record (the store
 * CSV mapping and its channel.yaml as shipped), another ERP's header is renamed by the channel's
 * aliases, the line-amount rule is exact, a value the mapping cannot convert is named by its
 * column, and error-file cells cannot run as spreadsheet formulas. Expected texts are literals
 * worked out by hand.
 */
class FileDropStructureTest {

    /** The store CSV export's own header, as in mappings/store-csv/examples/. */
    static final String HEADER = "订单号,门店编码,下单时间,付款时间,更新时间,订单状态,会员卡号,收货人,手机号,省,市,区,详细地址,"
            + "商品编码,商品名称,数量,单价,优惠,售后状态,运费,整单优惠,实付金额,备注\n";

    static ChannelMappings mappings;
    static ChannelMappings.Channel storeCsv;
    static ChannelMappings.Channel erpXml;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        mappings = GoldenExamples.mappings();
        storeCsv = mappings.channel("store-csv");
        erpXml = mappings.channel("erp-xml");
    }

    @Test
    void aCsvWithoutAColumnTheMappingReadsIsRefusedWholeNamingTheColumn() throws IOException {
        // 实付金额 (amount paid) left out: every order would fail with "amounts.paid is required"
        Path file = write("no-paid.csv", HEADER.replace(",实付金额", "")
                + "SH0001-20261121-0001,SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,\n");

        List<FileRecords.Record> records = read(file, storeCsv);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).wholeFile()).isTrue();
        assertThat(records.get(0).payload()).isNull();
        assertThat(records.get(0).error()).contains("'实付金额'").contains("the whole file is refused");
    }

    @Test
    void aColumnThatIsOptionalMayBeLeftOut() throws IOException {
        Path file = write("no-remark.csv", HEADER.replace(",备注", "")
                + "SH0001-20261121-0001,SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00\n");

        List<FileRecords.Record> records = read(file, storeCsv);

        assertThat(records).singleElement().satisfies(r -> assertThat(r.error()).isNull());
    }

    @Test
    void anotherErpsHeadersAreRenamedByTheAliasesAndTheLineAmountIsChecked() throws IOException {
        Path file = write("other-erp.csv", "单据编号,门店代码,销售时间,收款时间,单据状态,货号,品名,销售数量,零售价,金额,实收金额\n"
                + "SH0001-20261122-0301,SH0001,2026-11-22 09:15:00,2026-11-22 09:15:20,已付款,10023401,保温杯,2,89.00,178.00,178.00\n"
                // 3 × 12.90 = 38.70, not 38.60
                + "SH0001-20261122-0302,SH0001,2026-11-22 09:20:00,2026-11-22 09:20:20,已付款,20087101,杯刷 两支装,3,12.90,38.60,38.70\n");

        List<FileRecords.Record> records = read(file, storeCsv);

        assertThat(records).hasSize(2);
        assertThat(row(records.get(0))).containsEntry("订单号", "SH0001-20261122-0301").containsEntry("数量", "2")
                .containsEntry("单价", "89.00").containsEntry("实付金额", "178.00");
        assertThat(mappings.toCanonical("store-csv", new ChannelMappings.Shop(null, null), records.get(0).payload())
                .items().get(0).hubSku()).isEqualTo("SKU-100234");
        assertThat(records.get(1).error()).isEqualTo("line 3: column 金额 is 38.60, but 数量 × 单价 = 3 × 12.90 = 38.70");
    }

    @Test
    void aHeaderWithAColumnUnderTwoNamesIsRefusedWhole() throws IOException {
        Path file = write("twice.csv", HEADER.replace("\n", ",单据编号\n")
                + "SH0001-20261121-0001,SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,,X\n");

        List<FileRecords.Record> records = read(file, storeCsv);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.wholeFile()).isTrue();
            assertThat(r.error()).contains("'订单号' twice");
        });
    }

    @Test
    void anXmlFileWithoutTheMappingsRecordElementIsRefusedWhole() throws IOException {
        Path file = write("sales.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <OrderExport>
                  <SalesOrder><OrderNo>4500012399</OrderNo></SalesOrder>
                </OrderExport>
                """);

        List<FileRecords.Record> records = read(file, erpXml);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.wholeFile()).isTrue();
            assertThat(r.error()).contains("no <Order> element").contains("<SalesOrder>");
        });
    }

    @Test
    void anEmptyXmlExportIsNoRecordsAndNoRefusal() throws IOException {
        Path file = write("empty.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OrderExport/>\n");

        assertThat(read(file, erpXml)).isEmpty();
    }

    @Test
    void aValueTheMappingCannotConvertIsNamedByItsLineAndColumn() throws IOException {
        Path file = write("bad-values.csv", HEADER
                + "SH0001-20261125-0501,SH0001,2026-11-25 10:00:00,,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n"
                + "SH0001-20261125-0501,SH0001,2026-11-25 10:00:00,,,已付款,,,,,,,,20087101,杯刷,,12.90,0.00,,0.00,0.00,89.00,\n"
                + "SH0001-20261125-0502,SH0001,2026-11-31 10:00:00,,,已付款,,,,,,,,10023401,保温杯,1,89.00,0.00,,0.00,0.00,89.00,\n");

        List<FileRecords.Record> records = read(file, storeCsv);

        assertThat(records).hasSize(2);
        FileRecords.Record blankQuantity = records.get(0);
        assertThatThrownBy(() -> mappings.toCanonical("store-csv", new ChannelMappings.Shop(null, null), blankQuantity.payload()))
                .isInstanceOfSatisfying(UnconvertibleValueException.class, e -> {
                    assertThat(blankQuantity.cell(e.value())).isEqualTo(new FileRecords.Cell(3, "数量"));
                    assertThat(e.problem()).isEqualTo("is blank where a whole number is needed");
                });
        FileRecords.Record badDate = records.get(1);
        assertThatThrownBy(() -> mappings.toCanonical("store-csv", new ChannelMappings.Shop(null, null), badDate.payload()))
                .isInstanceOfSatisfying(UnconvertibleValueException.class, e -> {
                    assertThat(badDate.cell(e.value())).isEqualTo(new FileRecords.Cell(4, "下单时间"));
                    assertThat(e.value()).isEqualTo("2026-11-31 10:00:00");
                    assertThat(e.problem()).isEqualTo("is not a time");
                });
    }

    @Test
    void aDayTheMonthDoesNotHaveIsRefusedNotMovedToTheMonthsLastDay() {
        // November has 30 days; a lenient parse would store 2026-11-30
        assertThatThrownBy(() -> MappingFunctions.time("2026-11-31 10:00:00"))
                .isInstanceOf(BadValueException.class).hasMessage("'2026-11-31 10:00:00' is not a time");
        assertThat(MappingFunctions.time("2026-11-30 10:00:00")).isEqualTo("2026-11-30T10:00:00+08:00");
    }

    @Test
    void aQuantityIsAWholeNumberFromItsText() {
        assertThat(MappingFunctions.integer("2")).isEqualTo(2L);
        assertThat(MappingFunctions.integer("3.0")).isEqualTo(3L);
        assertThatThrownBy(() -> MappingFunctions.integer("1.5")).hasMessage("'1.5' is not a whole number");
        assertThatThrownBy(() -> MappingFunctions.integer("")).hasMessage("'' is blank where a whole number is needed");
        assertThatThrownBy(() -> MappingFunctions.integer("两")).hasMessage("'两' is not a whole number");
    }

    @Test
    void errorFileCellsStartingLikeAFormulaAreNeutralised() {
        // the characters OWASP lists for CSV injection: = + - @ tab CR
        assertThat(FileDrops.csv("=cmd|' /C calc'!A0")).isEqualTo("\"'=cmd|' /C calc'!A0\"");
        assertThat(FileDrops.csv("+1+2")).isEqualTo("\"'+1+2\"");
        assertThat(FileDrops.csv("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(FileDrops.csv("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(FileDrops.csv("\t=1")).isEqualTo("\"'\t=1\"");
        assertThat(FileDrops.csv("\r=1")).isEqualTo("\"' =1\"");
        assertThat(FileDrops.csv("has \"quotes\", =inside")).isEqualTo("\"has \"\"quotes\"\", =inside\"");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static List<FileRecords.Record> read(Path file, ChannelMappings.Channel channel) throws IOException {
        List<FileRecords.Record> out = new ArrayList<>();
        try (FileRecords.CloseableIterator it = FileRecords.open(file, channel.definition(), channel.columns())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> row(FileRecords.Record r) {
        return ((List<Map<String, String>>) ((Map<String, Object>) r.payload()).get("rows")).get(0);
    }
}
