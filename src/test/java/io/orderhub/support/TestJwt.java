package io.orderhub.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * A local RSA key standing in for an identity provider: its public key is written (PEM) under the
 * test data directory and configured as orderhub.security.jwt.public-key-location; tokens are made
 * here by hand (RFC 7515 compact JWS, RS256 = RSASSA-PKCS1-v1_5 with SHA-256), not with the
 * library the hub verifies them with.
 */
public final class TestJwt {

    private static final KeyPair KEYS = generate();
    private static final KeyPair OTHER_KEYS = generate();

    private TestJwt() {
    }

    /** Writes the public key and points the hub at it (called before the context starts). */
    static void install(Path dir) {
        try {
            Path pem = dir.resolve("jwt-test-public.pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            System.setProperty("orderhub.security.jwt.public-key-location", pem.toUri().toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with the configured key: {@code rolesJson} and {@code scopesJson} are JSON arrays. */
    public static String token(String subject, String rolesJson, String scopesJson) {
        return sign(KEYS.getPrivate(), subject, rolesJson, scopesJson, Instant.now().plusSeconds(600));
    }

    /** The same claims, signed by a key the hub does not know. */
    public static String forged(String subject, String rolesJson) {
        return sign(OTHER_KEYS.getPrivate(), subject, rolesJson, "[]", Instant.now().plusSeconds(600));
    }

    /** A token that expired an hour ago. */
    public static String expired(String subject, String rolesJson) {
        return sign(KEYS.getPrivate(), subject, rolesJson, "[]", Instant.now().minusSeconds(3600));
    }

    private static String sign(PrivateKey key, String subject, String rolesJson, String scopesJson, Instant exp) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"" + subject + "\",\"iat\":" + (now - 5) + ",\"exp\":" + exp.getEpochSecond()
                + ",\"roles\":" + rolesJson + ",\"orderhub_scopes\":" + scopesJson + "}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
