package io.orderhub.soap;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Who is calling: the POS's source system, region and store, from the HTTP headers it sends. Only
 * these three headers are read, each checked against its pattern; anything else from the caller is
 * ignored. Routing (gray release, next) decides per identity; the hub records the source system.
 */
public record PosIdentity(String sourceSystem, String regionCode, String storeCode) {

    public static final String SOURCE_HEADER = "X-POS-Source-System";
    public static final String REGION_HEADER = "X-POS-Region-Code";
    public static final String STORE_HEADER = "X-POS-Store-Code";
    private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Pattern REGION = Pattern.compile("[1-9][0-9]{5}");
    private static final Pattern STORE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    static final PosIdentity UNKNOWN = new PosIdentity(null, null, null);

    /** The identity of the SOAP call the CXF message belongs to (UNKNOWN when none was read). */
    public static PosIdentity of(Message m) {
        PosIdentity id = m == null || m.getExchange() == null ? null : m.getExchange().get(PosIdentity.class);
        return id == null ? UNKNOWN : id;
    }

    /** Reads the allow-listed headers into the exchange before the call is served. */
    public static class Extractor extends AbstractPhaseInterceptor<Message> {

        public Extractor() {
            super(Phase.PRE_INVOKE);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void handleMessage(Message message) {
            Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
            if (headers == null) {
                return;
            }
            message.getExchange().put(PosIdentity.class, new PosIdentity(
                    header(headers, SOURCE_HEADER, SOURCE), header(headers, REGION_HEADER, REGION),
                    header(headers, STORE_HEADER, STORE)));
        }

        private static String header(Map<String, List<String>> headers, String name, Pattern pattern) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null
                        && !e.getValue().isEmpty()) {
                    String v = e.getValue().get(0).trim();
                    return pattern.matcher(v).matches() ? v : null;
                }
            }
            return null;
        }
    }
}
