package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.support.Samples;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * createdAt is bounded: not before the horizon (default 2000-01-01), not more than a day ahead;
 * and an id carries every accepted creation time exactly.
 */
class CreatedAtBoundsTest {

    private static List<FieldError> validate(Instant createdAt) {
        try {
            CanonicalOrderReader.read(Samples.set(Samples.set(Samples.fresh(), "createdAt", createdAt.toString()),
                    "platformModifiedAt", createdAt.toString()).toString());
            return List.of();
        } catch (InvalidOrderException e) {
            return e.errors();
        }
    }

    @Test
    void ordersBeforeTheHorizonOrMoreThanADayAheadAreRefusedNamingCreatedAt() {
        for (Instant t : List.of(Instant.parse("1969-12-31T23:59:59Z"), Instant.parse("1999-12-31T23:59:59.999Z"),
                Instant.now().plus(2, ChronoUnit.DAYS))) {
            assertThat(validate(t)).as(t.toString()).extracting(FieldError::field).containsExactly("createdAt");
        }
    }

    @Test
    void theHorizonItselfAndTodayAreAccepted() {
        assertThat(validate(Instant.parse("2000-01-01T00:00:00Z"))).isEmpty();
        assertThat(validate(Instant.now().plus(12, ChronoUnit.HOURS))).isEmpty();
    }

    @Test
    void theHorizonDateRoundTripsThroughTheId() {
        Instant horizon = Instant.parse("2000-01-01T00:00:00Z");
        UUID id = OrderIds.newId(horizon);
        // RFC 9562 UUIDv7: the first 48 bits are the Unix time in ms, 946684800000 = 0x00DC6ACFAC00
        assertThat(id.toString()).startsWith("00dc6acf-ac00-7");
        assertThat(OrderIds.createdAt(id)).isEqualTo(horizon);
        assertThat(OrderIds.month(id)).isEqualTo(YearMonth.of(2000, 1));
    }

    @Test
    void anInstantAUuidV7CannotCarryIsRefusedInsteadOfComingBackAsAnotherTime() {
        assertThatThrownBy(() -> OrderIds.newId(Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderValidator.createdAtHorizon(Instant.parse("1969-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
