package io.orderhub.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports nobody listens on, for embedded servers asked to choose their own.
 *
 * <p>A port is handed out now and bound later (a hub starts for tens of seconds). A port from the
 * kernel's ephemeral range can be taken meanwhile by any outgoing connection of the machine, so the
 * port is picked at random below that range (from {@code /proc/sys/net/ipv4/ip_local_port_range};
 * 32768 where it cannot be read), checked free by binding it, and never one of the well-known ports
 * of the machine's own services or the hub's default HTTP port. Only when no such port is found does
 * the kernel choose.
 */
public final class FreePorts {

    private static final int LOWEST = 10000;
    private static final Set<Integer> RESERVED = Set.of(5432, 3306, 6379, 5672, 1883, 4222, 8080, 8081, 9092);

    private FreePorts() {
    }

    public static int find() {
        int below = ephemeralStart();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; below - LOWEST > 1000 && attempt < 50; attempt++) {
            int port = LOWEST + random.nextInt(below - LOWEST);
            if (!RESERVED.contains(port) && free(port)) {
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range. */
    static int ephemeralStart() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 32768;
        }
    }
}
