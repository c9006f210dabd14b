package io.spore.transport.naming;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Where the per-host name service is and how long to wait for it.
 *
 * @param bindAddress the address a serving node listens on: {@code 0.0.0.0} for every interface (remote nodes can
 *                    look names up), {@code 127.0.0.1} for this host only
 * @param port        the well-known TCP port, the same for every node of a cluster
 * @param timeout     how long to wait to connect and for an answer
 */
public record NameServiceConfig(String bindAddress, int port, Duration timeout) {

    /** @throws IllegalArgumentException when a part is missing or out of range */
    public NameServiceConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("the name service needs a bind address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the name service port must be between 1 and 65535, was " + port);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the name service timeout must be positive, was " + timeout);
        }
    }

    /**
     * @return where a node of this host reaches the service: loopback when the service listens on every interface
     *         or on loopback, else the one address it listens on
     */
    String localAddress() {
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            return address.isAnyLocalAddress() || address.isLoopbackAddress() ? "127.0.0.1" : bindAddress;
        } catch (UnknownHostException e) {
            return bindAddress; // connecting will fail with a message that names it
        }
    }

    int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
