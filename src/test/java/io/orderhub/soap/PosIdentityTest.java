package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the POS identity comes from: the account first, a header only where the account allows it. */
class PosIdentityTest {

    private static final Map<String, List<String>> HEADERS = Map.of(
            "x-pos-source-system", List.of("pos-gw-v2"),
            "X-POS-Region-Code", List.of("310000"),
            "X-POS-Store-Code", List.of("SH0001"));

    @Test
    void aBoundValueIsTheIdentityAndAContradictingHeaderIsRefusedNamingIt() {
        PosIdentity.Binding bj7 = PosIdentity.Binding.parse("pos-suzhou-v3/110105/BJ0007");
        assertThat(PosIdentity.resolve(bj7, Map.of()))
                .isEqualTo(new PosIdentity("pos-suzhou-v3", "110105", "BJ0007"));
        assertThat(PosIdentity.resolve(bj7, Map.of("X-POS-Store-Code", List.of(" BJ0007 "))))
                .isEqualTo(new PosIdentity("pos-suzhou-v3", "110105", "BJ0007"));
        assertThatThrownBy(() -> PosIdentity.resolve(bj7, Map.of("X-POS-Store-Code", List.of("BJ0008"))))
                .isInstanceOfSatisfying(PosIdentity.Contradiction.class,
                        c -> assertThat(c.header()).isEqualTo(PosIdentity.STORE_HEADER));
        // a second value of the header counts too
        assertThatThrownBy(() -> PosIdentity.resolve(bj7, Map.of("x-pos-region-code", List.of("110105", "310000"))))
                .isInstanceOfSatisfying(PosIdentity.Contradiction.class,
                        c -> assertThat(c.header()).isEqualTo(PosIdentity.REGION_HEADER));
    }

    @Test
    void anUnboundFieldIsTakenFromTheHeaderOnlyForARelayAccount() {
        // bound to its source system only
        PosIdentity.Binding store = PosIdentity.Binding.ofScopes(List.of("source:pos-gw-v2", "tmall:*"));
        assertThat(PosIdentity.resolve(store, HEADERS)).isEqualTo(new PosIdentity("pos-gw-v2", null, null));
        PosIdentity.Binding relay = PosIdentity.Binding.ofScopes(List.of("source:pos-gw-v2", "relay"));
        assertThat(PosIdentity.resolve(relay, HEADERS)).isEqualTo(new PosIdentity("pos-gw-v2", "310000", "SH0001"));
        // a relayed value still has to match its pattern
        assertThat(PosIdentity.resolve(relay, Map.of("X-POS-Store-Code", List.of("sh 1"))))
                .isEqualTo(new PosIdentity("pos-gw-v2", null, null));
        assertThat(PosIdentity.resolve(PosIdentity.Binding.UNBOUND, HEADERS)).isEqualTo(new PosIdentity(null, null, null));
    }

    @Test
    void withNoAuthenticationAtAllTheHeadersAreTakenAsBefore() {
        assertThat(PosIdentity.resolve(null, HEADERS)).isEqualTo(new PosIdentity("pos-gw-v2", "310000", "SH0001"));
        assertThat(PosIdentity.resolve(null, Map.of("X-POS-Region-Code", List.of("not-a-region"))))
                .isEqualTo(new PosIdentity(null, null, null));
    }

    @Test
    void theUsersFormatKeepsPlainAccountsAndReadsBindings() {
        String users = "pos-bj7:s3cret@pos-suzhou-v3/110105/BJ0007, old:pw, mail:a@b, half:x@/310000/";
        assertThat(SoapConfiguration.parseUsers(users)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pos-bj7", "s3cret", "old", "pw", "mail", "a@b", "half", "x"));
        assertThat(SoapConfiguration.parseBindings(users)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pos-bj7", new PosIdentity.Binding(new PosIdentity("pos-suzhou-v3", "110105", "BJ0007"), false),
                "old", PosIdentity.Binding.UNBOUND,
                "mail", PosIdentity.Binding.UNBOUND,
                "half", new PosIdentity.Binding(new PosIdentity(null, "310000", null), false)));
        assertThatThrownBy(() -> SoapConfiguration.parseUsers("pos-x:secret-pw@pos/110105/bj7"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("user pos-x")
                .hasMessageContaining("'bj7'").hasMessageNotContaining("secret-pw");
    }
}
