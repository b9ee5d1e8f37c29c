package io.orderhub.soap;

import io.orderhub.soap.contract.PosCrm;
import java.util.HashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;

/** Publishes an implementation of the legacy POS contract with the contract's own WSDL and guards. */
public final class SoapEndpoints {

    public static final String WSDL = "classpath:connectors/legacy-crm/LegacyCrmPos.wsdl";
    public static final QName SERVICE = new QName(CrmFaultInterceptor.NS, "PosCrmService");
    public static final QName PORT = new QName(CrmFaultInterceptor.NS, "PosCrmPort");

    private SoapEndpoints() {
    }

    /** The guards every POS endpoint runs with: schema validation and bounded, entity-free XML. */
    public static Map<String, Object> guardedProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("schema-validation-enabled", "true");
        p.put("jaxb-validation-event-handler", new ElementNamingValidationHandler());
        // XML attacks: CXF refuses DTDs (external entities, entity expansion) by default; bound the rest
        p.put("org.apache.cxf.stax.maxElementDepth", "40");
        p.put("org.apache.cxf.stax.maxChildElements", "1000");
        p.put("org.apache.cxf.stax.maxAttributeCount", "50");
        p.put("org.apache.cxf.stax.maxTextLength", "65536");
        p.put("org.apache.cxf.stax.maxXMLCharacters", "2000000");
        p.put("faultStackTraceEnabled", "false");
        p.put("exceptionMessageCauseEnabled", "false");
        // a CrmFault answer logs one line with its code, not CXF's stack per refused call
        p.put(org.apache.cxf.logging.FaultListener.class.getName(), new CrmFaultLogging());
        return p;
    }

    public static Server publish(String address, PosCrm implementation) {
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setServiceBean(implementation);
        f.setAddress(address);
        f.setWsdlLocation(WSDL);
        f.setServiceName(SERVICE);
        f.setEndpointName(PORT);
        f.setProperties(guardedProperties());
        f.getOutFaultInterceptors().add(new CrmFaultInterceptor());
        return f.create();
    }
}
