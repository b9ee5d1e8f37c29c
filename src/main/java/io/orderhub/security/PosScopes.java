package io.orderhub.security;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The scopes of a {@code pos} key or token: the POS identity the credential is bound to
 * ({@code source:}, {@code region:}, {@code store:}) and the gateway mark {@code relay}, with the
 * patterns each value must match. The SOAP entry ({@code soap.PosIdentity}) reads the binding.
 */
public final class PosScopes {

    public static final String SOURCE_SCOPE = "source:";
    public static final String REGION_SCOPE = "region:";
    public static final String STORE_SCOPE = "store:";
    public static final String RELAY_SCOPE = "relay";
    public static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    public static final Pattern REGION = Pattern.compile("[1-9][0-9]{5}");
    public static final Pattern STORE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");

    private PosScopes() {
    }

    /** What is wrong with a POS identity scope among all of a credential's scopes, or null. */
    public static String scopeProblem(String scope, List<String> all) {
        Pattern p = scope.startsWith(SOURCE_SCOPE) ? SOURCE : scope.startsWith(REGION_SCOPE) ? REGION
                : scope.startsWith(STORE_SCOPE) ? STORE : null;
        if (p == null) {
            return null;
        }
        String prefix = scope.substring(0, scope.indexOf(':') + 1);
        if (!p.matcher(scope.substring(prefix.length())).matches()) {
            return "'" + scope + "' does not match " + prefix + p.pattern();
        }
        if (all.stream().filter(s -> s.startsWith(prefix)).count() > 1) {
            return "more than one " + prefix + " scope";
        }
        return null;
    }

    /** Whether a scope is one of the POS identity scopes (source:, region:, store:, relay). */
    public static boolean isPosScope(String scope) {
        return scope.startsWith(SOURCE_SCOPE) || scope.startsWith(REGION_SCOPE) || scope.startsWith(STORE_SCOPE)
                || scope.equals(RELAY_SCOPE);
    }
}
