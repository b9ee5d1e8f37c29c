package io.orderhub.legacycrm;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.orderhub.channels.PlatformPoller;
import io.orderhub.channels.PollSource;
import io.orderhub.channels.WindowPlanner;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.OrderInfo;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.QueryOrdersSinceResponse;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.xml.ws.WebServiceException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy CRM as a polled channel: the orders it took itself, read with QueryOrdersSince over
 * SOAP, each handed to the channel intake as its {@code <Order>} XML for the data mapping in
 * {@code mappings/legacy-crm/}.
 *
 * <p>Why nothing is missed. The contract has only a lower bound (Since) and answers rows ordered by
 * update time, then order number, in numbered pages. Read forward, a row updated while we page
 * jumps to the end, every row behind it moves up one place, and the first row of the next page
 * slides onto a page already read: missed, and missed for good once the cursor moves past it. So:
 * <ul>
 *   <li>the pages are read last first: a row that moves to the end while we page only shifts rows
 *       we have already read toward the front (read twice, not missed), and the rows not yet read
 *       keep their places;</li>
 *   <li>the row that moved is not in the pages we still read, but its new update time is after this
 *       run's ceiling (legacy clock − lag, fixed when the run starts), and the cursor only ever moves
 *       to that ceiling, never to the newest row seen, so the next run reads it;</li>
 *   <li>the next window starts {@code overlap} before the cursor, and the lag covers transactions
 *       that commit late with an earlier update time; rows read more than once are duplicates to
 *       the intake.</li>
 * </ul>
 * The cursor is kept in poll_cursors under {@code legacy-crm} as an ISO instant (a value in the
 * older {@code yyyyMMddHHmmss} legacy-local form is still read).
 *
 * <p>No echo. The hub writes orders into the old store too (it is the legacy CRM's database), and
 * QueryOrdersSince answers those rows like any other. For every order it writes, the hub keeps a
 * HUB_ORDER_DOC row with the head row's UPDATE_TIME and VERSION_NO as it wrote them; a polled order
 * whose head row still carries exactly both was last written by the hub and is skipped here,
 * before the intake: counted in {@code orderhub.legacy.poll.echoes}, logged at debug. One query per
 * page, by the page's order numbers, read right after the page (the answer's UpdateTime is the
 * business time, PLAT_MODIFY_TIME when set, so it cannot tell the two apart). A row the legacy CRM
 * changed after the hub's write (its UPDATE_TIME or VERSION_NO moved) is taken in as before; one
 * the legacy CRM changed and the hub wrote again between the page and the query is skipped, which
 * is right: the hub's write is the newer one.
 */
public class LegacyCrmPollSource implements PollSource {

    /** The channel name of the route, the mapping folder and the cursor key. */
    public static final String CHANNEL = "legacy-crm";
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final QName ORDER = new QName("http://ws.crm.legacy/pos/2012", "Order");
    private static final JAXBContext JAXB = context();
    private static final Logger LOG = LoggerFactory.getLogger(LegacyCrmPollSource.class);

    private final io.orderhub.stores.NewStore cursors;
    private final ZoneId zone;
    private final String start;
    private final WindowPlanner.Limits limits;
    private final int pageSize;
    private final RetryConfig retry;
    private volatile PosCrm crm;
    private DataSource oldStore;
    private Counter echoes;

    public LegacyCrmPollSource(io.orderhub.stores.NewStore cursors, ZoneId zone, String start, Duration lag, Duration overlap,
                               int pageSize, int retries, Duration backoff) {
        this.cursors = cursors;
        this.zone = zone;
        this.start = start;
        // one open window per run: the contract has no upper bound to cut it by
        this.limits = new WindowPlanner.Limits(overlap, lag, null, 1);
        this.pageSize = pageSize;
        this.retry = RetryConfig.custom()
                .maxAttempts(retries + 1)
                .retryOnException(e -> e instanceof WebServiceException)
                .intervalFunction(io.github.resilience4j.core.IntervalFunction.ofExponentialBackoff(backoff, 2.0, Duration.ofSeconds(10)))
                .build();
    }

    /**
     * Skips the hub's own writes (echoes) by the HUB_ORDER_DOC rows of {@code oldStore}, the legacy
     * CRM's database, counting them in {@code orderhub.legacy.poll.echoes}. Without it every polled
     * order goes to the intake.
     */
    public void skipEchoes(DataSource oldStore, MeterRegistry meters) {
        this.oldStore = oldStore;
        this.echoes = Counter.builder("orderhub.legacy.poll.echoes")
                .description("legacy CRM orders polled back that the hub itself wrote last, not taken in again")
                .register(meters);
    }

    /** Points the poll at the legacy CRM's POS endpoint (blank: the legacy CRM is not polled). */
    public void useLegacyCrm(String url) {
        useLegacyCrm(url, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** As {@link #useLegacyCrm(String)}, with the client's connect and read time-outs. */
    public void useLegacyCrm(String url, Duration connectTimeout, Duration readTimeout) {
        if (url == null || url.isBlank()) {
            crm = null;
            return;
        }
        crm = io.orderhub.soap.LegacyCrmClients.create(url, connectTimeout, readTimeout);
    }

    /** The client in use (null when the legacy CRM is not polled). */
    public PosCrm client() {
        return crm;
    }

    @Override
    public boolean polls(String channel) {
        return CHANNEL.equals(channel);
    }

    @Override
    public List<Window> plan(String channel, Instant hubNow) throws SQLException {
        if (crm == null) {
            return List.of();
        }
        Instant cursor = cursors.cursor(CHANNEL).map(this::instant).orElse(null);
        List<Window> windows = new ArrayList<>();
        for (WindowPlanner.Window w : WindowPlanner.plan(cursor, instant(start), hubNow, Duration.ZERO, limits)) {
            windows.add(new Window(CHANNEL, CHANNEL, CHANNEL, null, null, w.from(), w.to(), pageSize, true));
        }
        return windows;
    }

    @Override
    public Page fetch(Window w, int page) {
        PosCrm client = Optional.ofNullable(crm).orElseThrow(() -> new PlatformPoller.PlatformException("no legacy CRM URL"));
        QueryOrdersSinceRequest r = new QueryOrdersSinceRequest();
        r.setSince(TS14.format(w.from().atZone(zone)));
        r.setPageNo(page);
        r.setPageSize(w.pageSize());
        QueryOrdersSinceResponse res;
        try {
            res = Retry.decorateCheckedSupplier(Retry.of("legacy-crm", retry), () -> client.queryOrdersSince(r)).get();
        } catch (CrmFault_Exception e) {
            throw new PlatformPoller.PlatformException("legacy CRM refused QueryOrdersSince: " + e.getMessage(), e);
        } catch (WebServiceException e) {
            throw new PlatformPoller.PlatformException("legacy CRM is unreachable: " + e.getMessage(), e);
        } catch (Throwable e) {
            throw new PlatformPoller.PlatformException("legacy CRM QueryOrdersSince failed: " + e.getMessage(), e);
        }
        Map<String, LocalDateTime> hubWritten = hubWritten(res.getOrder());
        List<Object> records = new ArrayList<>();
        for (OrderInfo o : res.getOrder()) {
            LocalDateTime hubWrite = hubWritten.get(o.getOrderNo());
            if (hubWrite != null) {
                echoes.increment();
                LOG.debug("legacy CRM order {} skipped: the hub wrote it last (UPDATE_TIME {})", o.getOrderNo(), hubWrite);
                continue;
            }
            records.add(xml(o));
        }
        return new Page(page, res.getTotalCount(), records);
    }

    /**
     * Of the page's orders, those whose head row still carries the UPDATE_TIME and VERSION_NO the
     * hub last wrote (HUB_ORDER_DOC): order number to that UPDATE_TIME.
     */
    private Map<String, LocalDateTime> hubWritten(List<OrderInfo> orders) {
        if (oldStore == null || orders.isEmpty()) {
            return Map.of();
        }
        List<String> nos = orders.stream().map(OrderInfo::getOrderNo).distinct().toList();
        String sql = "SELECT d.ORDER_NO, d.HUB_UPDATE_TIME FROM HUB_ORDER_DOC d"
                + " JOIN CRM_ORDER_HEAD h ON h.ORDER_NO = d.ORDER_NO"
                + " WHERE d.ORDER_NO IN (" + String.join(", ", Collections.nCopies(nos.size(), "?")) + ")"
                + " AND h.UPDATE_TIME = d.HUB_UPDATE_TIME AND h.VERSION_NO = d.HUB_VERSION_NO";
        Map<String, LocalDateTime> out = new HashMap<>();
        try (Connection c = oldStore.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < nos.size(); i++) {
                ps.setString(i + 1, nos.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getObject(2, LocalDateTime.class));
                }
            }
        } catch (SQLException e) {
            // the run stops before the cursor moves and reads the window again next time
            throw new IllegalStateException("could not read the hub's own writes (HUB_ORDER_DOC) from the old store: "
                    + e.getMessage(), e);
        }
        return out;
    }

    /** A cursor value: an ISO instant, or the legacy local yyyyMMddHHmmss the first version stored. */
    private Instant instant(String value) {
        return value.matches("[0-9]{14}") ? LocalDateTime.parse(value, TS14).atZone(zone).toInstant() : Instant.parse(value);
    }

    /** One legacy order as the contract writes it: {@code <Order xmlns="http://ws.crm.legacy/pos/2012">}. */
    static String xml(OrderInfo o) {
        try {
            StringWriter w = new StringWriter();
            Marshaller m = JAXB.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            m.marshal(new JAXBElement<>(ORDER, OrderInfo.class, o), w);
            return w.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(OrderInfo.class);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }
}
