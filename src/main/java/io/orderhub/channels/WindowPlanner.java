package io.orderhub.channels;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which windows of modified time one poll run reads, from the stored cursor and the clocks; pure
 * arithmetic, no I/O.
 *
 * <ul>
 *   <li>Every window starts {@code overlap} before the cursor, so a change stamped a little before
 *       the previous window's end (a transaction that committed late) is read by the next one.</li>
 *   <li>No window ends closer than {@code lag} to the <em>platform's</em> clock (the hub's clock
 *       corrected by the skew seen in the platform's answers), taken once when the run starts: a
 *       change made while the run reads is stamped after the run's ceiling, so the cursor, which
 *       only moves to a window's end, never passes a change it has not read.</li>
 *   <li>A window is at most {@code maxWindow} long (a platform limit; {@code null}: one window up
 *       to the ceiling, for sources that only take a lower bound) and a run reads at most
 *       {@code maxWindows} of them, so a source far behind catches up over several runs.</li>
 *   <li>Window bounds are whole seconds, as the platforms take them.</li>
 * </ul>
 */
public final class WindowPlanner {

    /** One window of modified time, both ends inclusive on the platform's side. */
    public record Window(Instant from, Instant to) {
    }

    /**
     * The limits of one source.
     *
     * @param overlap    how far before the cursor a window starts
     * @param lag        how far behind the platform clock a window must end
     * @param maxWindow  the longest window, or {@code null} for a single window up to the ceiling
     * @param maxWindows the most windows one run reads
     */
    public record Limits(Duration overlap, Duration lag, Duration maxWindow, int maxWindows) {
        public Limits {
            Objects.requireNonNull(overlap, "overlap");
            Objects.requireNonNull(lag, "lag");
            if (overlap.isNegative() || lag.isNegative()) {
                throw new IllegalArgumentException("overlap and lag must not be negative");
            }
            // a window no longer than the overlap would end where it started: the cursor never moves
            if (maxWindow != null && maxWindow.compareTo(overlap) <= 0) {
                throw new IllegalArgumentException("the longest window (" + maxWindow + ") must exceed the overlap (" + overlap + ")");
            }
            if (maxWindows < 1) {
                throw new IllegalArgumentException("a run reads at least one window");
            }
        }
    }

    private WindowPlanner() {
    }

    /**
     * The windows of one run.
     *
     * @param cursor the stored cursor (end of the last window read completely), or {@code null}
     * @param start  where the first run starts when there is no cursor yet
     * @param hubNow the hub's clock when the run starts
     * @param skew   platform clock minus hub clock, as last seen in the platform's answers
     * @return the windows in order (empty: the cursor is already at the ceiling)
     */
    public static List<Window> plan(Instant cursor, Instant start, Instant hubNow, Duration skew, Limits limits) {
        Instant ceiling = ceiling(hubNow, skew, limits.lag());
        Instant c = cursor != null ? cursor : Objects.requireNonNull(start, "start");
        List<Window> windows = new ArrayList<>();
        while (windows.size() < limits.maxWindows() && c.isBefore(ceiling)) {
            Instant from = c.minus(limits.overlap()).truncatedTo(ChronoUnit.SECONDS);
            Instant to = limits.maxWindow() == null || from.plus(limits.maxWindow()).isAfter(ceiling)
                    ? ceiling : from.plus(limits.maxWindow());
            windows.add(new Window(from, to));
            c = to;
        }
        return windows;
    }

    /** The latest instant a window of this run may end at: platform clock minus lag, whole seconds. */
    public static Instant ceiling(Instant hubNow, Duration skew, Duration lag) {
        return hubNow.plus(skew == null ? Duration.ZERO : skew).minus(lag).truncatedTo(ChronoUnit.SECONDS);
    }
}
