package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderIdsTest {

    @Test
    void idCarriesCreationTimeAndMonth() {
        Instant created = Instant.parse("2024-02-29T23:59:59.123Z");
        UUID id = OrderIds.newId(created);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(OrderIds.createdAt(id)).isEqualTo(created);
        assertThat(OrderIds.month(id)).isEqualTo(YearMonth.of(2024, 2));
    }

    @Test
    void monthIsTheUtcMonth() {
        // 00:30 on 1 Dec in Shanghai is still November in UTC
        UUID id = OrderIds.newId(Instant.parse("2026-11-30T16:30:00Z"));
        assertThat(OrderIds.month(id)).isEqualTo(YearMonth.of(2026, 11));
    }

    @Test
    void idsOfOneMillisecondAreUniqueAndSortByTime() {
        Instant t = Instant.parse("2026-11-22T00:00:00Z");
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(OrderIds.newId(t));
        }
        assertThat(ids).hasSize(100_000);
        UUID earlier = OrderIds.newId(t);
        UUID later = OrderIds.newId(t.plusMillis(1));
        assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
    }

    @Test
    void parseAcceptsOnlyHubIds() {
        UUID id = OrderIds.newId(Instant.now());
        assertThat(OrderIds.parse(id.toString())).isEqualTo(id);
        assertThat(OrderIds.parse(UUID.randomUUID().toString())).isNull();
        assertThat(OrderIds.parse("not-an-id")).isNull();
        assertThatThrownBy(() -> OrderIds.createdAt(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
