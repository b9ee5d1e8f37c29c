package io.orderhub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the authenticated caller to the routes as a request attribute: Camel's platform-http runs
 * each request on another thread, where Spring Security's thread-bound context is not seen.
 */
public class CallerAttributeFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = Caller.class.getName();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a instanceof CallerAuthentication c) {
            request.setAttribute(ATTRIBUTE, c.caller());
        }
        chain.doFilter(request, response);
    }
}
