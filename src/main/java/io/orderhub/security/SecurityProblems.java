package io.orderhub.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as RFC 9457 problem+json, like every other refusal of the hub. */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** Every scheme the hub takes; Basic lets a browser log in to hawtio with a key id and key. */
    static final String CHALLENGE = "ApiKey realm=\"orderhub\", Bearer realm=\"orderhub\", Basic realm=\"orderhub\"";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        write(response, request, 401, "unauthorized", "Authentication required",
                "Send an API key (X-Api-Key or Authorization: ApiKey <key>), a bearer token or a basic login");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, request, 403, "forbidden", "Not allowed",
                "The credential's roles do not allow this request");
    }

    static void write(HttpServletResponse response, HttpServletRequest request, int status, String type, String title,
                      String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ObjectNode p = CanonicalJson.mapper().createObjectNode();
        p.put("type", "urn:orderhub:problem:" + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(p.toString().getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }
}
