package io.orderhub.channels;

import java.time.Instant;
import java.util.List;

/**
 * A source the poll routes read in windows of modified time ({@code routes/platform/poll.camel.yaml}):
 * the platform APIs described by connectors, the legacy CRM's QueryOrdersSince. It plans a run's
 * windows from its stored cursors and fetches one page of a window; the routes do the rest (paging
 * order, split, channel intake, cursor).
 */
public interface PollSource {

    /** Whether this source reads the named channel. */
    boolean polls(String channel);

    /** The windows of one run, in order, across the channel's shops (empty: nothing to read now). */
    List<Window> plan(String channel, Instant hubNow) throws Exception;

    /** One page of a window (1-based), with the window's total count as the source reports it. */
    Page fetch(Window window, int page);

    /**
     * A listed record of the channel's shop read whole again (the re-drive of one parked as
     * {@link Unread}); the record as it is when the source has nothing more to read.
     */
    default Object readWhole(String channel, String shopId, Object record) {
        return record;
    }

    /**
     * One window to read completely before its cursor moves to {@code to}.
     *
     * @param channel     the polled channel (route, health and counts)
     * @param cursorKey   the row in poll_cursors
     * @param mapping     the mapping folder of its records
     * @param shopId      the shop whose records these are (null: the mapping takes it from the record)
     * @param shopChannel the shop's own canonical channel (null: the mapping's)
     * @param backward    read the last page first
     */
    record Window(String channel, String cursorKey, String mapping, String shopId, String shopChannel,
                  Instant from, Instant to, int pageSize, boolean backward) {

        /** Where its records come from, for people reading the needs-attention queue. */
        public String source() {
            return "poll " + channel + (shopId == null ? "" : " shop " + shopId) + " window " + from + " – " + to;
        }
    }

    /**
     * A listed record that could not be read whole (the platform refused its detail call, or
     * answered it unreadably): the poll parks {@code record} with {@code reason} instead of taking
     * an incomplete order, and the window goes on.
     */
    record Unread(Object record, String reason) {
    }

    /**
     * One page: its number, the window's total as reported with it, and the records (JSON trees or
     * XML text, or {@link Unread} for one the source could not read whole).
     */
    record Page(int number, long total, List<Object> records) {

        /** How many pages of {@code size} the reported total makes (at least one). */
        public int pages(int size) {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }
}
