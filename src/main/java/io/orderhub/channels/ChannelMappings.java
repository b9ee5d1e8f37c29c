package io.orderhub.channels;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every channel's declarative mapping, read from {@code mappings/<channel>/channel.yaml} under each
 * mapping location, compiled once, and the master data they share.
 *
 * <p>A mapping turns one platform record into canonical order JSON. It may leave the master-data
 * parts to this class, which fills them the same way for every channel:
 * <ul>
 *   <li>{@code _status}: a platform status key, looked up in the channel's {@code status} table
 *       (canonical status and hold flag);</li>
 *   <li>{@code items[]._afterSale}: a platform refund status, looked up in {@code afterSale};</li>
 *   <li>{@code items[].hubSku} left out: looked up from {@code channelSku} in {@code skus.csv};</li>
 *   <li>{@code shippingAddress.*Code} left out: looked up from the names in {@code regions.csv};</li>
 *   <li>{@code _buyerId}: the platform buyer, looked up in {@code identities.csv} for
 *       {@code member.unionId}.</li>
 * </ul>
 * A code that cannot be resolved makes the record unmappable (every reason at once); nothing is
 * defaulted. JSONata mappings get {@code $shop} ({@code id}, {@code channel}) and the helpers
 * {@code $money(x)} (a decimal string with 2 places) and {@code $time(x)} (platform local time
 * "yyyy-MM-dd HH:mm:ss" in the channel's zone, epoch seconds or ISO-8601 → ISO-8601 with offset).
 */
public final class ChannelMappings {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelMappings.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    /** Platform payloads: decimals as doubles for JSONata arithmetic; $money rounds them back to cents. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSS]");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{9,13}");

    private final List<String> locations;
    private volatile State state;

    /** Who a record came from: the shop's id and its canonical channel (null: the mapping's own). */
    public record Shop(String id, String channel) {
    }

    /** One compiled channel. */
    public record Channel(ChannelDefinition definition, Mapper mapper) {
    }

    /** A compiled mapping: a platform record (JSON tree, or XML text) to a canonical draft. */
    public interface Mapper {
        JsonNode apply(Object record, Shop shop);
    }

    private record State(Map<String, Channel> channels, MasterData master) {
    }

    /**
     * @param locations mapping roots, e.g. {@code classpath*:mappings/} and {@code file:/etc/orderhub/mappings/}
     */
    public ChannelMappings(List<String> locations) {
        this.locations = locations.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s : s + "/").toList();
        reload();
    }

    /** Reads every channel descriptor, mapping and master-data table again (after a table was fixed). */
    public synchronized void reload() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Map<String, Channel> channels = new LinkedHashMap<>();
        List<Resource> tables = new ArrayList<>();
        try {
            for (String location : locations) {
                for (Resource r : sorted(resolver.getResources(location + "*/channel.yaml"))) {
                    Channel c = compile(r);
                    if (channels.putIfAbsent(c.definition().name(), c) != null) {
                        throw new IllegalStateException("channel " + c.definition().name() + " is defined twice: "
                                + r.getDescription());
                    }
                }
                for (String table : List.of("skus.csv", "regions.csv", "identities.csv")) {
                    tables.addAll(sorted(resolver.getResources(location + "**/" + table)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mappings from " + locations + ": " + e.getMessage(), e);
        }
        MasterData master = MasterData.read(tables);
        state = new State(Map.copyOf(channels), master);
        LOG.info("channel mappings: {} from {}; master data: {}", channels.keySet(), locations, master.summary());
    }

    private static List<Resource> sorted(Resource[] found) {
        Resource[] copy = found.clone();
        Arrays.sort(copy, Comparator.comparing(r -> String.valueOf(r.getDescription())));
        return List.of(copy);
    }

    private static Channel compile(Resource descriptor) throws IOException {
        ChannelDefinition d;
        try (InputStream in = descriptor.getInputStream()) {
            d = YAML.readValue(in, ChannelDefinition.class);
        }
        String folder = folderOf(descriptor);
        if (d.name() != null && !d.name().equals(folder)) {
            throw new IllegalStateException(descriptor.getDescription() + ": name " + d.name() + " is not its folder " + folder);
        }
        if (d.channel() == null || d.sourceSystem() == null || d.format() == null || d.mapping() == null) {
            throw new IllegalStateException(descriptor.getDescription() + " needs channel, sourceSystem, format and mapping");
        }
        d = new ChannelDefinition(folder, d.description(), d.channel(), d.sourceSystem(), d.legacySourceCode(),
                d.format(), d.mapping(), d.status() == null ? Map.of() : d.status(),
                d.afterSale() == null ? Map.of() : d.afterSale(), d.csv(), d.xml());
        Resource file = descriptor.createRelative(d.mapping());
        String text;
        try (InputStream in = file.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Mapper mapper = d.mapping().endsWith(".xsl") || d.mapping().endsWith(".xslt")
                ? xslt(text, file) : jsonata(text, file);
        return new Channel(d, mapper);
    }

    private static String folderOf(Resource r) throws IOException {
        String url = r.getURL().toString();
        String dir = url.substring(0, url.lastIndexOf('/'));
        return dir.substring(dir.lastIndexOf('/') + 1);
    }

    // ---- compiled mappings ------------------------------------------------------------------

    private static Mapper jsonata(String text, Resource file) {
        Jsonata.jsonata(text); // fail at start-up on a syntax error, naming the file
        // a compiled expression keeps evaluation state: one per thread
        ThreadLocal<Jsonata> compiled = ThreadLocal.withInitial(() -> {
            Jsonata j = Jsonata.jsonata(text);
            j.registerFunction("money", (Jsonata.Fn1<Object, String>) ChannelMappings::money);
            j.registerFunction("time", (Jsonata.Fn1<Object, String>) ChannelMappings::time);
            return j;
        });
        return (record, shop) -> {
            Jsonata j = compiled.get();
            Jsonata.Frame frame = j.createFrame();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", shop.id());
            s.put("channel", shop.channel());
            frame.bind("shop", s);
            Object input = record instanceof JsonNode n ? JSON.convertValue(n, Object.class) : record;
            try {
                Object out = j.evaluate(input, frame);
                return out == null ? null : JSON.valueToTree(out);
            } catch (JException | IllegalArgumentException e) {
                throw new UnmappableOrderException(List.of("mapping " + file.getFilename() + " failed: " + e.getMessage()));
            }
        };
    }

    private static Mapper xslt(String text, Resource file) {
        Templates templates;
        try {
            TransformerFactory f = TransformerFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            templates = f.newTemplates(new StreamSource(new StringReader(text), file.getDescription()));
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot compile " + file.getDescription() + ": " + e.getMessage(), e);
        }
        return (record, shop) -> {
            try {
                Transformer t = templates.newTransformer();
                if (shop.id() != null) {
                    t.setParameter("shopId", shop.id());
                }
                if (shop.channel() != null) {
                    t.setParameter("channel", shop.channel());
                }
                DOMResult out = new DOMResult();
                t.transform(new StreamSource(new StringReader(record.toString())), out);
                return XmlJson.toJson(out.getNode());
            } catch (TransformerException e) {
                throw new InvalidOrderException(true, List.of(new FieldError("$", "is not well-formed XML: "
                        + e.getMessageAndLocation())));
            }
        };
    }

    // ---- helpers for JSONata --------------------------------------------------------------

    static String money(Object v) {
        if (v == null || v == Jsonata.NULL_VALUE) {
            return null;
        }
        BigDecimal d = v instanceof Number n && !(v instanceof BigDecimal)
                ? (n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : new BigDecimal(n.toString()))
                : new BigDecimal(v.toString().trim());
        return d.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String time(Object v) {
        if (v == null || v == Jsonata.NULL_VALUE || v.toString().isBlank()) {
            return null;
        }
        String s = v.toString().trim();
        if (v instanceof Number || DIGITS.matcher(s).matches()) {
            long n = new BigDecimal(s).longValue();
            Instant i = n > 99_999_999_999L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            return ISO.format(i.atZone(CHINA));
        }
        try {
            return ISO.format(OffsetDateTime.parse(s));
        } catch (DateTimeParseException notOffset) {
            try {
                return ISO.format(LocalDateTime.parse(s, LOCAL).atZone(CHINA));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not a time");
            }
        }
    }

    // ---- mapping --------------------------------------------------------------------------

    /** The compiled channel of a mapping name, or an error naming the known ones. */
    public Channel channel(String name) {
        Channel c = state.channels().get(name);
        if (c == null) {
            throw new IllegalArgumentException("no channel mapping '" + name + "' (known: " + state.channels().keySet() + ")");
        }
        return c;
    }

    public java.util.Set<String> names() {
        return state.channels().keySet();
    }

    public MasterData master() {
        return state.master();
    }

    /**
     * Maps one platform record to canonical order JSON, master data resolved.
     *
     * @param record a JSON document (bytes, text or tree), a grouped CSV record (a Map) or an XML fragment (text)
     * @throws InvalidOrderException     the record is not well formed (malformed = true, field "$")
     * @throws UnmappableOrderException  a code cannot be resolved (every reason)
     */
    public ObjectNode toCanonical(String name, Shop shop, Object record) {
        Channel c = channel(name);
        ChannelDefinition d = c.definition();
        Shop effective = new Shop(shop == null ? null : shop.id(),
                shop != null && shop.channel() != null ? shop.channel() : d.channel());
        Object input = switch (d.format()) {
            case json, jsonl -> record instanceof Map<?, ?> || record instanceof JsonNode ? record : parse(record);
            case csv -> record instanceof Map<?, ?> ? record : parse(record);
            case xml -> record instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : record;
        };
        JsonNode out = c.mapper().apply(input, effective);
        if (out == null || !out.isObject()) {
            throw new UnmappableOrderException(List.of("mapping " + d.mapping() + " produced no order object"));
        }
        return resolve(d, effective, (ObjectNode) out);
    }

    private static JsonNode parse(Object record) {
        try {
            if (record instanceof byte[] b) {
                return requireDocument(JSON.readTree(b));
            }
            return requireDocument(JSON.readTree(String.valueOf(record)));
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(true, List.of(new FieldError("$", "is not well-formed JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode requireDocument(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new InvalidOrderException(true, List.of(new FieldError("$", "must be a JSON object")));
        }
        return n;
    }

    /** Fills the master-data parts the mapping left to the tables; collects every unresolved code. */
    private ObjectNode resolve(ChannelDefinition d, Shop shop, ObjectNode o) {
        MasterData master = state.master();
        List<String> reasons = new ArrayList<>();
        if (!o.hasNonNull("channel")) {
            o.put("channel", shop.channel());
        }
        if (!o.hasNonNull("sourceSystem")) {
            o.put("sourceSystem", d.sourceSystem());
        }
        if (!o.hasNonNull("shopId") && shop.id() != null) {
            o.put("shopId", shop.id());
        }
        JsonNode status = o.remove("_status");
        if (status != null && !status.isNull()) {
            ChannelDefinition.StatusCode code = d.status().get(status.asText());
            if (code == null) {
                reasons.add("status '" + status.asText() + "' has no canonical status in mappings/" + d.name() + "/channel.yaml");
            } else {
                o.put("status", code.status());
                if (code.onHold() != null) {
                    o.put("onHold", code.onHold());
                }
            }
        }
        JsonNode buyer = o.remove("_buyerId");
        if (buyer != null && !buyer.isNull() && !buyer.asText().isBlank()) {
            master.unionId(d.name(), buyer.asText()).ifPresent(u -> {
                JsonNode member = o.get("member");
                (member instanceof ObjectNode m ? m : o.putObject("member")).put("unionId", u);
            });
        }
        JsonNode items = o.get("items");
        if (items instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ObjectNode item) {
                    item(d, master, item, "items[" + i + "]", reasons);
                }
            }
        }
        if (o.get("shippingAddress") instanceof ObjectNode a) {
            address(master, a, reasons);
        }
        if (!reasons.isEmpty()) {
            throw new UnmappableOrderException(reasons);
        }
        return o;
    }

    private static void item(ChannelDefinition d, MasterData master, ObjectNode item, String path, List<String> reasons) {
        JsonNode afterSale = item.remove("_afterSale");
        if (afterSale != null && !afterSale.isNull()) {
            String code = d.afterSale().get(afterSale.asText());
            if (code == null) {
                reasons.add(path + " refund status '" + afterSale.asText() + "' has no after-sale status in mappings/"
                        + d.name() + "/channel.yaml");
            } else {
                item.put("afterSaleStatus", code);
            }
        }
        if (!item.hasNonNull("hubSku")) {
            String sku = item.path("channelSku").asText(null);
            if (sku == null || sku.isBlank()) {
                reasons.add(path + " has neither hubSku nor channelSku");
            } else {
                master.hubSku(d.name(), sku).ifPresentOrElse(h -> item.put("hubSku", h),
                        () -> reasons.add(path + ".channelSku '" + sku + "' has no hub SKU in skus.csv"));
            }
        }
    }

    private static void address(MasterData master, ObjectNode a, List<String> reasons) {
        String province = a.path("provinceCode").asText(null);
        if (province == null) {
            String name = a.path("province").asText(null);
            province = master.province(name).orElse(null);
            if (province == null) {
                reasons.add("shippingAddress.province '" + name + "' is not in regions.csv");
                return;
            }
            a.put("provinceCode", province);
            a.put("province", master.regionName(province));
        }
        String city = a.path("cityCode").asText(null);
        String cityName = a.path("city").asText(null);
        if (city == null && cityName != null) {
            city = master.city(province, cityName).orElse(null);
            if (city == null) {
                reasons.add("shippingAddress.city '" + cityName + "' is not in regions.csv under " + province);
                return;
            }
            a.put("cityCode", city);
            a.put("city", master.regionName(city));
        }
        String districtName = a.path("district").asText(null);
        if (!a.hasNonNull("districtCode") && districtName != null && city != null) {
            String district = master.district(city, districtName).orElse(null);
            if (district == null) {
                reasons.add("shippingAddress.district '" + districtName + "' is not in regions.csv under " + city);
                return;
            }
            a.put("districtCode", district);
            a.put("district", master.regionName(district));
        }
    }

    /** Canonical JSON bytes of a mapped order, for the intake. */
    public static byte[] bytes(ObjectNode canonical) {
        try {
            return CanonicalJson.mapper().writeValueAsBytes(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
