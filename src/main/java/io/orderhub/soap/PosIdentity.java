package io.orderhub.soap;

import io.orderhub.security.Caller;
import io.orderhub.security.CallerAttributeFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * Who is calling: the POS's source system, region and store. It comes from the authenticated account
 * (a WS-Security user's binding, or the {@code source:}, {@code region:}, {@code store:} scopes of a
 * {@code pos} key or token); the three allow-listed HTTP headers may only repeat a bound value, or,
 * for an account with the {@code relay} scope (a POS gateway relaying many stores), fill a field the
 * account leaves unbound. A header that contradicts the binding is refused (CRM-1100, naming the
 * header); an unbound field's header from any other account is ignored. Routing decides per identity;
 * the hub records the source system.
 */
public record PosIdentity(String sourceSystem, String regionCode, String storeCode) implements io.orderhub.cutover.Origin {

    public static final String SOURCE_HEADER = "X-POS-Source-System";
    public static final String REGION_HEADER = "X-POS-Region-Code";
    public static final String STORE_HEADER = "X-POS-Store-Code";
    /** Scopes of a pos key or token (its bound identity, and the gateway mark), owned by security. */
    public static final String SOURCE_SCOPE = io.orderhub.security.PosScopes.SOURCE_SCOPE;
    public static final String REGION_SCOPE = io.orderhub.security.PosScopes.REGION_SCOPE;
    public static final String STORE_SCOPE = io.orderhub.security.PosScopes.STORE_SCOPE;
    public static final String RELAY_SCOPE = io.orderhub.security.PosScopes.RELAY_SCOPE;
    static final Pattern SOURCE = io.orderhub.security.PosScopes.SOURCE;
    static final Pattern REGION = io.orderhub.security.PosScopes.REGION;
    static final Pattern STORE = io.orderhub.security.PosScopes.STORE;
    static final PosIdentity UNKNOWN = new PosIdentity(null, null, null);

    /** The identity of the SOAP call the CXF message belongs to (UNKNOWN when none was read). */
    public static PosIdentity of(Message m) {
        PosIdentity id = m == null || m.getExchange() == null ? null : m.getExchange().get(PosIdentity.class);
        return id == null ? UNKNOWN : id;
    }

    /**
     * What an authenticated account may claim: the fields bound to it (null: unbound) and whether it is
     * a gateway that may name, by header, the fields it leaves unbound.
     */
    public record Binding(PosIdentity bound, boolean relay) {

        public static final Binding UNBOUND = new Binding(UNKNOWN, false);

        /**
         * The binding a pos key's or token's scopes carry; other scopes (channels) play no part. Keys are
         * checked when made ({@link io.orderhub.security.PosScopes#scopeProblem}); a token's value that does not match its pattern
         * binds nothing.
         */
        public static Binding ofScopes(List<String> scopes) {
            return new Binding(new PosIdentity(scoped(scopes, SOURCE_SCOPE, SOURCE), scoped(scopes, REGION_SCOPE, REGION),
                    scoped(scopes, STORE_SCOPE, STORE)), scopes.contains(RELAY_SCOPE));
        }

        private static String scoped(List<String> scopes, String prefix, Pattern pattern) {
            for (String s : scopes) {
                if (s.startsWith(prefix) && pattern.matcher(s.substring(prefix.length())).matches()) {
                    return s.substring(prefix.length());
                }
            }
            return null;
        }

        /**
         * A WS-Security user's binding, {@code source-system/region/store} (each part may be empty);
         * null or empty: unbound. Throws naming the part that does not match its pattern.
         */
        public static Binding parse(String spec) {
            if (spec == null || spec.isEmpty()) {
                return UNBOUND;
            }
            String[] parts = spec.split("/", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a POS binding is source-system/region/store, each part may be empty");
            }
            return new Binding(new PosIdentity(checked(parts[0], SOURCE, "source system"),
                    checked(parts[1], REGION, "region"), checked(parts[2], STORE, "store")), false);
        }

        private static String checked(String value, Pattern pattern, String what) {
            String v = value.trim();
            if (v.isEmpty()) {
                return null;
            }
            if (!pattern.matcher(v).matches()) {
                throw new IllegalArgumentException("the " + what + " '" + v + "' does not match " + pattern.pattern());
            }
            return v;
        }
    }

    /** A POS identity header that names another value than the account is bound to. */
    public static final class Contradiction extends RuntimeException {
        private final String header;

        Contradiction(String header) {
            super(header + " names another value than the authenticated account is bound to");
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    /**
     * The call's identity: bound fields from the account, unbound ones from the headers only for a
     * relay account (pattern-checked; a value that does not match is dropped). With no authentication
     * at all (binding null: WS-Security off and no credential, as in some dev and test set-ups) the
     * headers are taken as sent, pattern-checked, as before accounts carried identities.
     *
     * @throws Contradiction when a header names another value than a bound field
     */
    public static PosIdentity resolve(Binding binding, Map<String, List<String>> headers) {
        Map<String, List<String>> h = headers == null ? Map.of() : headers;
        if (binding == null) {
            return new PosIdentity(free(values(h, SOURCE_HEADER), SOURCE), free(values(h, REGION_HEADER), REGION),
                    free(values(h, STORE_HEADER), STORE));
        }
        PosIdentity b = binding.bound();
        return new PosIdentity(field(b.sourceSystem(), binding.relay(), h, SOURCE_HEADER, SOURCE),
                field(b.regionCode(), binding.relay(), h, REGION_HEADER, REGION),
                field(b.storeCode(), binding.relay(), h, STORE_HEADER, STORE));
    }

    private static String field(String bound, boolean relay, Map<String, List<String>> headers, String name,
                                Pattern pattern) {
        List<String> sent = values(headers, name);
        if (bound != null) {
            for (String v : sent) {
                if (!v.equals(bound)) {
                    throw new Contradiction(name);
                }
            }
            return bound;
        }
        return relay ? free(sent, pattern) : null;
    }

    private static String free(List<String> sent, Pattern pattern) {
        if (sent.isEmpty()) {
            return null;
        }
        String v = sent.get(0);
        return pattern.matcher(v).matches() ? v : null;
    }

    /** Every non-empty value of the header, trimmed, whatever the case of its name. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                for (String v : e.getValue()) {
                    if (v != null && !v.trim().isEmpty()) {
                        out.add(v.trim());
                    }
                }
            }
        }
        return out;
    }

    /** Resolves the call's identity into the exchange before the call is served (after WS-Security). */
    public static class Extractor extends AbstractPhaseInterceptor<Message> {

        private final Map<String, Binding> users;

        /** Without WS-Security users: identities come from keys and tokens (or, with none, the headers). */
        public Extractor() {
            this(Map.of());
        }

        /** The WS-Security users' bindings, by user name; a user without one is unbound. */
        public Extractor(Map<String, Binding> users) {
            super(Phase.PRE_INVOKE);
            this.users = Map.copyOf(users);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void handleMessage(Message message) {
            Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
            PosIdentity identity;
            try {
                identity = resolve(binding(message), headers);
            } catch (Contradiction c) {
                throw UsernameTokenValidator.fault(message instanceof SoapMessage sm ? sm.getVersion()
                                : org.apache.cxf.binding.soap.Soap11.getInstance(), CrmFaults.AUTHENTICATION,
                        "authentication failed: " + c.header() + " contradicts the account's POS identity",
                        c.header(), c.getMessage());
            }
            message.getExchange().put(PosIdentity.class, identity);
        }

        /** The authenticated account's binding: its WS-Security user's, else its key's or token's; null: none. */
        private Binding binding(Message message) {
            Object user = message.getExchange() == null ? null
                    : message.getExchange().get(UsernameTokenValidator.AUTHENTICATED_USER);
            if (user != null) {
                return users.getOrDefault(user.toString(), Binding.UNBOUND);
            }
            if (message.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest request
                    && request.getAttribute(CallerAttributeFilter.ATTRIBUTE) instanceof Caller caller) {
                return Binding.ofScopes(caller.scopes());
            }
            return null;
        }
    }
}
