package io.orderhub.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.orderhub.legacycrm.LegacyCrmPollConfiguration;
import io.orderhub.legacycrm.LegacyCrmPollSource;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both CXF clients of the legacy CRM (the old path's forwarding and the legacy poll) carry the
 * configured connect and read time-outs, and a legacy CRM that accepts the connection but never
 * answers makes the call fail with a read time-out instead of holding the caller.
 */
class LegacyCrmTimeoutsTest {

    static ServerSocket silent;
    static final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void silentServer() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // read nothing, answer nothing
                } catch (Exception closed) {
                    return;
                }
            }
        }, "silent-legacy-crm");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws Exception {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    static String url() {
        return "http://127.0.0.1:" + silent.getLocalPort() + "/crm";
    }

    /** A read time-out: the socket's, or that of the JDK HTTP client CXF's conduit uses. */
    static boolean readTimedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || c instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" <- ");
        }
        return b.toString();
    }

    @Test
    @Timeout(30)
    void theOldPathsClientHasTheConfiguredTimeoutsAndGivesUpOnASilentCrm() {
        PosCrmGateway gateway = new PosCrmGateway(CircuitBreaker.ofDefaults("t"), PosCrmGateway.Path.LEGACY, url(),
                700, 1200);
        HTTPClientPolicy policy = LegacyCrmClients.policy(gateway.legacyClient());
        assertThat(policy.getConnectionTimeout()).isEqualTo(700);
        assertThat(policy.getReceiveTimeout()).isEqualTo(1200);
        QueryMemberRequest q = new QueryMemberRequest();
        q.setCardNo("88001234567");
        Throwable failure = catchThrowable(() -> gateway.legacyClient().queryMember(q));
        assertThat(failure).isNotNull();
        assertThat(readTimedOut(failure)).as("read time-out in %s", chain(failure)).isTrue();
    }

    @Test
    @Timeout(30)
    void theLegacyPollsClientHasTheConfiguredTimeoutsAndGivesUpOnASilentCrm() {
        LegacyCrmPollSource source = new LegacyCrmPollConfiguration().legacyCrmPollSource(null,
                io.orderhub.stores.LegacyMapping.load(), "20000101000000", 120, 120, 100, 0, url(),
                Duration.ofMillis(800), Duration.ofMillis(1500));
        PosCrm client = source.client();
        HTTPClientPolicy policy = LegacyCrmClients.policy(client);
        assertThat(policy.getConnectionTimeout()).isEqualTo(800);
        assertThat(policy.getReceiveTimeout()).isEqualTo(1500);
        QueryMemberRequest q = new QueryMemberRequest();
        q.setCardNo("88001234567");
        Throwable failure = catchThrowable(() -> client.queryMember(q));
        assertThat(readTimedOut(failure)).as("read time-out in %s", chain(failure)).isTrue();
    }
}
