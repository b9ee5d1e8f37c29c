package io.orderhub.security;

import io.orderhub.config.HubProperties;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.io.InputStream;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Credentials: API keys (X-Api-Key / Authorization: ApiKey), a basic login with a
 * key id and key (for a browser on hawtio), and OAuth2 JWT bearer tokens when an issuer or JWK set is
 * configured. Roles: channel (intake and reads of its own channels and shops), pos (SOAP), operator
 * (reads, needs-attention, metrics, health details), admin (everything, key management, re-drive,
 * preview, the operator console). Webhooks are authenticated by their platform signatures in their
 * routes; SOAP by WS-Security when that is on. Only health status and the probes are anonymous.
 */
@Configuration
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {

    private static final String CHANNEL = Caller.CHANNEL;
    private static final String POS = Caller.POS;
    private static final String OPERATOR = Caller.OPERATOR;
    private static final String ADMIN = Caller.ADMIN;

    @Bean
    public ApiKeys apiKeys(SecuritySettings settings, HubProperties props) {
        return new ApiKeys(settings, Path.of(props.getDataDir()));
    }

    @Bean
    public CallerScope callerScope() {
        return new CallerScope();
    }

    @Bean
    public ApiKeyAdmin apiKeyAdmin(ApiKeys keys, @Value("${camel.rest.context-path:/api}") String api) {
        return new ApiKeyAdmin(keys, api);
    }

    @Bean
    public SecurityProblems securityProblems() {
        return new SecurityProblems();
    }

    /** Basic login: the user name is the key id, the password the key. */
    @Bean
    public AuthenticationManager apiKeyLogin(ApiKeys keys) {
        return authentication -> {
            if (authentication instanceof UsernamePasswordAuthenticationToken t && t.getCredentials() != null) {
                Caller c = keys.authenticate(t.getCredentials().toString()).orElse(null);
                if (c != null && c.name().equals(t.getName())) {
                    return new CallerAuthentication(c);
                }
            }
            throw new BadCredentialsException("unknown key id or key");
        };
    }

    @Bean
    public SecurityFilterChain hubSecurity(HttpSecurity http, ApiKeys keys, SecurityProblems problems,
                                           AuthenticationManager apiKeyLogin, SecuritySettings settings,
                                           @Value("${orderhub.soap.security.enabled:false}") boolean wsse,
                                           @Value("${camel.rest.context-path:/api}") String api,
                                           @Value("${cxf.path:/services}") String soap) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .authenticationManager(apiKeyLogin)
                .httpBasic(b -> b.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new ConsoleOriginFilter(problems), ApiKeyAuthenticationFilter.class)
                .addFilterAfter(new CallerAttributeFilter(), AuthorizationFilter.class);
        if (settings.getJwt().enabled()) {
            JwtDecoder decoder = jwtDecoder(settings.getJwt());
            JwtAuthenticationProvider bearer = new JwtAuthenticationProvider(decoder);
            bearer.setJwtAuthenticationConverter(jwt -> new CallerAuthentication(fromJwt(jwt, settings.getJwt())));
            // its own manager: the shared one (apiKeyLogin) takes basic logins only
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    .jwt(j -> j.authenticationManager(new ProviderManager(bearer))));
        }
        http.authorizeHttpRequests(a -> a
                // the second dispatch of an asynchronous answer and error pages of a request already checked
                // and forwards of a request already allowed (hawtio forwards its Jolokia calls)
                .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR, DispatcherType.FORWARD)
                .permitAll()
                // anonymous: health status (details need operator, see management.endpoint.health) and probes
                .requestMatchers(get("/actuator/health"), get("/actuator/health/liveness"),
                        get("/actuator/health/readiness")).permitAll()
                .requestMatchers(path("/actuator/hawtio/**"), path("/actuator/jolokia/**"), path("/hawtio/**"))
                .hasRole(ADMIN)
                .requestMatchers(path("/actuator/**")).hasRole(OPERATOR)
                // webhooks carry their platform's signature, checked in their routes before anything is read
                .requestMatchers(post(api + "/webhooks/**")).permitAll()
                .requestMatchers(path(api + "/admin/**")).hasRole(ADMIN)
                .requestMatchers(post(api + "/needs-attention/redrive")).hasRole(ADMIN)
                .requestMatchers(get(api + "/needs-attention")).hasRole(OPERATOR)
                .requestMatchers(post(api + "/orders")).hasAnyRole(CHANNEL, ADMIN)
                .requestMatchers(post(api + "/orders/*/status")).hasAnyRole(CHANNEL, ADMIN)
                .requestMatchers(get(api + "/orders"), get(api + "/orders/*")).hasAnyRole(CHANNEL, OPERATOR)
                .requestMatchers(get(api + "/openapi.json")).authenticated()
                // SOAP: WS-Security UsernameToken when on (the POS accounts), else a pos credential
                .requestMatchers(path(soap + "/**")).access(wsse
                        ? (auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(true)
                        : org.springframework.security.authorization.AuthorityAuthorizationManager
                                .hasAnyRole(POS, ADMIN))
                .anyRequest().hasRole(ADMIN));
        return http.build();
    }

    /** The bearer tokens' decoder: a JWK set URI, an issuer's discovery document, or one RSA public key. */
    static JwtDecoder jwtDecoder(SecuritySettings.Jwt jwt) throws java.io.IOException {
        NimbusJwtDecoder decoder;
        if (!jwt.getJwkSetUri().isEmpty()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).build();
        } else if (!jwt.getPublicKeyLocation().isEmpty()) {
            Resource pem = new DefaultResourceLoader().getResource(jwt.getPublicKeyLocation());
            try (InputStream in = pem.getInputStream()) {
                decoder = NimbusJwtDecoder.withPublicKey(RsaKeyConverters.x509().convert(in)).build();
            }
        } else {
            decoder = NimbusJwtDecoder.withIssuerLocation(jwt.getIssuerUri()).build();
        }
        decoder.setJwtValidator(jwt.getIssuerUri().isEmpty() ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(jwt.getIssuerUri()));
        return decoder;
    }

    /** Roles and channel scopes of a bearer token, from the configured claims. */
    static Caller fromJwt(Jwt jwt, SecuritySettings.Jwt claims) {
        Set<String> roles = new TreeSet<>();
        for (String r : strings(jwt.getClaim(claims.getRolesClaim()))) {
            String role = r.toLowerCase(Locale.ROOT);
            if (Caller.ROLES.contains(role)) {
                roles.add(role);
            }
        }
        // a pos identity scope whose value does not match its pattern binds nothing
        List<String> all = strings(jwt.getClaim(claims.getScopesClaim()));
        List<String> scopes = all.stream().filter(Caller::validScope)
                .filter(s -> PosScopes.scopeProblem(s, List.of(s)) == null).toList();
        String name = jwt.getSubject() == null ? "jwt" : "jwt:" + jwt.getSubject();
        return new Caller(name, roles, scopes);
    }

    private static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        } else if (claim instanceof String s) {
            for (String part : s.trim().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static RequestMatcher get(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pattern);
    }

    private static RequestMatcher post(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, pattern);
    }
}
