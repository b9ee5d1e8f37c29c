package io.orderhub.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.support.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The legacy mapping compiled into typed column accessors: a column reads the order's field directly. */
class LegacyMappingTest {

    static final LegacyMapping MAPPING = LegacyMapping.load();

    @Test
    void headerAndDetailValuesComeFromTheTypedOrder() {
        CanonicalOrder order = CanonicalOrderReader.read(Samples.sample().toString().getBytes(StandardCharsets.UTF_8));
        List<Object> head = MAPPING.values(MAPPING.header(), order, 0);
        List<String> names = MAPPING.header().columnNames();
        // the sample order: PAID, not on hold, paid "168.90", created 2026-11-22T10:15:30+08:00, city 上海市
        assertThat(head.get(names.indexOf("ORDER_STATUS"))).isEqualTo("20");
        assertThat(head.get(names.indexOf("HOLD_FLAG"))).isEqualTo("N");
        assertThat(head.get(names.indexOf("PAY_AMT"))).isEqualTo(16890L);
        assertThat(head.get(names.indexOf("GOODS_AMT"))).isEqualTo(18090L);
        assertThat(head.get(names.indexOf("ORDER_TIME"))).isEqualTo(LocalDateTime.of(2026, 11, 22, 10, 15, 30));
        assertThat(head.get(names.indexOf("RECV_CITY"))).isEqualTo("上海市");
        List<Object> line = MAPPING.values(MAPPING.detail(), order.items().get(0), 1);
        List<String> cols = MAPPING.detail().columnNames();
        assertThat(line.get(cols.indexOf("LINE_NO"))).isEqualTo(1);
        assertThat(line.get(cols.indexOf("QTY"))).isEqualTo(order.items().get(0).quantity());
        assertThat(line.get(cols.indexOf("AFTERSALE_STATUS"))).isEqualTo("0");
    }

    @Test
    void aPathThatNamesNoFieldOfTheModelFailsTheStart() throws IOException {
        String yaml;
        try (InputStream in = LegacyMapping.class.getClassLoader().getResourceAsStream(LegacyMapping.RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String broken = yaml.replace("{path: amounts.paid, type: fen}", "{path: amounts.payed, type: fen}");
        assertThat(broken).isNotEqualTo(yaml);
        assertThatThrownBy(() -> LegacyMapping.parse(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAY_AMT").hasMessageContaining("amounts.payed");
    }
}
