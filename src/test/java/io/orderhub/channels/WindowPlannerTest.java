package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.channels.WindowPlanner.Limits;
import io.orderhub.channels.WindowPlanner.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window planning by hand-worked examples: cursor, overlap, lag, longest window, platform clock, windows per run. */
class WindowPlannerTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00.750Z");
    static final Limits TAOBAO = new Limits(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofHours(1), 48);

    static Instant t(String hms) {
        return Instant.parse("2026-11-22T" + hms + "Z");
    }

    @Test
    void aWindowStartsOverlapBeforeTheCursorAndEndsLagBehindThePlatformClockInWholeSeconds() {
        List<Window> w = WindowPlanner.plan(t("09:40:00"), null, NOW, Duration.ZERO, TAOBAO);
        assertThat(w).containsExactly(new Window(t("09:38:00"), t("09:57:00")));
    }

    @Test
    void aCursorFarBehindIsReadInWindowsOfAtMostTheLongestEachStartingOverlapBeforeTheLastEnd() {
        List<Window> w = WindowPlanner.plan(t("07:00:00"), null, NOW, Duration.ZERO, TAOBAO);
        assertThat(w).containsExactly(
                new Window(t("06:58:00"), t("07:58:00")),
                new Window(t("07:56:00"), t("08:56:00")),
                new Window(t("08:54:00"), t("09:54:00")),
                new Window(t("09:52:00"), t("09:57:00")));
    }

    @Test
    void aRunReadsAtMostItsWindowsAndTheNextRunGoesOnFromTheLastEnd() {
        Limits two = new Limits(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofHours(1), 2);
        List<Window> first = WindowPlanner.plan(t("05:00:00"), null, NOW, Duration.ZERO, two);
        assertThat(first).extracting(Window::to).containsExactly(t("05:58:00"), t("06:56:00"));
        List<Window> next = WindowPlanner.plan(first.get(1).to(), null, NOW, Duration.ZERO, two);
        assertThat(next.get(0).from()).isEqualTo(t("06:54:00"));
    }

    @Test
    void thePlatformsClockDecidesTheCeiling() {
        // the platform's clock is 90 s behind the hub's: the window ends 3 minutes behind the platform
        List<Window> behind = WindowPlanner.plan(t("09:40:00"), null, NOW, Duration.ofSeconds(-90), TAOBAO);
        assertThat(behind).extracting(Window::to).containsExactly(t("09:55:30"));
        List<Window> ahead = WindowPlanner.plan(t("09:40:00"), null, NOW, Duration.ofSeconds(45), TAOBAO);
        assertThat(ahead).extracting(Window::to).containsExactly(t("09:57:45"));
    }

    @Test
    void aCursorAtOrPastTheCeilingPlansNothing() {
        assertThat(WindowPlanner.plan(t("09:57:00"), null, NOW, Duration.ZERO, TAOBAO)).isEmpty();
        assertThat(WindowPlanner.plan(t("09:59:00"), null, NOW, Duration.ZERO, TAOBAO)).isEmpty();
    }

    @Test
    void withoutACursorTheFirstRunStartsAtTheGivenStart() {
        List<Window> w = WindowPlanner.plan(null, t("09:30:00"), NOW, Duration.ZERO, TAOBAO);
        assertThat(w).containsExactly(new Window(t("09:28:00"), t("09:57:00")));
    }

    @Test
    void anOpenSourceReadsOneWindowUpToTheCeiling() {
        // the legacy CRM's QueryOrdersSince takes only a lower bound: one window, however far behind
        Limits open = new Limits(Duration.ofMinutes(2), Duration.ofMinutes(2), null, 1);
        List<Window> w = WindowPlanner.plan(Instant.parse("2000-01-01T00:00:00Z"), null, NOW, Duration.ZERO, open);
        assertThat(w).containsExactly(new Window(Instant.parse("1999-12-31T23:58:00Z"), t("09:58:00")));
    }

    @Test
    void pinduoduoWindowsAreAtMostThirtyMinutes() {
        Limits pdd = new Limits(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(30), 48);
        List<Window> w = WindowPlanner.plan(t("08:57:00"), null, NOW, Duration.ZERO, pdd);
        assertThat(w).allSatisfy(x -> assertThat(Duration.between(x.from(), x.to())).isLessThanOrEqualTo(Duration.ofMinutes(30)));
        assertThat(w.get(w.size() - 1).to()).isEqualTo(t("09:57:00"));
        for (int i = 1; i < w.size(); i++) {
            assertThat(w.get(i).from()).as("overlap with the window before").isEqualTo(w.get(i - 1).to().minus(Duration.ofMinutes(2)));
        }
    }

    @Test
    void limitsThatCannotMakeProgressAreRefused() {
        assertThatThrownBy(() -> new Limits(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(2), 48))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new Limits(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofHours(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(Duration.ofMinutes(2), Duration.ofMinutes(-1), Duration.ofHours(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
