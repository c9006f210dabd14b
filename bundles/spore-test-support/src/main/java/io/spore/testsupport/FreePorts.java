package io.spore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports nothing listens on now: good enough for a test that binds one at once (another process could take it in
 * between, which a test on its own machine does not meet).
 */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * @return a TCP port free on every interface, hence on loopback too
     * @throws UncheckedIOException when no socket can be opened
     */
    public static int tcp() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port", e);
        }
    }

    /**
     * @return a UDP port free on loopback, where the tests' nodes and media drivers listen
     * @throws UncheckedIOException when no socket can be opened
     */
    public static int udp() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free UDP port", e);
        }
    }
}
