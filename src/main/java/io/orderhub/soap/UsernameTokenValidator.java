package io.orderhub.soap;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.apache.wss4j.common.bsp.BSPRule;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.engine.WSSecurityEngine;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.message.token.UsernameToken;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * WS-Security UsernameToken with PasswordDigest (OASIS UsernameToken Profile 1.1) on every POS call,
 * processed by WSS4J (its DOM security engine, UsernameTokenProcessor and UsernameTokenValidator:
 * token form, PasswordDigest only, digest = Base64(SHA-1(nonce + created + password))). The hub adds
 * what the profile leaves to the receiver: Nonce and Created are required, Created must lie within
 * the window on the hub's clock, and each user's nonce is accepted once by all instances together
 * ({@link NonceStore}, in the new store). The nonce is recorded only after the digest matched, so
 * anonymous callers cannot fill the store; WSS4J's own replay cache is not used because it records a
 * nonce before the password is checked and lives in one JVM.
 *
 * <p>WSS4J comes without OpenSAML (excluded in the pom; the registry does not serve it): UsernameToken
 * processing never loads a SAML class. Every failure answers the same CRM-1100, so a caller learns
 * nothing about which part was wrong; a nonce store that cannot be reached answers CRM-9000 (retry).
 */
public class UsernameTokenValidator extends AbstractSoapInterceptor {

    static final String WSSE = WSConstants.WSSE_NS;
    static final String WSU = WSConstants.WSU_NS;
    static final String DIGEST = WSConstants.PASSWORD_DIGEST;
    static final QName SECURITY = new QName(WSSE, "Security");
    /** Exchange key of the authenticated POS account's user name. */
    public static final String AUTHENTICATED_USER = "orderhub.pos.user";
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(1);

    static {
        WSSConfig.init();
    }

    private final Map<String, String> passwords;
    private final Duration window;
    private final Clock clock;
    private final NonceStore nonces;
    private final WSSecurityEngine engine = new WSSecurityEngine();
    /** WSS4J's default processors and validators; read-only once made, shared by every call. */
    private final WSSConfig wssConfig = WSSConfig.getNewInstance();

    public UsernameTokenValidator(Map<String, String> passwords, Duration window, Clock clock, NonceStore nonces) {
        super(Phase.PRE_PROTOCOL);
        this.passwords = Map.copyOf(passwords);
        this.window = window;
        this.clock = clock;
        this.nonces = nonces;
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
        UsernameToken token;
        try {
            token = usernameToken(engine.processSecurityHeader(security, requestData()));
        } catch (WSSecurityException | RuntimeException e) {
            throw refused(message, "WSS4J: " + e.getMessage());
        }
        if (token == null || token.getNonce() == null || token.getCreated() == null
                || !DIGEST.equals(token.getPasswordType())) {
            throw refused(message, "incomplete UsernameToken");
        }
        Instant now = clock.instant();
        Instant created;
        try {
            created = Instant.parse(token.getCreated().trim());
        } catch (DateTimeParseException e) {
            throw refused(message, "bad Created");
        }
        if (created.isBefore(now.minus(window)) || created.isAfter(now.plus(FUTURE_SKEW))) {
            throw refused(message, "Created outside the window");
        }
        boolean first;
        try {
            // kept as long as a token with this Created could pass the window check on any instance
            first = nonces.firstUse(token.getName(), token.getNonce(), created.plus(window).plus(FUTURE_SKEW));
        } catch (SQLException e) {
            throw fault(message, CrmFaults.UNAVAILABLE, "service unavailable", "nonce store: " + e.getMessage());
        }
        if (!first) {
            throw refused(message, "nonce replayed");
        }
        if (message.getExchange() != null) {
            message.getExchange().put(AUTHENTICATED_USER, token.getName());
        }
    }

    private RequestData requestData() {
        RequestData data = new RequestData();
        data.setWssConfig(wssConfig);
        data.setRequiredPasswordType(DIGEST);
        data.setAllowUsernameTokenNoPassword(false);
        data.setHandleCustomPasswordTypes(false);
        // the UsernameToken profile makes the Nonce's EncodingType optional (Base64Binary when absent);
        // the WS-I Basic Security Profile requires it, and the POS clients in the field omit it
        data.setIgnoredBSPRules(List.of(BSPRule.R4220));
        // freshness is checked above on the hub's clock, with the window as configured
        data.setUtTTL(Integer.MAX_VALUE);
        data.setUtFutureTTL(Integer.MAX_VALUE);
        data.setCallbackHandler(callbacks -> {
            for (var cb : callbacks) {
                if (!(cb instanceof WSPasswordCallback pc)) {
                    throw new UnsupportedCallbackException(cb);
                }
                String secret = passwords.get(pc.getIdentifier());
                if (secret != null) {
                    pc.setPassword(secret);
                }
            }
        });
        return data;
    }

    private static UsernameToken usernameToken(WSHandlerResult result) {
        if (result == null) {
            return null;
        }
        List<WSSecurityEngineResult> uts = result.getActionResults().get(WSConstants.UT);
        if (uts == null || uts.size() != 1) {
            return null;
        }
        return (UsernameToken) uts.get(0).get(WSSecurityEngineResult.TAG_USERNAME_TOKEN);
    }

    private static SoapFault refused(SoapMessage message, String why) {
        return fault(message, CrmFaults.AUTHENTICATION, "authentication failed", why);
    }

    private static SoapFault fault(SoapMessage message, String code, String text, String why) {
        return fault(message.getVersion(), code, text, null, why);
    }

    /** A SOAP fault with the contract's CrmFault detail (code, message and, if any, the offending element). */
    static SoapFault fault(org.apache.cxf.binding.soap.SoapVersion version, String code, String text, String element,
                           String why) {
        SoapFault fault = new SoapFault(code + " " + text, CrmFaults.UNAVAILABLE.equals(code)
                ? version.getReceiver() : version.getSender());
        Document doc = fault.getOrCreateDetail().getOwnerDocument();
        Element crm = doc.createElementNS(CrmFaultInterceptor.NS, "CrmFault");
        Element codeEl = doc.createElementNS(CrmFaultInterceptor.NS, "FaultCode");
        codeEl.setTextContent(code);
        Element msg = doc.createElementNS(CrmFaultInterceptor.NS, "FaultMessage");
        msg.setTextContent(text);
        crm.appendChild(codeEl);
        crm.appendChild(msg);
        if (element != null) {
            Element el = doc.createElementNS(CrmFaultInterceptor.NS, "Element");
            el.setTextContent(element);
            crm.appendChild(el);
        }
        fault.getOrCreateDetail().appendChild(crm);
        org.slf4j.LoggerFactory.getLogger(UsernameTokenValidator.class).info("SOAP call refused: {}", why);
        return fault;
    }
}
