package io.orderhub.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a platform signs an API request, chosen by {@code request.sign} in the connector's
 * {@code connector.yaml}. The TOP family (Taobao/Tmall, JD, Pinduoduo) signs the same string: every
 * parameter but the signature, sorted by name in byte order, written name then value with nothing
 * between (an empty value is left out); the digest is written in upper-case hex.
 */
public interface RequestSigner {

    /** The signature of the request parameters (the signature parameter itself is ignored). */
    String sign(String secret, Map<String, String> params);

    /** The signer a connector names: {@code md5-wrapped}, {@code hmac-md5} or {@code hmac-sha256}. */
    static RequestSigner of(String name) {
        return switch (name == null ? "" : name) {
            case "md5-wrapped" -> RequestSigner::md5Wrapped;
            case "hmac-md5" -> (secret, params) -> hmac("HmacMD5", secret, params);
            case "hmac-sha256" -> (secret, params) -> hmac("HmacSHA256", secret, params);
            default -> throw new IllegalStateException("unknown request signature '" + name
                    + "' (md5-wrapped, hmac-md5, hmac-sha256)");
        };
    }

    /** The string the TOP family signs: sorted name/value pairs, the signature and empty values left out. */
    static String canonical(Map<String, String> params) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> {
            if (!"sign".equals(k) && k != null && !k.isEmpty() && v != null && !v.isEmpty()) {
                s.append(k).append(v);
            }
        });
        return s.toString();
    }

    /** TOP {@code sign_method=md5}, JD and Pinduoduo: MD5(secret + canonical + secret). */
    static String md5Wrapped(String secret, Map<String, String> params) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((secret + canonical(params) + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TOP {@code sign_method=hmac} (HMAC-MD5) and {@code hmac-sha256}: the secret is the key, not wrapped. */
    static String hmac(String algorithm, String secret, Map<String, String> params) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().withUpperCase().formatHex(mac.doFinal(canonical(params).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
