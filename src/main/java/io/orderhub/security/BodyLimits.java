package io.orderhub.security;

import io.orderhub.api.Problems;
import io.orderhub.soap.CrmFaults;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The largest request body per endpoint group (REST orders, webhooks, admin preview, SOAP): a larger
 * one is answered 413 problem+json before it is read (on the POS SOAP path: the contract's CrmFault
 * CRM-1000, HTTP 500, which is what a POS client understands). A declared Content-Length over the limit is
 * refused at once, nothing read; a body without one (chunked) is counted while it streams in, at most
 * limit + 1 bytes are ever held, and the call is refused as soon as the count passes the limit. What the
 * caller sends after a 413 is discarded by the container (Tomcat swallows up to max-swallow-size,
 * then closes the connection), never held.
 */
public class BodyLimits extends OncePerRequestFilter {

    /** Path prefix to limit in bytes, the longest matching prefix wins. */
    private final Map<String, Long> limits;
    private final long defaultLimit;
    /** Path prefix of the POS SOAP contract, whose callers get the contract's fault instead (null: none). */
    private final String soapPrefix;

    public BodyLimits(Map<String, Long> limits, long defaultLimit) {
        this(limits, defaultLimit, null);
    }

    public BodyLimits(Map<String, Long> limits, long defaultLimit, String soapPrefix) {
        this.limits = new LinkedHashMap<>(limits);
        this.defaultLimit = defaultLimit;
        this.soapPrefix = soapPrefix;
    }

    long limitFor(String path) {
        String best = null;
        for (String prefix : limits.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? defaultLimit : limits.get(best);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        long limit = limitFor(path);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(request, response, path, limit);
            return;
        }
        if (declared >= 0 || !hasBody(request)) {
            // the container never reads past a declared Content-Length
            chain.doFilter(request, response);
            return;
        }
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) != -1) {
                if (held.size() + n > limit) {
                    tooLarge(request, response, path, limit);
                    return;
                }
                held.write(buf, 0, n);
            }
        }
        chain.doFilter(new Counted(request, held.toByteArray()), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        String te = request.getHeader("Transfer-Encoding");
        return te != null && !te.isBlank();
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, String path, long limit)
            throws IOException {
        if (soapPrefix != null && path.startsWith(soapPrefix)) {
            // a POS keys on the contract's fault: CRM-1000 (the request does not match the contract), as
            // the legacy CRM answers an envelope its parser refuses
            String fault = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                    + "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>" + CrmFaults.INVALID_REQUEST
                    + " request too large</faultstring><detail><CrmFault xmlns=\"http://ws.crm.legacy/pos/2012\">"
                    + "<FaultCode>" + CrmFaults.INVALID_REQUEST + "</FaultCode><FaultMessage>the request is larger than "
                    + limit + " bytes</FaultMessage></CrmFault></detail></soap:Fault></soap:Body></soap:Envelope>";
            write(response, 500, "text/xml;charset=UTF-8", fault);
            return;
        }
        Problems.Problem p = Problems.simple(413, "payload-too-large", "Request body too large",
                "The body is larger than the " + limit + " bytes accepted here; nothing was read or stored.", path);
        write(response, 413, "application/problem+json", p.json());
    }

    private static void write(HttpServletResponse response, int status, String type, String text) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The chunked body, already counted, served again from memory. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final byte[] body;

        Counted(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() throws java.io.UnsupportedEncodingException {
            String cs = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), cs));
        }
    }
}
