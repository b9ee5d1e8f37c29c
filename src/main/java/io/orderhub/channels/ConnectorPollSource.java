package io.orderhub.channels;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orderhub.stores.NewStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The platform channels polled through a connector ({@code connectors/<name>/connector.yaml}) with
 * settings in {@code orderhub.channels.<channel>.poll}: one cursor per channel and shop, windows
 * planned by {@link WindowPlanner} with the connector's limits (the channel may override them), pages
 * fetched by {@link PlatformTransport}.
 */
final class ConnectorPollSource implements PollSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorPollSource.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Map<String, ChannelSettings> channels;
    private final List<String> connectorLocations;
    private final NewStore cursors;
    private final PlatformTransport transport;
    private final Map<String, Connector> connectors = new ConcurrentHashMap<>();

    ConnectorPollSource(Map<String, ChannelSettings> channels, List<String> connectorLocations, NewStore cursors) {
        this(channels, connectorLocations, cursors, new PlatformTransport());
    }

    ConnectorPollSource(Map<String, ChannelSettings> channels, List<String> connectorLocations, NewStore cursors,
                        PlatformTransport transport) {
        this.transport = transport;
        this.channels = channels;
        this.connectorLocations = connectorLocations;
        this.cursors = cursors;
    }

    @Override
    public boolean polls(String channel) {
        ChannelSettings s = channels.get(channel);
        return s != null && s.poll() != null;
    }

    @Override
    public List<Window> plan(String name, Instant hubNow) throws SQLException {
        ChannelSettings settings = channels.get(name);
        ChannelSettings.Poll p = settings.poll();
        Connector c = connector(p.connector());
        Connector.Limits l = c.limits();
        WindowPlanner.Limits limits = new WindowPlanner.Limits(or(p.overlap(), l.overlap()), or(p.lag(), l.lag()),
                or(p.maxWindow(), l.maxWindow()), p.maxWindowsPerRun() == null ? 48 : p.maxWindowsPerRun());
        int size = p.pageSize() != null ? p.pageSize() : l.pageSize();
        List<Window> windows = new ArrayList<>();
        for (ChannelSettings.Shop shop : settings.shops()) {
            if (blank(shop.appKey()) || blank(shop.secret())) {
                LOG.debug("{} shop {} has no app key or secret; not polled", name, shop.id());
                continue;
            }
            String key = PlatformPoller.cursorKey(name, shop.id());
            Instant cursor = cursors.cursor(key).map(Instant::parse).orElse(null);
            Instant start = hubNow.minus(or(p.initialLookBack(), Duration.ofDays(1)));
            for (WindowPlanner.Window w : WindowPlanner.plan(cursor, start, hubNow, transport.skew(c.name()), limits)) {
                windows.add(new Window(name, key, settings.mappingOr(name), shop.id(), shop.channel(), w.from(), w.to(),
                        size, "backward".equals(l.paging())));
            }
        }
        return windows;
    }

    @Override
    public Page fetch(Window w, int page) {
        ChannelSettings settings = channels.get(w.channel());
        ChannelSettings.Shop shop = settings.shops().stream().filter(s -> s.id().equals(w.shopId())).findFirst()
                .orElseThrow(() -> new IllegalStateException(w.channel() + " has no shop " + w.shopId()));
        Connector c = connector(settings.poll().connector());
        JsonNode answer = transport.page(c, settings.poll(), shop, w.from(), w.to(), page, w.pageSize());
        List<Object> records = new ArrayList<>();
        for (JsonNode row : answer.at(c.response().orders())) {
            records.add(c.detail() == null ? row : whole(c, settings.poll(), shop, row));
        }
        return new Page(page, answer.at(c.response().total()).asLong(0), records);
    }

    @Override
    public Object readWhole(String channel, String shopId, Object record) {
        ChannelSettings settings = channels.get(channel);
        ChannelSettings.Shop shop = settings.shops().stream().filter(s -> s.id().equals(shopId)).findFirst()
                .orElseThrow(() -> new PlatformPoller.PlatformException(channel + " has no shop " + shopId));
        Connector c = connector(settings.poll().connector());
        if (c.detail() == null) {
            return record;
        }
        // the parked text of the listed row, read as strictly as the platform's answer was
        byte[] bytes = record instanceof byte[] b ? b : String.valueOf(record).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode row = PlatformTransport.read(c.name() + " parked record", bytes, c.limits().maxAnswerBytesOr());
        Object whole = whole(c, settings.poll(), shop, row);
        if (whole instanceof Unread u) {
            throw new PlatformPoller.PlatformException(u.reason());
        }
        return whole;
    }

    /**
     * A listed row read whole with the connector's detail API, unwrapped to the order so the
     * channel's mapping reads the list's shape. A platform that keeps failing stops the run (the
     * cursor stays, the next run reads the window again); a platform that refuses this one order, or
     * answers it unreadably, parks the listed row with the reason ({@link Unread}) and the window
     * goes on: one order the platform will not give never holds up every later order of the shop.
     */
    private Object whole(Connector c, ChannelSettings.Poll poll, ChannelSettings.Shop shop, JsonNode row) {
        Connector.Detail d = c.detail();
        String field = d.idField() != null ? d.idField() : c.response().orderId();
        String id = row.path(field).asText("");
        if (id.isEmpty()) {
            return new Unread(row, c.name() + ": listed record has no " + field + " to read it whole with " + d.name());
        }
        try {
            JsonNode order = transport.detail(c, poll, shop, id).at(d.record());
            if (!order.isObject()) {
                return new Unread(row, c.name() + " " + d.name() + " for " + field + " " + id + " answered without " + d.record());
            }
            return order;
        } catch (PlatformTransport.Refused e) {
            return new Unread(row, e.getMessage() + " (" + d.name() + " for " + field + " " + id
                    + "; the listed record, which lacks the order's details, is kept here)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    Connector connector(String name) {
        return connectors.computeIfAbsent(name, n -> {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            for (String location : connectorLocations) {
                String base = location.endsWith("/") ? location : location + "/";
                try {
                    for (Resource r : resolver.getResources(base + n + "/connector.yaml")) {
                        try (InputStream in = r.getInputStream()) {
                            return YAML.readValue(in, Connector.class);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read connector " + n + ": " + e.getMessage(), e);
                }
            }
            throw new IllegalStateException("no connector " + n + " (connectors/" + n + "/connector.yaml) in " + connectorLocations);
        });
    }
}
