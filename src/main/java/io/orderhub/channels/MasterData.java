package io.orderhub.channels;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;

/**
 * The master-data tables every channel mapping shares, kept as CSV files in {@code mappings/}:
 * {@code skus.csv} (channel, channelSku → hubSku), {@code regions.csv} (GB/T 2260 code, name,
 * aliases) and {@code identities.csv} (channel, platform buyer id → UnionID). Every file of that
 * name under any mapping location is read, so a channel can bring its own rows. Immutable: a
 * reload builds a new instance.
 */
public final class MasterData {

    private final Map<String, String> skus = new HashMap<>();
    private final Map<String, String> identities = new HashMap<>();
    /** name or alias, scoped by parent prefix ("" for provinces, 2 digits for cities, 4 for districts) → code */
    private final Map<String, String> regions = new HashMap<>();
    private final Map<String, String> regionNames = new HashMap<>();
    private int regionCount;

    private MasterData() {
    }

    /** Reads every skus.csv, regions.csv and identities.csv among the given resources. */
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
                                row.getOrDefault("aliases", ""));
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

    private void addRegion(String code, String name, String aliases) {
        String scope = code.endsWith("0000") ? "" : code.endsWith("00") ? code.substring(0, 2) : code.substring(0, 4);
        regions.put(scope + "\u0000" + name, code);
        regionNames.put(code, name);
        for (String alias : aliases.split("\\|")) {
            if (!alias.isBlank()) {
                regions.put(scope + "\u0000" + alias.trim().toLowerCase(java.util.Locale.ROOT), code);
            }
        }
        regionCount++;
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

    /** A province code by name or alias. */
    public Optional<String> province(String name) {
        return region("", name);
    }

    /** A city code by name or alias inside a province. */
    public Optional<String> city(String provinceCode, String name) {
        return region(provinceCode.substring(0, 2), name);
    }

    /** A district code by name or alias inside a city. */
    public Optional<String> district(String cityCode, String name) {
        return region(cityCode.substring(0, 4), name);
    }

    private Optional<String> region(String scope, String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim();
        String v = regions.get(scope + "\u0000" + n);
        return Optional.ofNullable(v != null ? v : regions.get(scope + "\u0000" + n.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The official name of a region code. */
    public String regionName(String code) {
        return regionNames.get(code);
    }

    /** Row counts, for the start-up log. */
    public String summary() {
        return skus.size() + " SKUs, " + regionCount + " regions, " + identities.size() + " identities";
    }
}
