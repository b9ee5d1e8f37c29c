package io.orderhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A port handed out for a server that binds it later is below the kernel's ephemeral range, where
 * outgoing connections take their local ports (HubKilledTest once met "port already in use" for a
 * port an outgoing connection had taken meanwhile), is free, and is none of the machine's services.
 */
class FreePortsTest {

    @Test
    void portsAreFreeBelowTheEphemeralRangeAndNotAServicePort() throws Exception {
        int below = FreePorts.ephemeralStart();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.find();
            if (below > 11000) {
                assertThat(port).isBetween(10000, below - 1);
            }
            assertThat(port).isNotIn(5432, 3306, 6379, 5672, 1883, 4222, 8080);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
