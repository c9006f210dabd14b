package io.spore.jmx;

import io.spore.api.host.LocalPeers;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server sockets the RMI registry and the connector's server share: bound to one address (loopback by default)
 * rather than every interface, taking local connections only from the node's own user ({@link GuardedServerSocket}),
 * and speaking TLS when given a context. Equal factories let the registry and the connector's server share one
 * listening port, which is why one instance serves both and {@link #equals} is by its parts.
 *
 * @param address the address to bind; the wildcard address for every interface
 * @param tls     the TLS context of the server side, or {@code null} for plain TCP
 * @param peers   who owns the sockets of this host, or {@code null} where that cannot be told
 * @param refused how many connections its sockets turned away
 */
record BoundServerSocketFactory(InetAddress address, SSLContext tls, LocalPeers peers, AtomicLong refused)
    implements RMIServerSocketFactory {
    private static final System.Logger LOG = System.getLogger(BoundServerSocketFactory.class.getName());

    BoundServerSocketFactory {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(refused, "refused");
    }

    /**
     * @param address the address to bind
     * @param tls     the TLS context, or {@code null} for plain TCP
     * @return sockets that check the owner of local connections; where the system cannot tell it (no
     *         {@code /proc}), sockets that take every connection, which is said once at WARN
     */
    static BoundServerSocketFactory guarded(InetAddress address, SSLContext tls) {
        LocalPeers peers = LocalPeers.system();
        if (peers == null) {
            LOG.log(System.Logger.Level.WARNING, "this system has no /proc/net/tcp to tell who owns a local"
                + " connection: every user of this host can reach the JMX port, and its RMI registry's bind,"
                + " rebind and unbind; keep the host's other users out, or the connector off");
        }
        return new BoundServerSocketFactory(address, tls, peers, new AtomicLong());
    }

    /** @return sockets like these without TLS, for a plain registry: same address, owners and refusal count */
    BoundServerSocketFactory plain() {
        return new BoundServerSocketFactory(address, null, peers, refused);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket socket = new GuardedServerSocket(peers, tls, refused);
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
