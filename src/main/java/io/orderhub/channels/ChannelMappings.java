package io.orderhub.channels;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.canonical.JsonReadProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>A mapping turns one platform record into a canonical order draft. It may leave the master-data
 * parts to this class, which fills them the same way for every channel:
 * <ul>
 *   <li>{@code _status}: a platform status key, looked up in the channel's {@code status} table
 *       (canonical status and hold flag; a value the table parks makes the record unmappable with
 *       the table's reason);</li>
 *   <li>{@code items[]._afterSale}: a platform refund status, looked up in {@code afterSale};</li>
 *   <li>{@code items[].hubSku} left out: looked up from {@code channelSku} in {@code skus.csv};</li>
 *   <li>{@code shippingAddress.*Code} left out: looked up from the names in {@code gbt2260.csv} (every
 *       GB/T 2260 division) and {@code regions.csv} (platform spellings); the order's
 *       {@code regionCode} is then the most precise of them;</li>
 *   <li>{@code _buyerId}: the platform buyer, looked up in {@code identities.csv} for
 *       {@code member.unionId}.</li>
 * </ul>
 * A code that cannot be resolved makes the record unmappable (every reason at once); nothing is
 * defaulted. The draft is bound once into a {@link CanonicalOrder}; validation is the intake's.
 *
 * <p>Money stays exact: platform JSON is read with decimals as {@code BigDecimal}, and JSONata
 * mappings do money arithmetic only through the exact functions of {@link MappingFunctions}
 * ({@code $money}, {@code $add}, {@code $sub}, {@code $mul}, {@code $div}, {@code $total},
 * {@code $fen}); {@code $time(x)} turns platform times into ISO-8601 with offset, {@code $shop}
 * is the shop ({@code id}, {@code channel}).
 */
public final class ChannelMappings {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelMappings.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    /** Platform payloads: decimals as BigDecimal from the JSON text, never a double. */
    private static final ObjectReader JSON = new ObjectMapper(JsonReadProblems.factory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readerFor(Object.class);

    private final List<String> locations;
    private volatile State state;
    private volatile long checkEveryMillis = 2000;
    private volatile long nextCheckAt;
    /** What the file: roots looked like when they were last read. */
    private String fingerprint = "";

    /** Who a record came from: the shop's id and its canonical channel (null: the mapping's own). */
    public record Shop(String id, String channel) {
    }

    /**
     * One compiled channel. {@code columns}: for a CSV channel, the columns the mapping reads and
     * a file's header must have (every backtick-quoted name in the JSONata mapping, less the
     * channel's {@code csv.optionalColumns}); empty for other formats.
     */
    public record Channel(ChannelDefinition definition, Mapper mapper, java.util.Set<String> columns) {
    }

    /** A compiled mapping: a platform record (maps and lists, or XML text) to a canonical draft (a map). */
    public interface Mapper {
        Object apply(Object record, Shop shop);
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

    /** At most how often {@link #reloadIfChanged()} looks at the files (0: every call). */
    public void reloadCheckEvery(long millis) {
        this.checkEveryMillis = Math.max(0, millis);
    }

    /**
     * Reads the tables and mappings again when a file under a {@code file:} root was added, changed
     * or removed since the last read, so a fixed SKU or region row is used by the next record without
     * restart or re-drive. Cheap: at most one directory walk per check interval, and only of the
     * {@code file:} roots (what is inside the jar cannot change while the hub runs). A table that
     * cannot be read (say, half written) leaves the last good one in use; the next change retries.
     */
    public void reloadIfChanged() {
        reloadIfChanged(false);
    }

    /** As {@link #reloadIfChanged()}; {@code now}: look at the files whatever the interval (the admin preview). */
    public void reloadIfChanged(boolean now) {
        long time = System.currentTimeMillis();
        if (!now && time < nextCheckAt) {
            return;
        }
        synchronized (this) {
            if (!now && time < nextCheckAt) {
                return;
            }
            nextCheckAt = time + checkEveryMillis;
            String seen = fingerprint();
            if (seen.equals(fingerprint)) {
                return;
            }
            try {
                reload();
                LOG.info("mapping files changed under {}; tables and mappings read again", fileRoots());
            } catch (RuntimeException e) {
                fingerprint = seen;
                LOG.warn("mapping files changed but cannot be read; the previous ones stay in use: {}", e.getMessage());
            }
        }
    }

    private List<java.nio.file.Path> fileRoots() {
        List<java.nio.file.Path> roots = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith("file:")) {
                roots.add(java.nio.file.Path.of(location.substring("file:".length())));
            }
        }
        return roots;
    }

    /** Every file under the file: roots with its size and modification time. */
    private String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (java.nio.file.Path root : fileRoots()) {
            if (!java.nio.file.Files.isDirectory(root)) {
                continue;
            }
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
                for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                    java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(f,
                            java.nio.file.attribute.BasicFileAttributes.class);
                    b.append(f).append('|').append(a.size()).append('|').append(a.lastModifiedTime().toMillis()).append('\n');
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // a file removed during the walk: the next check sees the settled directory
                b.append(root).append("|unreadable\n");
            }
        }
        return b.toString();
    }

    /** Reads every channel descriptor, mapping and master-data table again (after a table was fixed). */
    public synchronized void reload() {
        String seen = fingerprint();
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
                for (String table : List.of("skus.csv", "gbt2260.csv", "regions.csv", "identities.csv")) {
                    tables.addAll(sorted(resolver.getResources(location + "**/" + table)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mappings from " + locations + ": " + e.getMessage(), e);
        }
        MasterData master = MasterData.read(tables);
        state = new State(Map.copyOf(channels), master);
        fingerprint = seen;
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
        return new Channel(d, mapper, d.format() == ChannelDefinition.Format.csv ? readColumns(text, d.csv()) : java.util.Set.of());
    }

    /** The CSV columns a JSONata mapping reads: its backtick-quoted names, less those the export may leave out. */
    static java.util.Set<String> readColumns(String mapping, ChannelDefinition.Csv csv) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]+)`").matcher(mapping);
        while (m.find()) {
            out.add(m.group(1));
        }
        if (csv != null && csv.optionalColumns() != null) {
            csv.optionalColumns().forEach(out::remove);
        }
        return java.util.Collections.unmodifiableSet(out);
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
            MappingFunctions.register(j);
            return j;
        });
        return (record, shop) -> {
            Jsonata j = compiled.get();
            Jsonata.Frame frame = j.createFrame();
            Map<String, Object> s = new LinkedHashMap<>(4);
            s.put("id", shop.id());
            s.put("channel", shop.channel());
            frame.bind("shop", s);
            try {
                return j.evaluate(record, frame);
            } catch (JException | IllegalArgumentException | ArithmeticException e) {
                BadValueException bad = badValue(e);
                if (bad != null) {
                    // the platform sent a value that is not what its field claims: the sender must fix it
                    throw new UnconvertibleValueException(pathOf(record, bad.value(), "", 0), bad.value(), bad.reason());
                }
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
                return XmlJson.toValue(out.getNode());
            } catch (TransformerException e) {
                throw new MalformedRecordException("$", "is not well-formed XML: "
                        + e.getMessageAndLocation());
            }
        };
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
     * Maps one platform record to a canonical order, master data resolved, bound but not yet
     * validated (the intake validates every order at its one choke point).
     *
     * @param record a JSON document (bytes, text or tree), a grouped CSV record (a Map) or an XML fragment (text)
     * @throws InvalidOrderException     the record is not well formed, or the mapped draft does not
     *                                   fit the canonical model (malformed = true, naming the field)
     * @throws UnmappableOrderException  a code cannot be resolved (every reason)
     */
    public CanonicalOrder toCanonical(String name, Shop shop, Object record) {
        Map<String, Object> draft = toDraft(name, shop, record);
        return CanonicalOrderReader.bind(draft);
    }

    /** The mapped draft (maps, lists, strings and exact decimals) with master data resolved, before binding. */
    public Map<String, Object> toDraft(String name, Shop shop, Object record) {
        Channel c = channel(name);
        ChannelDefinition d = c.definition();
        Shop effective = new Shop(shop == null ? null : shop.id(),
                shop != null && shop.channel() != null ? shop.channel() : d.channel());
        Object input = switch (d.format()) {
            case json, jsonl, csv -> record instanceof Map<?, ?> ? record : parse(record);
            case xml -> record instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : record;
        };
        Object out = c.mapper().apply(input, effective);
        if (!(out instanceof Map<?, ?>)) {
            throw new UnmappableOrderException(List.of("mapping " + d.mapping() + " produced no order object"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> draft = (Map<String, Object>) out;
        resolve(d, effective, draft);
        return draft;
    }

    /** A platform JSON document as maps and lists, decimals exact. */
    static Object parse(Object record) {
        if (record instanceof JsonNode n) {
            return requireDocument(fromTree(n));
        }
        try {
            Object doc;
            if (record instanceof byte[] b) {
                FieldError notUtf8 = JsonReadProblems.notUtf8(b);
                if (notUtf8 != null) {
                    throw new MalformedRecordException(notUtf8.field(), notUtf8.reason());
                }
                doc = JSON.readValue(b);
            } else {
                doc = JSON.readValue(String.valueOf(record));
            }
            checkNumbers(doc, "", 0);
            return requireDocument(doc);
        } catch (JsonProcessingException e) {
            FieldError f = JsonReadProblems.describe(e);
            throw f == null ? new MalformedRecordException("$", "is not well-formed JSON: " + e.getOriginalMessage()
                    + JsonReadProblems.where(e)) : new MalformedRecordException(f.field(), f.reason());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Beyond a double's range a number reaches JSONata as infinity: refused naming its field. */
    private static void checkNumbers(Object v, String path, int depth) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkNumbers(e.getValue(), path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(), depth + 1);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkNumbers(l.get(i), path + "[" + i + "]", depth + 1);
            }
        } else if (v instanceof java.math.BigDecimal d && d.signum() != 0
                && (d.precision() - d.scale() > 308 || d.precision() - d.scale() < -307)) {
            throw new MalformedRecordException(path.isEmpty() ? "$" : path, "is a number out of range");
        }
    }

    private static BadValueException badValue(Throwable e) {
        for (int i = 0; e != null && i < 10; i++, e = e.getCause()) {
            if (e instanceof BadValueException b) {
                return b;
            }
        }
        return null;
    }

    /** The path of the first field in the record holding the value, so a bad value is named by its field. */
    private static String pathOf(Object v, Object value, String path, int depth) {
        if (depth > JsonReadProblems.MAX_DEPTH) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = pathOf(e.getValue(), value, path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(), depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return depth == 0 ? "$" : null;
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String p = pathOf(l.get(i), value, path + "[" + i + "]", depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return depth == 0 ? "$" : null;
        }
        boolean same = v != null && (v.equals(value)
                || v instanceof java.math.BigDecimal a && value instanceof java.math.BigDecimal b && a.compareTo(b) == 0);
        return same ? (path.isEmpty() ? "$" : path) : depth == 0 ? "$" : null;
    }

    private static Object requireDocument(Object n) {
        if (!(n instanceof Map<?, ?>)) {
            throw new InvalidOrderException(true, List.of(new FieldError("$", "must be a JSON object")));
        }
        return n;
    }

    /**
     * A tree a caller already parsed: decimals from the tree's text; a tree read with doubles keeps
     * only what its double held (callers should hand over bytes or a tree read with BigDecimal).
     */
    private static Object fromTree(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), fromTree(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(v -> l.add(fromTree(v)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.isBigDecimal() ? n.decimalValue() : new java.math.BigDecimal(n.asText());
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    /** Fills the master-data parts the mapping left to the tables; collects every unresolved code. */
    private void resolve(ChannelDefinition d, Shop shop, Map<String, Object> o) {
        MasterData master = state.master();
        List<String> reasons = new ArrayList<>();
        if (o.get("channel") == null) {
            o.put("channel", shop.channel());
        }
        if (o.get("sourceSystem") == null) {
            o.put("sourceSystem", d.sourceSystem());
        }
        if (o.get("shopId") == null && shop.id() != null) {
            o.put("shopId", shop.id());
        }
        Object status = o.remove("_status");
        if (status != null) {
            ChannelDefinition.StatusCode code = d.status().get(text(status));
            if (code == null) {
                reasons.add("status '" + text(status) + "' has no canonical status in mappings/" + d.name() + "/channel.yaml");
            } else if (code.park() != null) {
                reasons.add("status '" + text(status) + "' is parked by mappings/" + d.name() + "/channel.yaml: " + code.park());
            } else {
                o.put("status", code.status());
                if (code.onHold() != null) {
                    o.put("onHold", code.onHold());
                }
            }
        }
        Object buyer = o.remove("_buyerId");
        if (buyer != null && !text(buyer).isBlank()) {
            master.unionId(d.name(), text(buyer)).ifPresent(u -> {
                Map<String, Object> member = object(o, "member");
                if (member == null) {
                    member = new LinkedHashMap<>();
                    o.put("member", member);
                }
                member.put("unionId", u);
            });
        }
        if (o.get("items") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?>) {
                    item(d, master, object(list.get(i)), "items[" + i + "]", reasons);
                }
            }
        }
        Map<String, Object> address = object(o, "shippingAddress");
        if (address != null) {
            address(master, address, reasons);
            regionCode(o);
        }
        if (!reasons.isEmpty()) {
            throw new UnmappableOrderException(reasons);
        }
    }

    private static void item(ChannelDefinition d, MasterData master, Map<String, Object> item, String path,
                             List<String> reasons) {
        Object afterSale = item.remove("_afterSale");
        if (afterSale != null) {
            String code = d.afterSale().get(text(afterSale));
            if (code == null) {
                reasons.add(path + " refund status '" + text(afterSale) + "' has no after-sale status in mappings/"
                        + d.name() + "/channel.yaml");
            } else {
                item.put("afterSaleStatus", code);
            }
        }
        if (item.get("hubSku") == null) {
            String sku = string(item.get("channelSku"));
            if (sku == null || sku.isBlank()) {
                reasons.add(path + " has neither hubSku nor channelSku");
            } else {
                master.hubSku(d.name(), sku).ifPresentOrElse(h -> item.put("hubSku", h),
                        () -> reasons.add(path + ".channelSku '" + sku + "' has no hub SKU in skus.csv"));
            }
        }
    }

    /**
     * Codes the address from its names (see {@link MasterData#place}); a mapping that wrote the
     * codes itself is left alone. A town or street in the district slot is not a district: it
     * leaves the slot and stays in the detail, and the address is coded down to the city.
     */
    private static void address(MasterData master, Map<String, Object> a, List<String> reasons) {
        if (a.get("provinceCode") != null) {
            return;
        }
        String name = string(a.get("province"));
        MasterData.Place place = master.place(name, string(a.get("city")), string(a.get("district"))).orElse(null);
        if (place == null) {
            reasons.add("shippingAddress.province '" + name + "' is not in regions.csv");
            return;
        }
        if (place.unknownCity() != null) {
            reasons.add("shippingAddress.city '" + place.unknownCity() + "' is not in regions.csv under "
                    + place.provinceCode());
            return;
        }
        a.put("provinceCode", place.provinceCode());
        a.put("province", master.addressName(place.provinceCode()));
        level(master, a, "city", place.cityCode());
        level(master, a, "district", place.districtCode());
        String detail = string(a.get("detail"));
        if (place.subCounty() != null && (detail == null || !detail.contains(place.subCounty()))) {
            a.put("detail", detail == null || detail.isBlank() ? place.subCounty() : place.subCounty() + detail);
        }
    }

    /** A level's code and official name, or neither: a slot without a code holds no division. */
    private static void level(MasterData master, Map<String, Object> a, String level, String code) {
        if (code == null) {
            a.remove(level);
            a.remove(level + "Code");
        } else {
            a.put(level + "Code", code);
            a.put(level, master.addressName(code));
        }
    }

    /** The most precise division of the shipping address, unless the mapping set one. */
    private static void regionCode(Map<String, Object> o) {
        Map<String, Object> a = object(o, "shippingAddress");
        if (o.get("regionCode") == null && a != null) {
            for (String level : List.of("districtCode", "cityCode", "provinceCode")) {
                if (a.get(level) != null) {
                    o.put("regionCode", a.get(level));
                    return;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v) {
        return (Map<String, Object>) v;
    }

    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> m ? object(m) : null;
    }

    /** A scalar as text, as a table key (numbers in their plain decimal form). */
    private static String text(Object v) {
        return v instanceof java.math.BigDecimal b ? b.toPlainString() : String.valueOf(v);
    }

    private static String string(Object v) {
        return v == null ? null : text(v);
    }
}
