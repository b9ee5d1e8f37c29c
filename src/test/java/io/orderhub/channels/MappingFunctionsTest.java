package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact money functions JSONata mappings compute with. Expected figures are worked by hand;
 * the doubles quoted are what JSONata's own arithmetic gives (1.1 * 3 = 3.3000000000000003).
 */
class MappingFunctionsTest {

    @Test
    void computesExactly() {
        assertThat(MappingFunctions.mul("1.10", 3L)).isEqualByComparingTo("3.30");
        assertThat(MappingFunctions.add("0.70", "0.10")).isEqualByComparingTo("0.80");
        assertThat(MappingFunctions.sub("0.80", MappingFunctions.add("0.70", "0.10")).signum()).isZero();
        assertThat(MappingFunctions.div("3.30", 3L)).isEqualByComparingTo("1.10");
        assertThat(MappingFunctions.total(Arrays.asList("2.60", "19.89", "", null))).isEqualByComparingTo("22.49");
        assertThat(MappingFunctions.fen(2249L)).isEqualTo(new BigDecimal("22.49"));
        assertThat(MappingFunctions.fen(1L)).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void moneyKeepsEveryDigitAndOnlyPads() {
        assertThat(MappingFunctions.money("3.3")).isEqualTo(new BigDecimal("3.30"));
        assertThat(MappingFunctions.money("3.300")).isEqualTo(new BigDecimal("3.30"));
        assertThat(MappingFunctions.money(89L)).isEqualTo(new BigDecimal("89.00"));
        // the old $money rounded this to 10.00 without a word
        assertThat(MappingFunctions.money("9.995")).isEqualTo(new BigDecimal("9.995"));
    }

    @Test
    void refusesWhatIsNotExact() {
        assertThatThrownBy(() -> MappingFunctions.money(3.3000000000000003d))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floating-point");
        assertThatThrownBy(() -> MappingFunctions.div("10.00", 3L))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("no exact decimal value");
        assertThatThrownBy(() -> MappingFunctions.mul("1.10", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMappingSeesThePlatformsDecimalsAndComputesExactly() {
        Object input = ChannelMappings.parse("{\"price\": 1.10, \"qty\": 3, \"d\": [0.70, 0.10]}".getBytes(StandardCharsets.UTF_8));
        Jsonata j = Jsonata.jsonata("{\"line\": $money($mul(price, qty)), \"disc\": $money($total(d)),"
                + " \"double\": price * qty}");
        MappingFunctions.register(j);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> out = (java.util.Map<String, Object>) j.evaluate(input);
        assertThat(out.get("line")).isEqualTo(new BigDecimal("3.30"));
        assertThat(out.get("disc")).isEqualTo(new BigDecimal("0.80"));
        // what the mapping would have had with JSONata's arithmetic
        assertThat(out.get("double")).isEqualTo(3.3000000000000003d);
        assertThatThrownBy(() -> MappingFunctions.money(out.get("double"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(MappingFunctions.time("2026-11-22 16:40:46"), MappingFunctions.time("2026-11-22T16:40:46.000+08:00"),
                MappingFunctions.time(1795336846L))).containsOnly("2026-11-22T16:40:46+08:00");
    }
}
