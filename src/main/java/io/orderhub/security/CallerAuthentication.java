package io.orderhub.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link Caller}, whichever credential it showed (API key, basic login, bearer token). */
public class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    public CallerAuthentication(Caller caller) {
        super(authorities(caller));
        this.caller = caller;
        setAuthenticated(true);
    }

    /** ROLE_ per role; admin can do what operator can (health details, reads, needs-attention). */
    static List<GrantedAuthority> authorities(Caller caller) {
        List<GrantedAuthority> a = new ArrayList<>();
        for (String role : caller.roles()) {
            a.add(new SimpleGrantedAuthority("ROLE_" + role));
        }
        if (caller.roles().contains(Caller.ADMIN) && !caller.roles().contains(Caller.OPERATOR)) {
            a.add(new SimpleGrantedAuthority("ROLE_" + Caller.OPERATOR));
        }
        return a;
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.name();
    }

    @Override
    public String getName() {
        return caller.name();
    }
}
