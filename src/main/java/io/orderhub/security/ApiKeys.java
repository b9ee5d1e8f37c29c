package io.orderhub.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hub's API keys: those of config (only their SHA-256 is configured) and those created through
 * {@code /api/admin/keys} or on first start, kept as SHA-256 in {@code <data-dir>/security/api-keys.json}.
 * A key is 32 random bytes, so an unsalted SHA-256 cannot be reversed by guessing; the presented key's
 * hash is compared with every stored hash in constant time. A plain key exists only in the answer that
 * creates it (and, for the first-start key, once in the start-up report).
 */
public class ApiKeys {

    /** A key as stored: never the key itself; its SHA-256 always as lower-case hex. */
    public record StoredKey(String id, String sha256, Set<String> roles, List<String> scopes, String source,
                            Instant createdAt) {
        public StoredKey {
            sha256 = hex(sha256);
        }
    }

    /** A key just created: the one time its plain text is known. */
    public record NewKey(String id, String key, Set<String> roles, List<String> scopes) {
    }

    public static final String PREFIX = "ohk_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Path file;
    private final List<StoredKey> configured;
    private volatile List<StoredKey> stored;
    private volatile String firstStartKey;

    public ApiKeys(SecuritySettings settings, Path dataDir) {
        this.file = dataDir.resolve("security").resolve("api-keys.json");
        List<StoredKey> fromConfig = new ArrayList<>();
        if (!settings.getAdminKeySha256().isEmpty()) {
            fromConfig.add(new StoredKey("admin-config", hex(settings.getAdminKeySha256()), Set.of(Caller.ADMIN),
                    List.of(), "config", null));
        }
        for (SecuritySettings.ConfiguredKey k : settings.getApiKeys()) {
            if (k.getSha256() == null || k.getSha256().isBlank()) {
                continue; // a placeholder left empty: no such key
            }
            fromConfig.add(new StoredKey(k.getId(), hex(k.getSha256()), roles(k.getRoles()), scopes(k.getRoles(),
                    k.getScopes()), "config", null));
        }
        this.configured = List.copyOf(fromConfig);
        this.stored = read();
        if (settings.isFirstStartKey() && configured.isEmpty() && stored.isEmpty() && !Files.exists(file)) {
            NewKey admin = create("admin", List.of(Caller.ADMIN), List.of());
            firstStartKey = admin.key();
        }
    }

    /** The caller a presented key stands for, if it is one of ours. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 200) {
            return Optional.empty();
        }
        // the stored form is the lower-case hex of the SHA-256: compared as text, nothing parsed per key
        byte[] hash = HexFormat.of().formatHex(sha256(presented)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        StoredKey match = null;
        for (StoredKey k : all()) {
            // every hash is compared, in constant time, whether or not one matched already
            if (MessageDigest.isEqual(hash, k.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII)) && match == null) {
                match = k;
            }
        }
        return match == null ? Optional.empty()
                : Optional.of(new Caller(match.id(), match.roles(), match.scopes()));
    }

    /** Every key, from config and stored, without the keys themselves. */
    public List<StoredKey> all() {
        List<StoredKey> all = new ArrayList<>(configured);
        all.addAll(stored);
        return all;
    }

    /** Creates a key; its plain text is in the answer and nowhere else. */
    public synchronized NewKey create(String id, List<String> roles, List<String> scopes) {
        String keyId = id == null || id.isBlank() ? "k-" + HexFormat.of().formatHex(random(5)) : id;
        if (!keyId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("id: must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (all().stream().anyMatch(k -> k.id().equals(keyId))) {
            throw new IllegalArgumentException("id: a key with this id exists already");
        }
        Set<String> r = roles(roles);
        List<String> s = scopes(roles, scopes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        List<StoredKey> next = new ArrayList<>(stored);
        next.add(new StoredKey(keyId, HexFormat.of().formatHex(sha256(key)), r, s, "api",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        write(next);
        stored = List.copyOf(next);
        return new NewKey(keyId, key, r, s);
    }

    /** Revokes a stored key; false if there is none with that id. Keys of config are removed in config. */
    public synchronized boolean revoke(String id) {
        if (configured.stream().anyMatch(k -> k.id().equals(id))) {
            throw new IllegalStateException("key " + id + " comes from config; remove it there");
        }
        List<StoredKey> next = new ArrayList<>(stored);
        if (!next.removeIf(k -> k.id().equals(id))) {
            return false;
        }
        write(next);
        stored = List.copyOf(next);
        return true;
    }

    /** The admin key created on this first start, once: the second call answers empty. */
    public Optional<String> takeFirstStartKey() {
        String k = firstStartKey;
        firstStartKey = null;
        return Optional.ofNullable(k);
    }

    public Path file() {
        return file;
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static Set<String> roles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("roles: at least one of " + new TreeSet<>(Caller.ROLES));
        }
        Set<String> r = new LinkedHashSet<>();
        for (String role : roles) {
            String x = role == null ? "" : role.trim().toLowerCase(Locale.ROOT);
            if (!Caller.ROLES.contains(x)) {
                throw new IllegalArgumentException("roles: '" + role + "' is not one of " + new TreeSet<>(Caller.ROLES));
            }
            r.add(x);
        }
        return r;
    }

    private static List<String> scopes(List<String> roles, List<String> scopes) {
        List<String> s = scopes == null ? List.of() : List.copyOf(scopes);
        for (String scope : s) {
            if (!Caller.validScope(scope)) {
                throw new IllegalArgumentException("scopes: '" + scope + "' is not channel, channel:shop or channel:*");
            }
        }
        for (String scope : s) {
            // a pos key's identity (source:, region:, store:) and the gateway mark (relay)
            if (PosScopes.isPosScope(scope)) {
                if (roles.stream().noneMatch(r -> r != null && r.trim().equalsIgnoreCase(Caller.POS))) {
                    throw new IllegalArgumentException("scopes: '" + scope + "' is for a pos key only");
                }
                String problem = PosScopes.scopeProblem(scope, s);
                if (problem != null) {
                    throw new IllegalArgumentException("scopes: " + problem);
                }
            }
        }
        if (roles.contains(Caller.CHANNEL) && s.isEmpty()) {
            throw new IllegalArgumentException("scopes: a channel key needs at least one channel or channel:shop");
        }
        return s;
    }

    private static String hex(String sha256) {
        String h = sha256.trim().toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("an API key's sha256 must be 64 hex digits");
        }
        return h;
    }

    private List<StoredKey> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<StoredKey>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API keys in " + file, e);
        }
    }

    private void write(List<StoredKey> keys) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the API keys to " + file, e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
