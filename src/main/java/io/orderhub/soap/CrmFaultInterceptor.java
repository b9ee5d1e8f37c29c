package io.orderhub.soap;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Gives every fault that is not already a CrmFault the contract's CrmFault detail: a request that
 * breaks the schema or is not well-formed XML becomes CRM-1000 naming the element; anything else
 * CRM-9999 with an id for the log. No stack trace ever leaves the server.
 */
public class CrmFaultInterceptor extends AbstractPhaseInterceptor<Message> {

    private static final Logger LOG = LoggerFactory.getLogger(CrmFaultInterceptor.class);
    static final String NS = "http://ws.crm.legacy/pos/2012";
    private static final Pattern ELEMENT = Pattern.compile("element '(?:\\{[^}]*}:?|\\w+:)?([A-Za-z]\\w*)'|\\{[^}]*}:?([A-Za-z]\\w*)");

    public CrmFaultInterceptor() {
        super(Phase.PRE_STREAM);
    }

    @Override
    public void handleMessage(Message message) {
        Exception ex = message.getContent(Exception.class);
        if (!(ex instanceof Fault fault) || hasCrmDetail(fault)) {
            return;
        }
        String text = describe(fault);
        boolean client = isClientError(fault, text);
        String code = client ? CrmFaults.INVALID_REQUEST : CrmFaults.INTERNAL;
        String element = client ? element(text) : null;
        String msg;
        if (client) {
            msg = "request does not match the contract" + (element != null ? " at " + element : "");
        } else {
            String id = UUID.randomUUID().toString();
            LOG.error("SOAP request failed, error id {}", id, fault);
            msg = "internal error, id " + id;
        }
        Document doc = fault.getOrCreateDetail().getOwnerDocument();
        Element crm = doc.createElementNS(NS, "CrmFault");
        append(doc, crm, "FaultCode", code);
        append(doc, crm, "FaultMessage", msg);
        if (element != null) {
            append(doc, crm, "Element", element);
        }
        fault.getOrCreateDetail().appendChild(crm);
        fault.setMessage(code + " " + msg);
        if (fault instanceof SoapFault sf) {
            sf.setFaultCode(client ? org.apache.cxf.binding.soap.Soap11.getInstance().getSender()
                    : org.apache.cxf.binding.soap.Soap11.getInstance().getReceiver());
        } else if (client) {
            fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
        }
    }

    private static boolean hasCrmDetail(Fault f) {
        // an application CrmFault gets its detail later, from the exception's fault info
        if (f.getCause() instanceof io.orderhub.soap.contract.CrmFault_Exception) {
            return true;
        }
        Element d = f.getDetail();
        return d != null && d.getElementsByTagNameNS(NS, "CrmFault").getLength() > 0;
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    static boolean isClientError(Fault f, String text) {
        return Fault.FAULT_CODE_CLIENT.equals(f.getFaultCode())
                || (f instanceof SoapFault sf && "Client".equals(sf.getFaultCode().getLocalPart()))
                || text.contains("Unmarshalling Error") || text.contains("cvc-") || text.contains("DOCTYPE")
                || text.contains("Maximum") || text.contains("limit") || text.contains("XMLStreamException")
                || text.contains("Unexpected wrapper element") || text.contains("No such operation")
                || notWellFormed(f);
    }

    /**
     * The parser refused the request's XML, whenever it noticed: Woodstox reports a character
     * reference to NUL or a lone surrogate lazily, when the text is read during binding
     * (WstxLazyException around an XMLStreamException), which is the caller's bad XML, not ours.
     */
    private static boolean notWellFormed(Throwable t) {
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
            if (t instanceof javax.xml.stream.XMLStreamException) {
                return true;
            }
        }
        return false;
    }

    static String element(String text) {
        Matcher m = ELEMENT.matcher(text);
        String found = null;
        while (m.find()) {
            found = m.group(1) != null ? m.group(1) : m.group(2);
        }
        return found;
    }

    private static void append(Document doc, Element parent, String name, String value) {
        Element e = doc.createElementNS(NS, name);
        e.setTextContent(value);
        parent.appendChild(e);
    }
}
