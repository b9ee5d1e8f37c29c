package io.orderhub.support;

/**
 * The test context's API keys (test-only, not secrets): the plain keys here, only their SHA-256 in the
 * {@link HubTest} properties, as a deployment configures them. {@code TestCredentialsTest} checks that
 * each hash is the key's.
 */
public final class TestCredentials {

    public static final String ADMIN_KEY = "ohk_test-admin-key-not-a-secret-0001";
    public static final String ADMIN_SHA256 = "d7a8f28937ed97825bd0a76a612af76436206740874e79753d55f62568b66777";
    /** Role operator. */
    public static final String OPERATOR_KEY = "ohk_test-operator-key-not-a-secret-0002";
    public static final String OPERATOR_SHA256 = "8f0a03f839c7e6cdad2a0f76c4f266e7e5eeed647b10ec96aa78a51cf83e6fea";
    /** Role channel, scope tmall:tmall-flagship-01 (the shop of the sample order). */
    public static final String TMALL_CHANNEL_KEY = "ohk_test-channel-tmall-key-not-a-secret-0003";
    public static final String TMALL_CHANNEL_SHA256 = "e81982fd79e0babe739bf4dc832a964b58f52427d8d5269889ca0e6c29468732";
    /** Role pos. */
    public static final String POS_KEY = "ohk_test-pos-key-not-a-secret-0004";
    public static final String POS_SHA256 = "96e5577b0164ff22474a8eaeac017264d04d0fa2a50cfd29098c5dbccef82539";
    /** Role channel, scope jd:* (another channel than the sample order's). */
    public static final String JD_CHANNEL_KEY = "ohk_test-channel-jd-key-not-a-secret-0005";
    public static final String JD_CHANNEL_SHA256 = "253a696f8376caf585bca1b69e68b03604c10919c360d22563b40080809cd3ea";

    /** Role pos, bound to a store: scopes source:pos-suzhou-v3, region:110105, store:BJ0007. */
    public static final String POS_BOUND_KEY = "ohk_test-pos-bound-key-not-a-secret-0006";
    public static final String POS_BOUND_SHA256 = "3f8aa7548fe5f74c308b5540d8238e80ef2a6e8869f8374bb6158166c8bdf4de";
    /** Role pos, scope relay: a POS gateway that names the stores it relays in the X-POS headers. */
    public static final String POS_RELAY_KEY = "ohk_test-pos-relay-key-not-a-secret-0007";
    public static final String POS_RELAY_SHA256 = "75013ace4bebac922c0bf6eba57b2bf2bcc39546cd589fa060c3e8279598c0c7";

    private TestCredentials() {
    }
}
