package io.orderhub.channels;

import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import io.orderhub.stores.LegacyMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * The steps of the admin preview (routes/platform/admin-preview.camel.yaml): what a sample platform
 * record would become, through the same mapping step and the same validation as the intake, but
 * neither the stores nor the needs-attention queue are touched.
 */
public class MappingPreview {

    /** Mapping names as they are folders under mappings/; anything else never reaches a URI. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** The shop the golden examples are mapped for, when the caller names none. */
    static final String DEFAULT_SHOP = "example-shop";

    private final ChannelMappings mappings;
    private final LegacyMapping legacy;

    public MappingPreview(ChannelMappings mappings, LegacyMapping legacy) {
        this.mappings = mappings;
        this.legacy = legacy;
    }

    /**
     * Takes the path's mapping and the optional {@code shop} query into exchange properties and drops
     * every other header the caller sent; an unknown mapping is a 404.
     */
    public void request(Exchange exchange) {
        String mapping = exchange.getIn().getHeader("mapping", String.class);
        String shop = exchange.getIn().getHeader("shop", String.class);
        exchange.getIn().removeHeaders("*");
        // the engineer has usually just edited a table or mapping: show what the files say now
        mappings.reloadIfChanged(true);
        if (mapping == null || !NAME.matcher(mapping).matches() || !mappings.names().contains(mapping)) {
            throw new UnknownMappingException("no mapping '" + mapping + "'; known: " + mappings.names());
        }
        if (shop != null && (shop.isBlank() || shop.length() > 64)) {
            throw new InvalidOrderException(true, List.of(new FieldError("shop", "must be 1 to 64 characters")));
        }
        exchange.setProperty("mapping", mapping);
        exchange.setProperty("shopId", shop == null ? DEFAULT_SHOP : shop);
        exchange.setProperty("source", "admin preview");
    }

    /** The order as the intake would take it: validated (422 otherwise), or the reasons it would be parked. */
    @SuppressWarnings("unchecked")
    public Object answer(Exchange exchange) {
        List<String> reasons = exchange.getProperty(ChannelIntake.NEEDS_ATTENTION, List.class);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        if (reasons != null) {
            Map<String, Object> parked = new LinkedHashMap<>();
            parked.put("needsAttention", reasons);
            return parked;
        }
        CanonicalOrder order = CanonicalOrderReader.read(exchange.getMessage().getBody());
        List<FieldError> legacyProblems = legacy.check(order);
        if (!legacyProblems.isEmpty()) {
            throw new InvalidOrderException(false, legacyProblems);
        }
        return order;
    }
}
