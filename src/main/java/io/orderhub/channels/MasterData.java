package io.orderhub.channels;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;

/**
 * The master-data tables every channel mapping shares, kept as CSV files in {@code mappings/}:
 * {@code skus.csv} (channel, channelSku → hubSku), {@code gbt2260.csv} (every GB/T 2260 division:
 * code, official name, short form), {@code regions.csv} (platform spellings: code, name, aliases) and
 * {@code identities.csv} (channel, platform buyer id → UnionID). Every file of that
 * name under any mapping location is read, so a channel can bring its own rows. Immutable: a
 * reload builds a new instance.
 */
public final class MasterData {

    private final Map<String, String> skus = new HashMap<>();
    private final Map<String, String> identities = new HashMap<>();
    /** parent code ("" for provinces) → official name → code; official names win over aliases */
    private final Map<String, Map<String, String>> names = new HashMap<>();
    /** parent code → short form or alias (also lower-case) → code */
    private final Map<String, Map<String, String>> aliases = new HashMap<>();
    private final Map<String, String> regionNames = new HashMap<>();

    private MasterData() {
    }

    /** Reads every skus.csv, gbt2260.csv, regions.csv and identities.csv among the given resources. */
    public static MasterData read(List<Resource> files) {
        MasterData m = new MasterData();
        for (Resource r : files) {
            String name = r.getFilename();
            try (InputStream in = r.getInputStream()) {
                for (Map<String, String> row : rows(in)) {
                    switch (String.valueOf(name)) {
                        case "skus.csv" -> m.skus.put(key(row.get("channel"), row.get("channelSku")),
                                require(row, "hubSku", r));
                        case "identities.csv" -> m.identities.put(key(row.get("channel"), row.get("buyerId")),
                                require(row, "unionId", r));
                        case "regions.csv" -> m.addRegion(require(row, "code", r), require(row, "name", r),
                                row.getOrDefault("aliases", ""), false);
                        case "gbt2260.csv" -> m.addRegion(require(row, "code", r), require(row, "name", r),
                                row.getOrDefault("short", ""), true);
                        default -> {
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read master data " + r.getDescription() + ": " + e.getMessage(), e);
            }
        }
        return m;
    }

    private static List<Map<String, String>> rows(InputStream in) throws IOException {
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withComments()).readValues(in)) {
            return it.readAll();
        }
    }

    private static String require(Map<String, String> row, String column, Resource r) {
        String v = row.get(column);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(r.getDescription() + ": a row has no " + column + ": " + row);
        }
        return v.trim();
    }

    private static String key(String scope, String value) {
        return (scope == null ? "*" : scope.trim()) + "\u0000" + (value == null ? "" : value.trim());
    }

    private void addRegion(String code, String name, String more, boolean official) {
        String parent = parent(code);
        // regions.csv spells a division the way a platform does; only gbt2260.csv names it
        if (official || !regionNames.containsKey(code)) {
            regionNames.put(code, name);
        }
        (official ? names : aliases).computeIfAbsent(parent, k -> new HashMap<>()).put(name, code);
        Map<String, String> a = aliases.computeIfAbsent(parent, k -> new HashMap<>());
        a.putIfAbsent(name.toLowerCase(Locale.ROOT), code);
        for (String alias : more.split("\\|")) {
            if (!alias.isBlank()) {
                a.put(alias.trim(), code);
                a.put(alias.trim().toLowerCase(Locale.ROOT), code);
            }
        }
    }

    /**
     * The division a GB/T 2260 code belongs to: {@code ""} for a province (PP0000), the province
     * for a prefecture (PPCC00), the prefecture for a county-level division (PPCCDD) — for a
     * county-level city directly under its province (PP90DD) that is the grouping PP9000.
     */
    static String parent(String code) {
        return code.endsWith("0000") ? "" : code.endsWith("00") ? code.substring(0, 2) + "0000"
                : code.substring(0, 4) + "00";
    }

    /** The hub SKU of a channel SKU: the channel's own row first, then a row for every channel (*). */
    public Optional<String> hubSku(String channel, String channelSku) {
        String v = skus.get(key(channel, channelSku));
        return Optional.ofNullable(v != null ? v : skus.get(key("*", channelSku)));
    }

    /** The UnionID of a platform buyer. */
    public Optional<String> unionId(String channel, String buyerId) {
        return Optional.ofNullable(identities.get(key(channel, buyerId)));
    }

    /** A province code by official name, short form (黑龙江) or alias (pinyin, WooCommerce CNn). */
    public Optional<String> province(String name) {
        return child("", name);
    }

    /**
     * Where a platform's province / city / district slots lead in GB/T 2260. The city slot may hold
     * a prefecture, a county-level city directly under the province (天门市 → 429006, which then
     * stands in the city slot and has no district), the municipality itself (北京市 → 110100), or —
     * JD's layout for municipalities — a district of the municipality (朝阳区 → 110100 / 110105).
     * The district slot is coded only when it names a county-level division of that city: a town or
     * street there (a prefecture without counties such as 东莞, under a county-level city, below
     * JD's municipal district, or a name the table does not know) is returned as {@code subCounty}
     * and never coded, and the address resolves to the city. Unresolved only when the province,
     * or a city named, is unknown.
     */
    public Optional<Place> place(String province, String city, String district) {
        String p = province(province).orElse(null);
        if (p == null) {
            return Optional.empty();
        }
        String c = null;
        String d = null;
        String subCounty = blank(district) ? null : district.trim();
        if (!blank(city)) {
            c = child(p, city).orElse(null);
            if (c != null && isGrouping(c)) {
                // 湖北 / 省直辖县级行政区划 / 天门市: the county-level city is in the district slot
                String county = child(c, district).orElse(null);
                if (county == null) {
                    return Optional.of(new Place(p, null, null, null, city.trim()));
                }
                return Optional.of(new Place(p, county, null, null, null));
            }
            if (c == null && municipality(p) && province(city).filter(p::equals).isPresent()) {
                c = p.substring(0, 2) + "0100";
            }
            if (c == null) {
                c = groupings(p).stream().map(g -> child(g, city).orElse(null)).filter(java.util.Objects::nonNull)
                        .findFirst().orElse(null);
            }
            if (c == null && municipality(p)) {
                d = countyOfMunicipality(p, city);
                if (d == null) {
                    return Optional.of(new Place(p, null, null, null, city.trim()));
                }
                c = parent(d);
            }
            if (c == null) {
                return Optional.of(new Place(p, null, null, null, city.trim()));
            }
        }
        if (d == null && subCounty != null && (c != null || municipality(p)) && (c == null || c.endsWith("00"))) {
            d = municipality(p) ? countyOfMunicipality(p, subCounty) : child(c, subCounty).orElse(null);
            if (d != null) {
                c = parent(d);
                subCounty = null;
            }
        }
        if (subCounty != null && (sameName(subCounty, c) || sameName(subCounty, p))) {
            // 嘉峪关市 / 嘉峪关市: the slot repeats the city, it names nothing below it
            subCounty = null;
        }
        return Optional.of(new Place(p, c, d, subCounty, null));
    }

    private boolean sameName(String text, String code) {
        return code != null && child(parent(code), text).filter(code::equals).isPresent();
    }

    /**
     * A resolved address: codes down to the most precise level known; {@code subCounty} is the text
     * of a district slot that named something below the county level; {@code unknownCity} a city
     * slot the table does not know in that province (the order cannot be coded).
     */
    public record Place(String provinceCode, String cityCode, String districtCode, String subCounty,
                        String unknownCity) {

        /** The most precise code: the order's regionCode. */
        public String regionCode() {
            return districtCode != null ? districtCode : cityCode != null ? cityCode : provinceCode;
        }
    }

    private Optional<String> child(String parent, String name) {
        if (blank(name)) {
            return Optional.empty();
        }
        String n = name.trim();
        String v = names.getOrDefault(parent, Map.of()).get(n);
        Map<String, String> a = aliases.getOrDefault(parent, Map.of());
        if (v == null) {
            v = a.get(n);
        }
        return Optional.ofNullable(v != null ? v : a.get(n.toLowerCase(Locale.ROOT)));
    }

    /** Beijing, Tianjin, Shanghai, Chongqing: their city level is the municipality itself (市辖区, 县). */
    private boolean municipality(String provinceCode) {
        return "市辖区".equals(regionNames.get(provinceCode.substring(0, 2) + "0100"));
    }

    /** PP9000 省直辖县级行政区划: a grouping of county-level cities, not a city. */
    private static boolean isGrouping(String code) {
        return code.length() == 6 && code.substring(2, 4).equals("90") && code.endsWith("00");
    }

    private List<String> groupings(String provinceCode) {
        String g = provinceCode.substring(0, 2) + "9000";
        return regionNames.containsKey(g) ? List.of(g) : List.of();
    }

    private String countyOfMunicipality(String provinceCode, String name) {
        for (String block : List.of("01", "02")) {
            String c = child(provinceCode.substring(0, 2) + block + "00", name).orElse(null);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The official name of a region code. */
    public String regionName(String code) {
        return regionNames.get(code);
    }

    /**
     * The name an address shows for a code: the official one, except a municipality's city level
     * (officially 市辖区 or 县), which is the municipality (北京市, 重庆市).
     */
    public String addressName(String code) {
        String name = regionNames.get(code);
        boolean cityLevel = !code.endsWith("0000") && code.endsWith("00");
        return cityLevel && municipality(code) ? regionNames.get(code.substring(0, 2) + "0000") : name;
    }

    /** How many divisions of each level are known: provinces, prefecture level, county level. */
    public int[] regionCounts() {
        int[] n = new int[3];
        for (String code : regionNames.keySet()) {
            n[code.endsWith("0000") ? 0 : code.endsWith("00") ? 1 : 2]++;
        }
        return n;
    }

    /** Row counts, for the start-up log. */
    public String summary() {
        return skus.size() + " SKUs, " + regionNames.size() + " regions, " + identities.size() + " identities";
    }
}
