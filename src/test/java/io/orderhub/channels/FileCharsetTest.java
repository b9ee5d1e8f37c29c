package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dropped file is read in one charset, strictly, or refused as a whole before its first record:
 * never a U+FFFD in a record, never half a file. The bytes are written here with the JDK's own
 * encoders; the expected text is the literal the bytes were made from.
 */
class FileCharsetTest {

    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER = "order_no,name,remark,note\n";
    static final ChannelDefinition CSV = new ChannelDefinition("t", null, "pos", "t-csv", null,
            ChannelDefinition.Format.csv, "order.jsonata", Map.of(), Map.of(),
            new ChannelDefinition.Csv("GBK", "order_no", null), null);
    static final ChannelDefinition JSONL = new ChannelDefinition("t", null, "pos", "t-jsonl", null,
            ChannelDefinition.Format.jsonl, "order.jsonata", Map.of(), Map.of(), null, null);
    static final ChannelDefinition XML = new ChannelDefinition("t", null, "erp", "t-xml", null,
            ChannelDefinition.Format.xml, "order.xsl", Map.of(), Map.of(), null, new ChannelDefinition.Xml("Order"));

    @TempDir
    Path dir;

    @Test
    void aGbkFileWhoseFirst100KiBAreAsciiIsReadAsGbk() throws IOException {
        Path file = write("late-chinese.csv", ascii(HEADER), ascii("A1,Thermos 500ml,ok," + "x".repeat(100 * 1024) + "\n"),
                gbk("A2,保温杯 500ml 樱花粉,老顾客 八折券已用,-\n"));

        List<FileRecords.Record> records = read(file, CSV);

        assertThat(records).extracting(FileRecords.Record::error).containsOnlyNulls();
        assertThat(records).hasSize(2);
        assertThat(row(records.get(1))).containsEntry("order_no", "A2").containsEntry("name", "保温杯 500ml 樱花粉")
                .containsEntry("remark", "老顾客 八折券已用");
        assertThat(records.get(1).line()).isEqualTo(3);
    }

    @Test
    void aCharacterCutByTheReadBufferIsReadWhole() throws IOException {
        // the first GBK character starts on the last byte of the first 64 KiB
        byte[] head = ascii(HEADER);
        String filler = "x".repeat(65535 - head.length - "B1,".length());
        Path file = write("cut.csv", head, ascii("B1,"), ascii(filler), gbk("杯刷 两支装,-,-\n"));

        List<FileRecords.Record> records = read(file, CSV);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).error()).isNull();
        assertThat(row(records.get(0))).containsEntry("order_no", "B1").containsEntry("name", filler + "杯刷 两支装");
    }

    @Test
    void aFileWithBytesValidInNoCharsetIsRefusedWholeBeforeItsFirstRecord() throws IOException {
        Path file = write("broken.csv", ascii(HEADER), gbk("C1,保温杯,好,-\n"),
                gbk("C2,杯刷,"), new byte[] {(byte) 0xFF, (byte) 0xFE}, ascii(",-\n"), gbk("C3,茶叶,好,-\n"));

        List<FileRecords.Record> records = read(file, CSV);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).payload()).isNull();
        assertThat(records.get(0).line()).isEqualTo(3);
        assertThat(records.get(0).error()).contains("neither UTF-8").contains("GBK (line 3)")
                .contains("the whole file is refused");
    }

    @Test
    void aUtf8FileWithGbkSplicedInIsRefusedNotReadAsGbk() throws IOException {
        Path file = write("mixed.csv", ascii(HEADER), "D1,保温杯 雾霾蓝,好,-\n".getBytes(StandardCharsets.UTF_8),
                gbk("D2,杯刷 两支装,好,-\n"));

        List<FileRecords.Record> records = read(file, CSV);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).line()).isEqualTo(3);
        assertThat(records.get(0).error()).contains("UTF-8 up to line 3").contains("the whole file is refused");
    }

    @Test
    void aFileWithAUtf8ByteOrderMarkThatIsNotUtf8IsRefused() throws IOException {
        Path file = write("bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii(HEADER),
                gbk("E1,保温杯,好,-\n"));

        List<FileRecords.Record> records = read(file, CSV);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).line()).isEqualTo(2);
        assertThat(records.get(0).error()).contains("byte order mark");
    }

    @Test
    void utf8AndGbkFilesAreStillReadInTheirCharset() throws IOException {
        Path utf8 = write("utf8.csv", ascii(HEADER), "F1,王芳,文三路 478 号,-\n".getBytes(StandardCharsets.UTF_8));
        Path gbk = write("gbk.csv", ascii(HEADER), gbk("F1,王芳,文三路 478 号,-\n"));

        assertThat(row(read(utf8, CSV).get(0))).containsEntry("name", "王芳").containsEntry("remark", "文三路 478 号");
        assertThat(row(read(gbk, CSV).get(0))).containsEntry("name", "王芳").containsEntry("remark", "文三路 478 号");
    }

    @Test
    void jsonLinesWithABadByteAreRefusedWhole() throws IOException {
        Path file = write("orders.jsonl", "{\"id\":\"1\",\"name\":\"保温杯\"}\n".getBytes(StandardCharsets.UTF_8),
                gbk("{\"id\":\"2\",\"name\":\"杯刷\"}\n"));

        List<FileRecords.Record> records = read(file, JSONL);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).payload()).isNull();
        assertThat(records.get(0).line()).isEqualTo(2);
        assertThat(records.get(0).error()).contains("not valid UTF-8");
    }

    @Test
    void xmlThatIsNotValidInItsDeclaredEncodingIsRefusedWhole() throws IOException {
        Path file = write("export.xml", ascii("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<OrderExport>\n"),
                gbk("<Order><No>1</No><Name>保温杯</Name></Order>\n"),
                ascii("<Order><No>2</No><Name>"), new byte[] {(byte) 0xFF, (byte) 0xFF}, ascii("</Name></Order>\n"),
                ascii("</OrderExport>\n"));

        List<FileRecords.Record> records = read(file, XML);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).payload()).isNull();
        assertThat(records.get(0).line()).isEqualTo(4);
        assertThat(records.get(0).error()).contains("not valid GBK");
    }

    @Test
    void xmlInItsDeclaredGbkIsReadExactly() throws IOException {
        Path file = write("export-gbk.xml", ascii("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<OrderExport>\n"),
                gbk("<Order><No>1</No><Name>保温杯 樱花粉</Name></Order>\n"), ascii("</OrderExport>\n"));

        List<FileRecords.Record> records = read(file, XML);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).payload().toString()).contains("<Name>保温杯 樱花粉</Name>");
    }

    // ---- helpers --------------------------------------------------------------------------

    private Path write(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gbk(String s) {
        return s.getBytes(GBK);
    }

    private static List<FileRecords.Record> read(Path file, ChannelDefinition d) throws IOException {
        List<FileRecords.Record> out = new ArrayList<>();
        try (FileRecords.CloseableIterator it = FileRecords.open(file, d)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> row(FileRecords.Record r) {
        assertThat(r.error()).isNull();
        return ((List<Map<String, String>>) ((Map<String, Object>) r.payload()).get("rows")).get(0);
    }
}
