package io.orderhub.soap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WS-Security UsernameToken with PasswordDigest (OASIS UsernameToken Profile 1.1), checked by the
 * hub itself: digest = Base64(SHA-1(nonce + created + password)), Created within the window, and
 * each nonce accepted once within that window, so a captured request cannot be replayed.
 *
 * <p>Why not WSS4J: its CXF module pulls OpenSAML, which our registry does not serve.
 * Every failure answers the same CRM-1100, so a caller learns nothing about which part was wrong.
 */
public class UsernameTokenValidator extends AbstractSoapInterceptor {

    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String DIGEST = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    static final QName SECURITY = new QName(WSSE, "Security");

    private final Map<String, String> passwords;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();

    public UsernameTokenValidator(Map<String, String> passwords, Duration window, Clock clock) {
        super(Phase.PRE_PROTOCOL);
        this.passwords = Map.copyOf(passwords);
        this.window = window;
        this.clock = clock;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Header header = message.getHeader(SECURITY);
        if (header == null || !(header.getObject() instanceof Element security)) {
            throw refused(message, "no UsernameToken");
        }
        Element token = child(security, WSSE, "UsernameToken");
        String user = text(token, WSSE, "Username");
        Element passwordEl = token == null ? null : child(token, WSSE, "Password");
        String nonce = text(token, WSSE, "Nonce");
        String created = text(token, WSU, "Created");
        if (user == null || passwordEl == null || nonce == null || created == null
                || !DIGEST.equals(passwordEl.getAttribute("Type"))) {
            throw refused(message, "incomplete UsernameToken");
        }
        Instant now = clock.instant();
        Instant at;
        try {
            at = Instant.parse(created);
        } catch (DateTimeParseException e) {
            throw refused(message, "bad Created");
        }
        if (at.isBefore(now.minus(window)) || at.isAfter(now.plus(Duration.ofMinutes(1)))) {
            throw refused(message, "Created outside the window");
        }
        String secret = passwords.get(user);
        if (secret == null || !digestMatches(nonce, created, secret, passwordEl.getTextContent().trim())) {
            throw refused(message, "bad credentials");
        }
        forgetOldNonces(now);
        if (seenNonces.putIfAbsent(user + ":" + nonce, at) != null) {
            throw refused(message, "nonce replayed");
        }
    }

    private static String digest(String nonceBase64, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(Base64.getDecoder().decode(nonceBase64));
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean digestMatches(String nonce, String created, String password, String presented) {
        try {
            byte[] expected = digest(nonce, created, password).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException badNonce) {
            return false;
        }
    }

    private void forgetOldNonces(Instant now) {
        Instant oldest = now.minus(window).minus(Duration.ofMinutes(1));
        for (Iterator<Map.Entry<String, Instant>> it = seenNonces.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isBefore(oldest)) {
                it.remove();
            }
        }
    }

    private static SoapFault refused(SoapMessage message, String why) {
        SoapFault fault = new SoapFault(CrmFaults.AUTHENTICATION + " authentication failed",
                message.getVersion().getSender());
        Document doc = fault.getOrCreateDetail().getOwnerDocument();
        Element crm = doc.createElementNS(CrmFaultInterceptor.NS, "CrmFault");
        Element code = doc.createElementNS(CrmFaultInterceptor.NS, "FaultCode");
        code.setTextContent(CrmFaults.AUTHENTICATION);
        Element msg = doc.createElementNS(CrmFaultInterceptor.NS, "FaultMessage");
        msg.setTextContent("authentication failed");
        crm.appendChild(code);
        crm.appendChild(msg);
        fault.getOrCreateDetail().appendChild(crm);
        org.slf4j.LoggerFactory.getLogger(UsernameTokenValidator.class).info("SOAP call refused: {}", why);
        return fault;
    }

    private static Element child(Element parent, String ns, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String ns, String name) {
        Element e = child(parent, ns, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
