package io.orderhub.soap;

import io.orderhub.soap.contract.CrmFault_Exception;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A refused call (an answer with a CrmFault: a rule the request broke, an unknown order, a refused
 * identity) is an answer of the contract, not a failure of the hub: one line with the fault code,
 * instead of CXF's "has thrown exception, unwinding now" and a stack per call. Any other fault keeps
 * CXF's own logging (and {@link CrmFaultInterceptor} logs it with an id).
 */
public class CrmFaultLogging implements FaultListener {

    private static final Logger LOG = LoggerFactory.getLogger(CrmFaultLogging.class);

    @Override
    public boolean faultOccurred(Exception exception, String description, Message message) {
        String[] fault = crmFault(exception);
        BindingOperationInfo operation = message.getExchange() == null ? null : message.getExchange().getBindingOperationInfo();
        if (fault == null && exception instanceof Fault f) {
            String text = CrmFaultInterceptor.describe(f);
            if (CrmFaultInterceptor.isClientError(f, text)) {
                // a request that breaks the contract (CRM-1000): the parser's and schema's messages quote the
                // offending value (cvc-pattern-valid: Value '13800138000x' ...), which may be a card number or
                // a mobile, so only the element is named, never the text and never CXF's stack
                String element = CrmFaultInterceptor.element(text);
                LOG.info("SOAP call {} refused: {} request does not match the contract{}",
                        operation == null ? "" : operation.getName().getLocalPart(), CrmFaults.INVALID_REQUEST,
                        element == null ? "" : " at " + element);
                return false;
            }
        }
        if (fault == null) {
            return true;
        }
        LOG.info("SOAP call {} refused: {} {}", operation == null ? "" : operation.getName().getLocalPart(), fault[0], fault[1]);
        return false;
    }

    /** The fault code and message of a CrmFault, or null when the fault is not one. */
    static String[] crmFault(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof CrmFault_Exception crm && crm.getFaultInfo() != null) {
                return new String[] {crm.getFaultInfo().getFaultCode(), crm.getFaultInfo().getFaultMessage()};
            }
            if (t instanceof Fault f && f.getDetail() != null) {
                NodeList crm = f.getDetail().getElementsByTagNameNS(CrmFaultInterceptor.NS, "CrmFault");
                if (crm.getLength() > 0) {
                    return new String[] {child((Element) crm.item(0), "FaultCode"), child((Element) crm.item(0), "FaultMessage")};
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        NodeList n = parent.getElementsByTagNameNS(CrmFaultInterceptor.NS, name);
        return n.getLength() > 0 ? n.item(0).getTextContent() : null;
    }
}
