package io.orderhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The entry filters on their own: body limits, rate limits per credential, header hygiene. */
class EntryGuardsTest {

    static final BodyLimits BODY = new BodyLimits(Map.of("/api/orders", 100L, "/api/webhooks/", 200L), 10L);

    /** A request whose body arrives chunked: no Content-Length, the container says -1. */
    static MockHttpServletRequest chunked(String uri, byte[] body) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", uri) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        r.setContent(body);
        r.addHeader("Transfer-Encoding", "chunked");
        return r;
    }

    /** The chain's end: records what the servlet would read. */
    static final class Reader extends MockFilterChain {
        final AtomicReference<byte[]> read = new AtomicReference<>();

        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response)
                throws java.io.IOException {
            read.set(request.getInputStream().readAllBytes());
        }
    }

    @Test
    void aDeclaredLengthOverTheGroupsLimitIs413WithoutReadingTheBody() throws Exception {
        MockHttpServletRequest big = new MockHttpServletRequest("POST", "/api/orders");
        big.setContent(new byte[101]);
        MockHttpServletResponse res = new MockHttpServletResponse();
        Reader chain = new Reader();
        BODY.doFilter(big, res, chain);
        assertThat(res.getStatus()).isEqualTo(413);
        assertThat(res.getContentType()).isEqualTo("application/problem+json");
        assertThat(res.getContentAsString()).contains("\"status\":413").contains("100 bytes");
        assertThat(chain.read.get()).isNull();
        // nothing of the body was taken from the stream
        assertThat(big.getInputStream().readAllBytes()).hasSize(101);

        // the same size is fine for a webhook (its own limit), and exactly the limit is fine
        MockHttpServletRequest webhook = new MockHttpServletRequest("POST", "/api/webhooks/shopify");
        webhook.setContent(new byte[101]);
        Reader ok = new Reader();
        MockHttpServletResponse okRes = new MockHttpServletResponse();
        BODY.doFilter(webhook, okRes, ok);
        assertThat(okRes.getStatus()).isEqualTo(200);
        assertThat(ok.read.get()).hasSize(101);
        MockHttpServletRequest exact = new MockHttpServletRequest("POST", "/api/orders");
        exact.setContent(new byte[100]);
        Reader exactChain = new Reader();
        BODY.doFilter(exact, new MockHttpServletResponse(), exactChain);
        assertThat(exactChain.read.get()).hasSize(100);
    }

    @Test
    void onThePosSoapPathTheAnswerIsTheContractsFault() throws Exception {
        BodyLimits soap = new BodyLimits(Map.of("/services", 50L), 10L, "/services");
        MockHttpServletRequest big = new MockHttpServletRequest("POST", "/services/crm");
        big.setContent(new byte[51]);
        MockHttpServletResponse res = new MockHttpServletResponse();
        Reader chain = new Reader();
        soap.doFilter(big, res, chain);
        assertThat(res.getStatus()).isEqualTo(500);
        assertThat(res.getContentType()).startsWith("text/xml");
        assertThat(res.getContentAsString()).contains("<FaultCode>CRM-1000</FaultCode>").contains("50 bytes");
        assertThat(chain.read.get()).isNull();
    }

    @Test
    void aChunkedBodyIsCountedWhileStreamingAndRefusedPastTheLimit() throws Exception {
        MockHttpServletResponse res = new MockHttpServletResponse();
        Reader chain = new Reader();
        BODY.doFilter(chunked("/api/orders", new byte[101]), res, chain);
        assertThat(res.getStatus()).isEqualTo(413);
        assertThat(res.getContentAsString()).contains("payload-too-large");
        assertThat(chain.read.get()).isNull();

        byte[] small = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Reader passes = new Reader();
        MockHttpServletResponse passRes = new MockHttpServletResponse();
        BODY.doFilter(chunked("/api/orders", small), passRes, passes);
        assertThat(passRes.getStatus()).isEqualTo(200);
        assertThat(passes.read.get()).isEqualTo(small);
    }

    static MockHttpServletRequest from(String address, String uri) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", uri);
        r.setRemoteAddr(address);
        return r;
    }

    @Test
    void theThirdRequestOfACredentialInThePeriodIs429WithRetryAfter() throws Exception {
        RateLimits limits = new RateLimits(2, Duration.ofHours(1), 100, p -> null);
        assertThat(status(limits, from("10.0.0.1", "/api/orders"))).isEqualTo(200);
        assertThat(status(limits, from("10.0.0.1", "/api/orders"))).isEqualTo(200);
        MockHttpServletResponse third = new MockHttpServletResponse();
        limits.doFilter(from("10.0.0.1", "/api/orders"), third, new MockFilterChain());
        assertThat(third.getStatus()).isEqualTo(429);
        assertThat(third.getContentType()).isEqualTo("application/problem+json");
        long retryAfter = Long.parseLong(third.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3600L);
        // another client address is another credential
        assertThat(status(limits, from("10.0.0.2", "/api/orders"))).isEqualTo(200);
    }

    @Test
    void theKeyIsThePrincipalThenTheWebhooksPlatformAndShopThenTheAddress() {
        RateLimits limits = new RateLimits(1, Duration.ofHours(1), 100,
                p -> p.equals("shopify") ? "X-Shopify-Shop-Domain" : null);
        MockHttpServletRequest authenticated = from("10.0.0.1", "/api/orders");
        authenticated.setUserPrincipal((Principal) () -> "shop-key-7");
        assertThat(limits.keyOf(authenticated)).isEqualTo("principal:shop-key-7");
        MockHttpServletRequest webhook = from("10.0.0.1", "/api/webhooks/shopify");
        webhook.addHeader("X-Shopify-Shop-Domain", "a.myshopify.com");
        assertThat(limits.keyOf(webhook)).isEqualTo("webhook:shopify:a.myshopify.com");
        assertThat(limits.keyOf(from("10.0.0.1", "/api/webhooks/woocommerce"))).isEqualTo("address:10.0.0.1");
        assertThat(limits.keyOf(from("10.0.0.1", "/api/orders"))).isEqualTo("address:10.0.0.1");
    }

    @Test
    void twoShopsBehindOneAddressHaveTheirOwnWebhookLimits() throws Exception {
        RateLimits limits = new RateLimits(1, Duration.ofHours(1), 100, p -> "X-Shopify-Shop-Domain");
        MockHttpServletRequest a = from("10.0.0.9", "/api/webhooks/shopify");
        a.addHeader("X-Shopify-Shop-Domain", "a.myshopify.com");
        MockHttpServletRequest b = from("10.0.0.9", "/api/webhooks/shopify");
        b.addHeader("X-Shopify-Shop-Domain", "b.myshopify.com");
        assertThat(status(limits, a)).isEqualTo(200);
        assertThat(status(limits, b)).isEqualTo(200);
        MockHttpServletRequest a2 = from("10.0.0.9", "/api/webhooks/shopify");
        a2.addHeader("X-Shopify-Shop-Domain", "a.myshopify.com");
        assertThat(status(limits, a2)).isEqualTo(429);
    }

    static int status(RateLimits limits, MockHttpServletRequest r) throws Exception {
        MockHttpServletResponse res = new MockHttpServletResponse();
        limits.doFilter(r, res, new MockFilterChain());
        return res.getStatus();
    }

    @Test
    void onlyAllowListedHeadersAndNoCamelHeaderOrParameterPass() throws Exception {
        EntryHeaders hygiene = new EntryHeaders(List.of("Content-Type", "Idempotency-Key", "CamelHttpUri"),
                List.of("X-Shopify-"));
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/orders");
        r.addHeader("Content-Type", "application/json");
        r.addHeader("Idempotency-Key", "k1");
        r.addHeader("X-Shopify-Topic", "orders/create");
        r.addHeader("CamelHttpUri", "http://evil.example/");
        r.addHeader("camelFileName", "../../etc/passwd");
        r.addHeader("CAMELJMSDESTINATIONNAME", "other.queue");
        r.addHeader("org.apache.camel.sql.query", "DELETE FROM orders");
        r.addHeader("X-Unlisted", "x");
        r.setQueryString("channel=shopify&CamelSqlQuery=DROP&camelHttpPath=/x&%43amelFileName=y");
        r.addParameter("channel", "shopify");
        r.addParameter("CamelSqlQuery", "DROP");
        r.addParameter("camelHttpPath", "/x");
        r.addParameter("CamelFileName", "y");
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        hygiene.doFilter(r, new MockHttpServletResponse(), (req, res) -> seen.set((HttpServletRequest) req));
        HttpServletRequest in = seen.get();
        // CamelHttpUri is refused even though it was put on the allow-list by mistake
        assertThat(Collections.list(in.getHeaderNames()))
                .containsExactlyInAnyOrder("Content-Type", "Idempotency-Key", "X-Shopify-Topic");
        assertThat(in.getHeader("CamelHttpUri")).isNull();
        assertThat(in.getHeader("x-unlisted")).isNull();
        assertThat(Collections.list(in.getHeaders("camelfilename"))).isEmpty();
        assertThat(in.getParameterMap()).containsOnlyKeys("channel");
        assertThat(in.getParameter("CamelSqlQuery")).isNull();
        assertThat(in.getQueryString()).isEqualTo("channel=shopify");
    }
}
