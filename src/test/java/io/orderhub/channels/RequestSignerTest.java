package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request signatures against vectors the hub's code did not produce.
 *
 * <p>The string to sign comes from the platforms' documentation: Taobao TOP's signature guide
 * (https://api.1688.com/doc2/detail.htm?articleId=101617&docType=1&treeId=154 and the English
 * http://developer.alibaba.com/docs/doc.htm?articleId=105423&docType=1&treeId=358: parameters
 * foo=1, bar=2, foo_bar=3, foobar=4 are signed as "bar2foo1foo_bar3foobar4"; md5 wraps it in the
 * secret, hmac keys HMAC-MD5 with the secret; hex in upper case, as in hex("helloworld") =
 * "68656C6C6F776F726C64"). JD's open platform documents the same order for its parameters
 * (360buy_param_json, access_token, app_key, method, timestamp, v) wrapped in the app secret
 * (https://blog.csdn.net/l081499/article/details/119412476 quotes it). None of these pages prints a
 * digest, so the digests below were computed outside the JVM with coreutils and OpenSSL, e.g.
 * {@code printf '%s' 'helloworldbar2foo1foo_bar3foobar4helloworld' | md5sum} and
 * {@code printf '%s' 'bar2foo1foo_bar3foobar4' | openssl dgst -md5 -hmac helloworld}, and are
 * checked once more with the JDK's MessageDigest written out here.
 */
class RequestSignerTest {

    static Map<String, String> topDocExample() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("foo", "1");
        p.put("bar", "2");
        p.put("foo_bar", "3");
        p.put("foobar", "4");
        return p;
    }

    @Test
    void theStringToSignIsTheDocumentedOne() {
        Map<String, String> p = topDocExample();
        p.put("sign", "ignored");
        p.put("session", "");
        assertThat(RequestSigner.canonical(p)).isEqualTo("bar2foo1foo_bar3foobar4");
    }

    @Test
    void md5WrappedMatchesTopsDocumentedExampleDigestedByCoreutils() throws Exception {
        String expected = "5AAF1C690262A24768F5478B084C2C8A"; // md5sum of helloworldbar2foo1foo_bar3foobar4helloworld
        assertThat(RequestSigner.of("md5-wrapped").sign("helloworld", topDocExample())).isEqualTo(expected);
        // the same digest, once more by the JDK with nothing of the hub's code in between
        byte[] d = MessageDigest.getInstance("MD5")
                .digest("helloworldbar2foo1foo_bar3foobar4helloworld".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().withUpperCase().formatHex(d)).isEqualTo(expected);
    }

    @Test
    void hmacMd5AndHmacSha256MatchOpenSsl() {
        assertThat(RequestSigner.of("hmac-md5").sign("helloworld", topDocExample()))
                .isEqualTo("E687005F819D6F9E6ED085311C8ACC75");
        assertThat(RequestSigner.of("hmac-sha256").sign("helloworld", topDocExample()))
                .isEqualTo("339676BF36C50A8BD3D8F6B4A81B2F9AA614B05BFCFEBEFC169CB830D6B77D3B");
    }

    @Test
    void jdParametersInTheirDocumentedOrder() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("v", "2.0");
        p.put("timestamp", "2026-11-22 10:00:00");
        p.put("method", "jingdong.pop.order.search");
        p.put("app_key", "key");
        p.put("access_token", "tok");
        p.put("360buy_param_json", "{\"order_id\":\"1\"}");
        // md5sum of secret360buy_param_json{"order_id":"1"}access_tokentokapp_keykeymethod
        // jingdong.pop.order.searchtimestamp2026-11-22 10:00:00v2.0secret
        assertThat(RequestSigner.of("md5-wrapped").sign("secret", p)).isEqualTo("D585B8428509811F9ABB3B04ED254EFD");
    }

    @Test
    void pinduoduoSystemParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", "pdd.order.number.list.increment.get");
        p.put("timestamp", "1480411125");
        p.put("data_type", "JSON");
        p.put("client_id", "client");
        // no digest is printed in Pinduoduo's docs we could find: md5sum of testSecret + client_idclient
        // data_typeJSONtimestamp1480411125typepdd.order.number.list.increment.get + testSecret
        assertThat(RequestSigner.of("md5-wrapped").sign("testSecret", p)).isEqualTo("44D394505C9CA505913F7AD987ACCA1D");
    }

    @Test
    void anUnknownAlgorithmIsRefusedAtOnce() {
        assertThatThrownBy(() -> RequestSigner.of("sha1")).hasMessageContaining("sha1");
    }
}
