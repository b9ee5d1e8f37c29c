package io.orderhub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.channels.ChannelMappings;
import io.orderhub.channels.FileRecords;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A store export of a million lines in GBK, one order per line: read, split into records and mapped
 * to validated canonical orders on one thread (the file-drop route's work before the intake).
 * Baseline: the same file decoded and split into column maps by a plain loop.
 */
final class CsvFileBench {

    private static final String HEADER = "订单号,门店编码,下单时间,付款时间,更新时间,订单状态,会员卡号,收货人,手机号,省,市,区,详细地址,"
            + "商品编码,商品名称,数量,单价,优惠,售后状态,运费,整单优惠,实付金额,备注";
    private static final String[][] ARTICLES = {{"10023401", "保温杯 500ml 雾霾蓝", "89.00"},
            {"20087101", "杯刷 两支装", "12.90"}, {"30011201", "明前龙井 250g 礼盒", "268.00"}};

    private CsvFileBench() {
    }

    static ObjectNode run(Path out, int lines) throws IOException {
        Charset gbk = Charset.forName("GBK");
        Path file = out.resolve("store-export-gbk.csv");
        Random random = new Random(7);
        try (BufferedWriter w = Files.newBufferedWriter(file, gbk)) {
            w.write(HEADER);
            w.write("\r\n");
            for (int i = 0; i < lines; i++) {
                String[] a = ARTICLES[random.nextInt(ARTICLES.length)];
                int qty = 1 + random.nextInt(3);
                String total = new java.math.BigDecimal(a[2]).multiply(java.math.BigDecimal.valueOf(qty)).toPlainString();
                w.write("SH0001-20261121-" + i + ",SH0001,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款,88001234567,,,,,,,"
                        + a[0] + "," + a[1] + "," + qty + "," + a[2] + ",0.00,,0.00,0.00," + total + ",门店自提 谢谢\r\n");
            }
        }
        long size = Files.size(file);

        ChannelMappings mappings = new ChannelMappings(List.of("classpath*:mappings/"));
        ChannelMappings.Shop shop = new ChannelMappings.Shop(null, null);
        long t0 = System.nanoTime();
        long orders = 0;
        try (FileRecords.CloseableIterator it = FileRecords.open(file, mappings.channel("store-csv").definition(),
                mappings.channel("store-csv").columns())) {
            while (it.hasNext()) {
                FileRecords.Record r = it.next();
                CanonicalOrderReader.read(mappings.toCanonical("store-csv", shop, r.payload()));
                orders++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        long baselineRecords = 0;
        try (BufferedReader in = Files.newBufferedReader(file, gbk)) {
            String[] header = in.readLine().split(",", -1);
            String line;
            while ((line = in.readLine()) != null) {
                String[] v = line.split(",", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], v[i]);
                }
                baselineRecords += row.isEmpty() ? 0 : 1;
            }
        }
        double baselineSeconds = (System.nanoTime() - t1) / 1e9;
        Files.delete(file);

        ObjectNode s = CanonicalJson.mapper().createObjectNode();
        s.put("name", "store CSV file, GBK, " + lines + " lines (one thread)");
        s.put("what", "a " + (size >> 20) + " MiB GBK export read, split, mapped and validated: " + orders + " orders in "
                + BenchMain.round(seconds) + " s");
        s.put("ordersPerSecond", BenchMain.round(orders / seconds));
        s.put("baselineOrdersPerSecond", BenchMain.round(baselineRecords / baselineSeconds));
        s.put("ratioToBaseline", BenchMain.round((orders / seconds) / (baselineRecords / baselineSeconds)));
        s.put("baseline", "the same file decoded and split into column maps by a plain loop");
        return s;
    }
}
