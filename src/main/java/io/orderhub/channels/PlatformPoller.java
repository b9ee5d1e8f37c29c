package io.orderhub.channels;

import io.orderhub.intake.IntakeResult;
import io.orderhub.stores.NewStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the poll routes ({@code routes/platform/poll.camel.yaml}), each a short call that
 * returns: start a run, plan its windows, choose the paging order, fetch a page, count an outcome,
 * move a cursor, finish the run. The routes carry the flow; the sources ({@link PollSource}) know
 * their platform.
 *
 * <p>Guarantees: the cursor of a window moves to its end only after every page of it went through
 * the channel intake, so a run that fails mid-window leaves the cursor and the next run reads the
 * window again (repeats are duplicates to the intake); pages of a window are read last first when
 * the source orders by modified time, so a record that changes while we page leaves the window
 * from the end and no unread record slides onto a page already read; one run per channel at a time.
 */
public class PlatformPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformPoller.class);
    static final String CHANNEL = "pollChannel";
    static final String COUNTS = "pollCounts";
    static final String STARTED = "pollStarted";
    static final String WINDOW = "pollWindow";
    static final String FIRST_PAGE = "pollFirstPage";
    /** The polled channel of a parked record still to be read whole (exchange property, parked-message header). */
    static final String READ_WHOLE = "readWhole";

    private final List<PollSource> sources;
    private final NewStore cursors;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();

    /** How a channel's last poll run went, for health and people. */
    public record RunState(Instant lastRunAt, Instant lastSuccessAt, Map<String, Integer> lastCounts, String lastError) {
    }

    /** A platform that keeps failing (after the retries), answers with an error code, or a record that was not taken. */
    public static class PlatformException extends RuntimeException {
        public PlatformException(String message) {
            super(message);
        }

        public PlatformException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public PlatformPoller(List<PollSource> sources, NewStore cursors) {
        this.sources = List.copyOf(sources);
        this.cursors = cursors;
    }

    /** The cursor key of one channel's shop in the new store's poll_cursors table. */
    public static String cursorKey(String channel, String shopId) {
        return "channel:" + channel + ":" + shopId;
    }

    /** The last run of each polled channel. */
    public Map<String, RunState> runs() {
        return Map.copyOf(runs);
    }

    private PollSource source(String channel) {
        return sources.stream().filter(s -> s.polls(channel)).findFirst().orElseThrow(() -> new IllegalStateException(
                "channel " + channel + " is not polled (no orderhub.channels." + channel + ".poll and no other poll source)"));
    }

    // ---- run -------------------------------------------------------------------------------

    /** Starts a run of the channel named by the body; false when one is still going (this one is skipped). */
    public boolean begin(Exchange exchange) {
        String channel = exchange.getIn().getBody(String.class);
        source(channel);
        if (!running.add(channel)) {
            LOG.debug("poll of {} still running; this run is skipped", channel);
            return false;
        }
        exchange.setProperty(CHANNEL, channel);
        exchange.setProperty(COUNTS, new ConcurrentHashMap<String, Integer>());
        exchange.setProperty(STARTED, Instant.now());
        return true;
    }

    /** The windows of this run, across the channel's shops. */
    public List<PollSource.Window> plan(Exchange exchange) throws Exception {
        String channel = exchange.getProperty(CHANNEL, String.class);
        return source(channel).plan(channel, Instant.now());
    }

    /** The run went through: its counts are the answer, and the health shows them. */
    public Map<String, Integer> succeeded(Exchange exchange) {
        String channel = exchange.getProperty(CHANNEL, String.class);
        Map<String, Integer> counts = new TreeMap<>(counts(exchange));
        runs.put(channel, new RunState(exchange.getProperty(STARTED, Instant.class), exchange.getProperty(STARTED, Instant.class),
                Map.copyOf(counts), null));
        if (!counts.isEmpty()) {
            LOG.info("poll {}: {}", channel, counts);
        }
        return counts;
    }

    /** The run stopped: the health shows why; the caller (or the scheduled route's log) gets the failure. */
    public void failed(Exchange exchange) {
        String channel = exchange.getProperty(CHANNEL, String.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        PlatformException failure = platformFailure(channel, caught);
        RunState previous = runs.get(channel);
        runs.put(channel, new RunState(exchange.getProperty(STARTED, Instant.class),
                previous == null ? null : previous.lastSuccessAt(), Map.copyOf(counts(exchange)), failure.getMessage()));
        LOG.warn("poll {} stopped: {}; the next run starts again from the cursor", channel, failure.getMessage());
        throw failure;
    }

    /** The run is over, however it ended. */
    public void end(Exchange exchange) {
        running.remove(exchange.getProperty(CHANNEL, String.class));
    }

    private static PlatformException platformFailure(String channel, Throwable caught) {
        Throwable root = caught;
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof PlatformException p) {
                return p;
            }
            root = t;
        }
        return new PlatformException(channel + ": " + (root == null ? "failed" : root.getMessage()), caught);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counts(Exchange exchange) {
        Map<String, Integer> counts = exchange.getProperty(COUNTS, Map.class);
        return counts == null ? Map.of() : counts;
    }

    // ---- window ----------------------------------------------------------------------------

    /**
     * The page numbers of the window in the body, in reading order. The first page is fetched to
     * learn the total; when there is one page only, or the source pages forward, it is read as it
     * came; backward, the last page is read first and page 1 again at the end.
     */
    public List<Integer> pages(Exchange exchange) {
        PollSource.Window w = exchange.getIn().getBody(PollSource.Window.class);
        exchange.setProperty(WINDOW, w);
        exchange.setProperty("mapping", w.mapping());
        exchange.setProperty("shopId", w.shopId());
        exchange.setProperty("channel", w.shopChannel());
        exchange.setProperty("source", w.source());
        PollSource.Page first = source(w.channel()).fetch(w, 1);
        int pages = first.pages(w.pageSize());
        List<Integer> order = new ArrayList<>(pages);
        if (pages > 1 && w.backward()) {
            for (int p = pages; p >= 1; p--) {
                order.add(p);
            }
        } else {
            exchange.setProperty(FIRST_PAGE, first);
            for (int p = 1; p <= pages; p++) {
                order.add(p);
            }
        }
        return order;
    }

    /** The records of the page number in the body. */
    public List<Object> fetch(Exchange exchange) {
        PollSource.Window w = exchange.getProperty(WINDOW, PollSource.Window.class);
        int page = exchange.getIn().getBody(Integer.class);
        PollSource.Page first = exchange.getProperty(FIRST_PAGE, PollSource.Page.class);
        return page == 1 && first != null ? first.records() : source(w.channel()).fetch(w, page).records();
    }

    /** Every page of the window went through the intake: its cursor moves to the window's end. */
    public void windowDone(Exchange exchange) throws Exception {
        PollSource.Window w = exchange.getProperty(WINDOW, PollSource.Window.class);
        cursors.saveCursor(w.cursorKey(), w.to().toString());
    }

    /**
     * A record its source could not read whole: parked with the reason (the body becomes the listed
     * record), marked so that the re-drive reads it whole before it maps it.
     */
    public void unread(Exchange exchange) {
        PollSource.Unread u = exchange.getIn().getBody(PollSource.Unread.class);
        PollSource.Window w = exchange.getProperty(WINDOW, PollSource.Window.class);
        exchange.setProperty(ChannelIntake.NEEDS_ATTENTION, List.of(u.reason()));
        exchange.setProperty(READ_WHOLE, w.channel());
        exchange.getIn().setBody(u.record());
    }

    /**
     * A parked record being re-driven that its poll could not read whole: read whole now (the body
     * becomes the whole record). Fails with a PlatformException when the platform still will not
     * give it, and the re-drive parks it again with that reason.
     */
    public void readWhole(Exchange exchange) {
        String channel = exchange.getProperty(READ_WHOLE, String.class);
        Object whole = source(channel).readWhole(channel, exchange.getProperty("shopId", String.class), exchange.getIn().getBody());
        exchange.getIn().setBody(whole);
        exchange.removeProperty(READ_WHOLE);
    }

    /** Counts how the record went: the intake's outcome, or NEEDS_ATTENTION when it was parked. */
    public void count(Exchange exchange) {
        Object result = exchange.getIn().getBody();
        counts(exchange).merge(result instanceof IntakeResult r ? r.outcome().name() : "NEEDS_ATTENTION", 1, Integer::sum);
    }
}
