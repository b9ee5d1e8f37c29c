package io.orderhub.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * The one way tests call the hub over HTTP: every request gets the credential of this client
 * ({@code X-Api-Key}) unless it carries a credential of its own; {@link #anonymous()} sends none.
 */
public final class HubHttp {

    public static final String HEADER = "X-Api-Key";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String key;

    private HubHttp(String key) {
        this.key = key;
    }

    /** The test admin: may call everything. */
    public static HubHttp admin() {
        return new HubHttp(TestCredentials.ADMIN_KEY);
    }

    public static HubHttp withKey(String key) {
        return new HubHttp(key);
    }

    public static HubHttp anonymous() {
        return new HubHttp(null);
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return CLIENT.send(authorize(request), handler);
    }

    /** The request with this client's credential, unless it has one (X-Api-Key or Authorization). */
    public HttpRequest authorize(HttpRequest request) {
        if (key == null || request.headers().firstValue(HEADER).isPresent()
                || request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (n, v) -> true).header(HEADER, key).build();
    }

    /** A CXF client port of the hub's POS contract sends the test POS key (role pos) with every call. */
    public static <P> P authorizeSoap(P port) {
        return authorizeSoap(port, TestCredentials.POS_KEY);
    }

    public static <P> P authorizeSoap(P port, String key) {
        ClientProxy.getClient(port).getOutInterceptors().add(new KeyHeader(key));
        return port;
    }

    /** Adds the key to the HTTP headers of each outgoing SOAP call, beside any the test set. */
    private static final class KeyHeader extends AbstractPhaseInterceptor<Message> {
        private final String key;

        KeyHeader(String key) {
            super(Phase.PREPARE_SEND);
            addBefore("org.apache.cxf.interceptor.MessageSenderInterceptor");
            this.key = key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void handleMessage(Message message) throws Fault {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            Object existing = message.get(Message.PROTOCOL_HEADERS);
            if (existing instanceof Map<?, ?> m) {
                headers.putAll((Map<String, List<String>>) m);
            }
            headers.putIfAbsent(HEADER, List.of(key));
            message.put(Message.PROTOCOL_HEADERS, headers);
        }
    }
}
