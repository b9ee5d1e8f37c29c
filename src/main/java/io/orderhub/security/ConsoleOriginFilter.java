package io.orderhub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator console (hawtio, Jolokia) takes a browser's login, which the browser sends along
 * with any page's request: a state-changing request from a page of another origin is refused (403),
 * so no other site can drive Jolokia with a logged-in admin's credentials. Requests without an
 * Origin header (curl, scripts) are not browsers' cross-site requests and pass.
 */
public class ConsoleOriginFilter extends OncePerRequestFilter {

    private final SecurityProblems problems;

    public ConsoleOriginFilter(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        boolean safe = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        return safe || !(path.startsWith("/actuator/jolokia") || path.startsWith("/actuator/hawtio"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            SecurityProblems.write(response, request, 403, "forbidden", "Not allowed",
                    "The operator console takes no state-changing request from another origin");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI o = URI.create(origin);
            String host = request.getHeader("Host");
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(request.getScheme())
                    && host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
