package io.orderhub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Header hygiene at the HTTP entries (REST API, webhooks, SOAP): a request reaches the servlets, and
 * so Camel's platform-http consumer and CXF, with only the allow-listed headers (standard HTTP ones
 * and the configured prefixes such as the platforms' webhook headers and the POS identity headers),
 * and without any query parameter whose name is Camel-significant (Camel*, camel*, CAMEL*,
 * org.apache.camel.*): platform-http turns both into message headers, where a CamelHttpUri,
 * CamelFileName, CamelJmsDestinationName or CamelSqlQuery could redirect a producer. The routes then
 * copy the few headers they need into exchange properties and drop the rest (removeHeaders "*").
 */
public class EntryHeaders extends OncePerRequestFilter {

    private final Set<String> allowedNames;
    private final List<String> allowedPrefixes;

    public EntryHeaders(List<String> allowedNames, List<String> allowedPrefixes) {
        this.allowedNames = allowedNames.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.allowedPrefixes = allowedPrefixes.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** Camel's own header and parameter names, in any case. */
    public static boolean camelSignificant(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("camel") || n.startsWith("org.apache.camel.");
    }

    boolean headerAllowed(String name) {
        if (name == null || camelSignificant(name)) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return allowedNames.contains(n) || allowedPrefixes.stream().anyMatch(n::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Cleaned(request), response);
    }

    private static String decodedName(String pair) {
        String raw = pair.split("=", 2)[0];
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // not decodable: judged on the raw text, a %-escaped "Camel" is dropped with it
            return raw.replace("%43", "C").replace("%63", "c");
        }
    }

    private final class Cleaned extends HttpServletRequestWrapper {

        private Map<String, String[]> parameters;

        Cleaned(HttpServletRequest request) {
            super(request);
        }

        /** Read when first asked for, as the container does (a form body is parsed only then). */
        private Map<String, String[]> parameters() {
            if (parameters == null) {
                Map<String, String[]> kept = new LinkedHashMap<>();
                super.getParameterMap().forEach((k, v) -> {
                    if (!camelSignificant(k)) {
                        kept.put(k, v);
                    }
                });
                parameters = Collections.unmodifiableMap(kept);
            }
            return parameters;
        }

        @Override
        public String getHeader(String name) {
            return headerAllowed(name) ? super.getHeader(name) : null;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return headerAllowed(name) ? super.getHeaders(name) : Collections.emptyEnumeration();
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(EntryHeaders.this::headerAllowed).toList());
        }

        @Override
        public int getIntHeader(String name) {
            return headerAllowed(name) ? super.getIntHeader(name) : -1;
        }

        @Override
        public long getDateHeader(String name) {
            return headerAllowed(name) ? super.getDateHeader(name) : -1L;
        }

        @Override
        public String getParameter(String name) {
            String[] v = parameters().get(name);
            return v == null || v.length == 0 ? null : v[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters().get(name);
        }

        @Override
        public String getQueryString() {
            String q = super.getQueryString();
            if (q == null) {
                return null;
            }
            String kept = java.util.Arrays.stream(q.split("&"))
                    .filter(pair -> !camelSignificant(decodedName(pair)))
                    .collect(Collectors.joining("&"));
            return kept.isEmpty() ? null : kept;
        }
    }
}
