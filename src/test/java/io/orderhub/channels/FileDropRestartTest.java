package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.OrderhubApplication;
import io.orderhub.support.Sql;
import io.orderhub.support.TestDirs;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A hub stopped in the middle of a dropped file: the next start reads it again, and every order is stored once. */
class FileDropRestartTest {

    static final int ORDERS = 1500;
    static final String HEADER = "订单号,门店编码,下单时间,付款时间,更新时间,订单状态,会员卡号,收货人,手机号,省,市,区,详细地址,"
            + "商品编码,商品名称,数量,单价,优惠,售后状态,运费,整单优惠,实付金额,备注";

    private final Path dataDir = TestDirs.newDataDir("file-restart-");

    @Test
    void aRestartMidFileResumesWithoutLossOrDuplicates() throws Exception {
        Path inbox = dataDir.resolve("inbox/store-csv");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(".export.csv");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\r\n");
            for (int i = 0; i < ORDERS; i++) {
                w.write("RS-" + i + ",SH0009,2026-11-21 10:02:11,2026-11-21 10:02:30,,已付款,,,,,,,,10023401,"
                        + "保温杯 500ml 雾霾蓝,1,89.00,0.00,,0.00,0.00,89.00,\r\n");
            }
        }
        Path file = Files.move(tmp, inbox.resolve("sh0009-export.csv"), StandardCopyOption.ATOMIC_MOVE);

        long storedBeforeStop;
        try (ConfigurableApplicationContext hub = start("--camel.main.shutdown-timeout=1")) {
            DataSource maria = hub.getBean("oldStoreDataSource", DataSource.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> takenNow(maria) >= 50);
        }
        // the hub is gone; what it stored is in the new store's files, read by the next start
        try (ConfigurableApplicationContext hub = start()) {
            DataSource pg = hub.getBean("newStoreDataSource", DataSource.class);
            DataSource maria = hub.getBean("oldStoreDataSource", DataSource.class);
            storedBeforeStop = takenNow(maria);
            assertThat(storedBeforeStop).as("stopped in the middle of the file").isLessThan(ORDERS);
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> !Files.exists(file));
            assertThat(stored(pg)).isEqualTo(ORDERS);
            assertThat(Sql.count(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO LIKE ?", "RS-%"))
                    .isEqualTo(ORDERS);
            assertThat(Sql.count(pg, "SELECT COUNT(DISTINCT channel_order_id) FROM orders WHERE channel_order_id LIKE ?", "RS-%"))
                    .isEqualTo(ORDERS);
            List<Path> archived = new ArrayList<>();
            try (Stream<Path> s = Files.list(inbox.resolve(".archive"))) {
                s.forEach(archived::add);
            }
            assertThat(archived).extracting(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith("-sh0009-export.csv"))
                    .noneMatch(n -> n.endsWith(".errors.csv"));
        }
    }

    /** Orders of the file the authoritative store (the old one, in DUAL_WRITE) holds this moment. */
    private static long takenNow(DataSource maria) throws Exception {
        return Sql.countNow(maria, "SELECT COUNT(*) FROM CRM_ORDER_HEAD WHERE EXT_ORDER_NO LIKE ?", "RS-%");
    }

    private static long stored(DataSource pg) throws Exception {
        return Sql.count(pg, "SELECT COUNT(*) FROM orders WHERE channel_order_id LIKE ?", "RS-%");
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--orderhub.data-dir=" + dataDir,
                "--server.port=0",
                "--orderhub.kafka.embedded-port=0",
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false",
                "--spring.artemis.embedded.server-id=13",
                "--camel.main.name=orderhub-file-restart"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(OrderhubApplication.class).run(args.toArray(String[]::new));
    }
}
