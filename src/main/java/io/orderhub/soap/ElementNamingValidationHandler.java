package io.orderhub.soap;

import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventHandler;

/**
 * Schema validation reports a bad value in two events: first the facet ("pattern", "maxInclusive"),
 * which does not name the element, then the type check, which does. Letting the first pass and
 * failing on the second makes the fault name the offending element (CRM-1000, Element).
 */
public class ElementNamingValidationHandler implements ValidationEventHandler {

    @Override
    public boolean handleEvent(ValidationEvent event) {
        String m = event.getMessage();
        if (event.getSeverity() == ValidationEvent.WARNING) {
            return true;
        }
        return m != null && !m.contains("element") && m.matches("^cvc-[\\w.-]*valid.*");
    }
}
