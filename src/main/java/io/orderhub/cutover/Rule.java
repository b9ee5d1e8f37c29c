package io.orderhub.cutover;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One gray-release rule: the requests it matches and the cohort they join. Within a dimension any
 * listed value matches; every dimension the rule names must match; a dimension left empty matches
 * anything. An optional sticky percentage then lets in only that share of business keys.
 *
 * @param percent share of business keys let in (0..100, two decimals at most), null for all
 * @param salt    seeds the key's hash so rules pick independent key sets; null uses the rule id
 */
public record Rule(String id, String cohort, Match match, BigDecimal percent, String salt) {

    /** Keys are spread over this many buckets: a percentage has two decimals. */
    public static final int BUCKETS = 10_000;

    /** The conditions; each list is "any of", a header names the values it may have. */
    public record Match(List<String> sourceSystems, List<String> channels, List<String> functions,
                        List<String> regionCodes, List<String> storeCodes, Map<String, List<String>> headers) {

        public Match {
            sourceSystems = List.copyOf(sourceSystems);
            channels = List.copyOf(channels);
            functions = List.copyOf(functions);
            regionCodes = List.copyOf(regionCodes);
            storeCodes = List.copyOf(storeCodes);
            java.util.TreeMap<String, List<String>> h = new java.util.TreeMap<>();
            headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
            headers = java.util.Collections.unmodifiableMap(h);
        }

        public static Match any() {
            return new Match(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
        }

        boolean matches(RequestFacts f) {
            return anyOf(sourceSystems, f.sourceSystem())
                    && anyOf(channels, f.channel())
                    && anyOf(functions, f.function())
                    && regionMatches(f.regionCode())
                    && anyOf(storeCodes, f.storeCode())
                    && headersMatch(f);
        }

        private static boolean anyOf(List<String> allowed, String value) {
            return allowed.isEmpty() || (value != null && allowed.contains(value));
        }

        /** GB/T 2260: a 2-digit prefix is a province, 4 digits a prefecture, 6 a county. */
        private boolean regionMatches(String region) {
            if (regionCodes.isEmpty()) {
                return true;
            }
            return region != null && regionCodes.stream().anyMatch(region::startsWith);
        }

        private boolean headersMatch(RequestFacts f) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                Optional<String> v = f.header(e.getKey().toLowerCase(Locale.ROOT));
                if (v.isEmpty() || !e.getValue().contains(v.get())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** True when the request matches the conditions and, with a percentage, its key is let in. */
    public boolean matches(RequestFacts facts) {
        if (!match.matches(facts)) {
            return false;
        }
        if (percent == null) {
            return true;
        }
        int threshold = basisPoints();
        if (threshold >= BUCKETS) {
            return true;
        }
        return facts.businessKey().map(k -> bucket(k) < threshold).orElse(false);
    }

    /** The percentage in hundredths of a percent (0..10000). */
    public int basisPoints() {
        return percent == null ? BUCKETS : percent.movePointRight(2).intValueExact();
    }

    /** The salt in force: the rule's own, else its id. */
    public String effectiveSalt() {
        return salt != null ? salt : id;
    }

    /**
     * The key's bucket (0..9999): murmur3 x86_32 of the key's UTF-8 bytes, seeded with the hash of the
     * salt. The bucket depends on the key and the salt only, never on the percentage, so raising the
     * percentage only lets more buckets in, and the same key always lands the same way.
     */
    public int bucket(String key) {
        return bucket(effectiveSalt(), key);
    }

    public static int bucket(String salt, String key) {
        int seed = Murmur3.hash32(salt, 0);
        return (int) (Integer.toUnsignedLong(Murmur3.hash32(key, seed)) % BUCKETS);
    }
}
