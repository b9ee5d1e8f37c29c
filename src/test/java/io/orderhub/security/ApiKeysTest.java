package io.orderhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.support.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key store: first-start admin key, only hashes on disk, scopes, revocation. */
class ApiKeysTest {

    @TempDir
    Path dataDir;

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes("UTF-8")));
    }

    @Test
    void theFirstStartWithoutCredentialsCreatesAnAdminKeyAndStoresOnlyItsHash() throws Exception {
        ApiKeys keys = new ApiKeys(new SecuritySettings(), dataDir);

        String key = keys.takeFirstStartKey().orElseThrow();
        assertThat(keys.takeFirstStartKey()).as("shown once").isEmpty();
        assertThat(key).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(40);
        Path file = dataDir.resolve("security/api-keys.json");
        String stored = Files.readString(file);
        assertThat(stored).doesNotContain(key).contains(sha256(key));
        assertThat(keys.authenticate(key)).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("admin");
            assertThat(c.roles()).containsExactly(Caller.ADMIN);
        });
        assertThat(keys.authenticate(key + "x")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();

        // the second start on the same data directory prints no new key, and the first one still works
        ApiKeys again = new ApiKeys(new SecuritySettings(), dataDir);
        assertThat(again.takeFirstStartKey()).isEmpty();
        assertThat(again.authenticate(key)).isPresent();
        assertThat(Files.readString(file)).isEqualTo(stored);
    }

    @Test
    void aConfiguredKeyMeansNoFirstStartKey() throws Exception {
        SecuritySettings s = new SecuritySettings();
        s.setAdminKeySha256(TestCredentials.ADMIN_SHA256);
        ApiKeys keys = new ApiKeys(s, dataDir);

        assertThat(keys.takeFirstStartKey()).isEmpty();
        assertThat(dataDir.resolve("security/api-keys.json")).doesNotExist();
        assertThat(keys.authenticate(TestCredentials.ADMIN_KEY)).hasValueSatisfying(
                c -> assertThat(c.roles()).containsExactly(Caller.ADMIN));
        assertThatThrownBy(() -> keys.revoke("admin-config")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTestKeysHashesAreTheirKeys() throws Exception {
        assertThat(sha256(TestCredentials.ADMIN_KEY)).isEqualTo(TestCredentials.ADMIN_SHA256);
        assertThat(sha256(TestCredentials.OPERATOR_KEY)).isEqualTo(TestCredentials.OPERATOR_SHA256);
        assertThat(sha256(TestCredentials.TMALL_CHANNEL_KEY)).isEqualTo(TestCredentials.TMALL_CHANNEL_SHA256);
        assertThat(sha256(TestCredentials.POS_KEY)).isEqualTo(TestCredentials.POS_SHA256);
        assertThat(sha256(TestCredentials.JD_CHANNEL_KEY)).isEqualTo(TestCredentials.JD_CHANNEL_SHA256);
        assertThat(sha256(TestCredentials.POS_BOUND_KEY)).isEqualTo(TestCredentials.POS_BOUND_SHA256);
        assertThat(sha256(TestCredentials.POS_RELAY_KEY)).isEqualTo(TestCredentials.POS_RELAY_SHA256);
    }

    @Test
    void posKeysCarryTheirIdentityAsCheckedScopes() throws Exception {
        SecuritySettings s = new SecuritySettings();
        s.setAdminKeySha256(TestCredentials.ADMIN_SHA256);
        ApiKeys keys = new ApiKeys(s, dataDir);

        ApiKeys.NewKey store = keys.create("pos-bj7", List.of("pos"), List.of("source:pos-suzhou-v3", "store:BJ0007"));
        assertThat(keys.authenticate(store.key()).orElseThrow().scopes())
                .containsExactly("source:pos-suzhou-v3", "store:BJ0007");
        assertThat(keys.create("gw", List.of("pos"), List.of("relay")).scopes()).containsExactly("relay");
        // each bound value matches its field's pattern (store codes are upper case, regions six digits)
        assertThatThrownBy(() -> keys.create("x1", List.of("pos"), List.of("store:bj0007")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scopes: 'store:bj0007'");
        assertThatThrownBy(() -> keys.create("x2", List.of("pos"), List.of("region:11010")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scopes: 'region:11010'");
        assertThatThrownBy(() -> keys.create("x3", List.of("pos"), List.of("source:Pos_V3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scopes: 'source:Pos_V3'");
        // a field is bound once; identity scopes and relay are a pos key's only
        assertThatThrownBy(() -> keys.create("x4", List.of("pos"), List.of("store:BJ0007", "store:BJ0008")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scopes: more than one store: scope");
        assertThatThrownBy(() -> keys.create("x5", List.of("channel"), List.of("jd:*", "relay")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scopes: 'relay' is for a pos key only");
        assertThat(keys.all()).extracting(ApiKeys.StoredKey::id).doesNotContain("x1", "x2", "x3", "x4", "x5");
    }

    @Test
    void createdKeysCarryRolesAndScopesAndCanBeRevoked() throws Exception {
        SecuritySettings s = new SecuritySettings();
        s.setAdminKeySha256(TestCredentials.ADMIN_SHA256);
        ApiKeys keys = new ApiKeys(s, dataDir);

        ApiKeys.NewKey erp = keys.create("erp-1", List.of("channel"), List.of("erp-xml:*", "tmall:tmall-flagship-01"));
        assertThat(Files.readString(dataDir.resolve("security/api-keys.json"))).doesNotContain(erp.key());
        Caller c = keys.authenticate(erp.key()).orElseThrow();
        assertThat(c.scoped()).isTrue();
        assertThat(c.mayAccess("erp-xml", "any-shop")).isTrue();
        assertThat(c.mayAccess("tmall", "tmall-flagship-01")).isTrue();
        assertThat(c.mayAccess("tmall", "tmall-outlet-02")).isFalse();
        assertThat(c.mayAccess("jd", "jd-1")).isFalse();

        // a restarted hub knows the key
        assertThat(new ApiKeys(s, dataDir).authenticate(erp.key())).isPresent();

        assertThat(keys.revoke("erp-1")).isTrue();
        assertThat(keys.authenticate(erp.key())).isEmpty();
        assertThat(new ApiKeys(s, dataDir).authenticate(erp.key())).isEmpty();
        assertThat(keys.revoke("erp-1")).isFalse();
    }

    @Test
    void badKeyRequestsAreRefusedNamingTheField() {
        ApiKeys keys = new ApiKeys(new SecuritySettings(), dataDir);
        assertThatThrownBy(() -> keys.create(null, List.of("channel"), List.of()))
                .hasMessageStartingWith("scopes:");
        assertThatThrownBy(() -> keys.create(null, List.of("root"), List.of())).hasMessageStartingWith("roles:");
        assertThatThrownBy(() -> keys.create(null, List.of(), List.of())).hasMessageStartingWith("roles:");
        assertThatThrownBy(() -> keys.create(null, List.of("channel"), List.of("tmall shop")))
                .hasMessageStartingWith("scopes:");
        assertThatThrownBy(() -> keys.create("admin", List.of("operator"), List.of()))
                .as("the first-start key's id is taken").hasMessageStartingWith("id:");
        assertThat(new Caller("x", Set.of(Caller.OPERATOR), List.of()).mayAccess("jd", "s")).isTrue();
    }
}
