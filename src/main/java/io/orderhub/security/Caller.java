package io.orderhub.security;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, as the routes see it: a name (key id or token subject), the roles and, for a
 * {@code channel} credential, the channels and shops it may touch ({@code channel:shop}, {@code channel:*}).
 * A credential without scopes is not limited to channels (operator, admin).
 */
public record Caller(String name, Set<String> roles, List<String> scopes) {

    public static final String CHANNEL = "channel";
    public static final String POS = "pos";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    public static final Set<String> ROLES = Set.of(CHANNEL, POS, OPERATOR, ADMIN);

    public Caller {
        roles = Set.copyOf(roles);
        scopes = List.copyOf(scopes);
    }

    /** Limited to its channels and shops: a channel credential that is neither operator nor admin. */
    public boolean scoped() {
        return !roles.contains(ADMIN) && !roles.contains(OPERATOR);
    }

    /** Whether this caller may see or write the orders of a channel's shop. */
    public boolean mayAccess(String channel, String shop) {
        if (!scoped()) {
            return true;
        }
        for (String s : scopes) {
            int colon = s.indexOf(':');
            String c = colon < 0 ? s : s.substring(0, colon);
            String sh = colon < 0 ? "*" : s.substring(colon + 1);
            if (c.equals(channel) && (sh.equals("*") || sh.equals(shop))) {
                return true;
            }
        }
        return false;
    }

    /** A scope is {@code channel} or {@code channel:shop} or {@code channel:*}, without blanks. */
    public static boolean validScope(String scope) {
        return scope != null && scope.matches("[A-Za-z0-9._-]{1,64}(:([A-Za-z0-9._-]{1,128}|\\*))?");
    }
}
