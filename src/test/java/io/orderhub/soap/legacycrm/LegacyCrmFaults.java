package io.orderhub.soap.legacycrm;

import io.orderhub.soap.contract.CrmFault_Exception;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The legacy CRM's answer to a request it could not take: every SOAP fault carries the contract's
 * CrmFault detail. A fault that is not an operation's CrmFault was raised before any operation ran
 * (not XML, a DOCTYPE, too deep or too large, against the schema), so it is CRM-1000 naming the
 * element where the schema names one; a fault while answering is CRM-9999. No stack trace leaves.
 */
final class LegacyCrmFaults extends AbstractPhaseInterceptor<Message> {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyCrmFaults.class);
    // schema messages name the element as 'p:Since' or '{ns}Since'
    private static final Pattern NAMED_ELEMENT = Pattern.compile("of element '(?:[A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)'");

    LegacyCrmFaults() {
        // before the fault is written, while its detail can still be filled in
        super(Phase.PRE_STREAM);
    }

    /** The endpoint's guards: schema validation both ways, no DTDs (CXF's default), bounded XML. */
    static Map<String, Object> endpointProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("schema-validation-enabled", "true");
        p.put("jaxb-validation-event-handler", new ElementNamingValidation());
        p.put("org.apache.cxf.stax.maxElementDepth", "40");
        p.put("org.apache.cxf.stax.maxChildElements", "1000");
        p.put("org.apache.cxf.stax.maxAttributeCount", "50");
        p.put("org.apache.cxf.stax.maxTextLength", "65536");
        p.put("org.apache.cxf.stax.maxXMLCharacters", "2000000");
        p.put("faultStackTraceEnabled", "false");
        p.put("exceptionMessageCauseEnabled", "false");
        return p;
    }

    @Override
    public void handleMessage(Message message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault) || isOperationFault(fault)) {
            return;
        }
        boolean answering = message.getExchange() != null && message.getExchange().getOutMessage() != null;
        String code;
        String text;
        String element = null;
        if (answering) {
            String id = UUID.randomUUID().toString();
            LOG.error("legacy CRM could not write its answer, error id {}", id, fault);
            code = LegacyCrm.INTERNAL;
            text = "internal error, id " + id;
        } else {
            code = LegacyCrm.INVALID_REQUEST;
            element = namedElement(fault);
            text = "request does not match the contract" + (element == null ? "" : " at " + element);
        }
        Document doc = fault.getOrCreateDetail().getOwnerDocument();
        Element crmFault = doc.createElementNS(LegacyCrm.NS, "CrmFault");
        crmFault.appendChild(leaf(doc, "FaultCode", code));
        crmFault.appendChild(leaf(doc, "FaultMessage", text));
        if (element != null) {
            crmFault.appendChild(leaf(doc, "Element", element));
        }
        fault.getOrCreateDetail().appendChild(crmFault);
        fault.setMessage(code + " " + text);
        if (fault instanceof SoapFault soap) {
            soap.setFaultCode(answering ? Soap11.getInstance().getReceiver() : Soap11.getInstance().getSender());
        } else {
            fault.setFaultCode(answering ? Fault.FAULT_CODE_SERVER : Fault.FAULT_CODE_CLIENT);
        }
    }

    private static boolean isOperationFault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CrmFault_Exception) {
                return true;
            }
        }
        return false;
    }

    private static String namedElement(Throwable t) {
        String found = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                Matcher m = NAMED_ELEMENT.matcher(c.getMessage());
                while (m.find()) {
                    found = m.group(1);
                }
            }
        }
        return found;
    }

    private static Element leaf(Document doc, String name, String value) {
        Element e = doc.createElementNS(LegacyCrm.NS, name);
        e.setTextContent(value);
        return e;
    }

    /**
     * A bad value raises two schema errors: the facet's (pattern, range), which does not say where,
     * then the element's, which does. Going on past the first lets the fault name the element.
     */
    static final class ElementNamingValidation implements ValidationEventHandler {
        @Override
        public boolean handleEvent(ValidationEvent event) {
            String m = event.getMessage() == null ? "" : event.getMessage();
            return event.getSeverity() == ValidationEvent.WARNING
                    || (m.startsWith("cvc-") && !m.contains("of element '") && m.contains("-valid:"));
        }
    }
}
