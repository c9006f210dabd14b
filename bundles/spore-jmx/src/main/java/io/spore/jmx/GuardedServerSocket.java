package io.spore.jmx;

import io.spore.api.host.LocalPeers;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JMX port's listening socket: a connection from this host is taken only when the socket it comes from belongs
 * to the node's own Unix user ({@link LocalPeers}); connections from other hosts are taken as before. Every other
 * local user is turned away before a byte is read, so none can call the RMI registry's {@code bind}, {@code rebind}
 * or {@code unbind} (which the JDK's registry allows to any local caller), nor reach the connector. With TLS on,
 * each accepted connection is wrapped in the server side of a TLS session, as
 * {@link javax.rmi.ssl.SslRMIServerSocketFactory} does.
 *
 * <p>A refused connection is closed inside {@link #accept()}, which then waits for the next one: an exception would
 * reach RMI's accept loop, which sleeps ten seconds after a burst of ten, so refusals would stall every client.
 *
 * <p>Threading: RMI's accept thread calls {@link #accept()}.
 */
final class GuardedServerSocket extends ServerSocket {
    private static final System.Logger LOG = System.getLogger(GuardedServerSocket.class.getName());
    private static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final LocalPeers peers;
    private final SSLContext tls;
    private final AtomicLong refused;
    private long lastLogNs;
    private long loggedRefusals;

    /**
     * @param peers who owns local sockets, or {@code null} where that cannot be told (every connection is taken)
     * @param tls     the context to wrap accepted connections in, or {@code null} for plain TCP
     * @param refused counts the connections turned away
     */
    GuardedServerSocket(LocalPeers peers, SSLContext tls, AtomicLong refused) throws IOException {
        this.peers = peers;
        this.tls = tls;
        this.refused = refused;
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            Socket socket = super.accept();
            String refusal;
            try {
                refusal = refusal(socket);
            } catch (IOException | RuntimeException e) {
                refusal = "its owner cannot be found (" + e.getMessage() + ")";
            }
            if (refusal == null) {
                return tls == null ? socket : wrap(socket);
            }
            refused(socket, refusal);
            closeQuietly(socket);
        }
    }

    /** @return why {@code socket} is refused, or {@code null} when it is taken */
    private String refusal(Socket socket) throws IOException {
        if (peers == null || !LocalPeers.isThisHost(socket.getInetAddress())) {
            return null;
        }
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        OptionalInt owner = peers.ownerOf(peer, local);
        if (owner.isEmpty()) {
            return "it comes from this host but no socket of this host has its address";
        }
        return owner.getAsInt() == peers.ownUid() ? null : "it belongs to uid " + owner.getAsInt()
            + ", and only this node's user (uid " + peers.ownUid() + ") may connect from this host";
    }

    private Socket wrap(Socket socket) throws IOException {
        try {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            secure.setUseClientMode(false);
            return secure;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Says so at WARN, at most once every ten seconds, so that a flood of refusals cannot flood the log. */
    private void refused(Socket socket, String why) {
        long count = refused.incrementAndGet();
        long nowNs = System.nanoTime();
        if (loggedRefusals == 0 || nowNs - lastLogNs >= LOG_INTERVAL_NS) {
            long since = count - loggedRefusals - 1;
            LOG.log(System.Logger.Level.WARNING, "JMX connection from {0} refused: {1}{2}",
                socket.getRemoteSocketAddress(), why, since > 0 ? " (" + since + " more refused since the last"
                    + " such line)" : "");
            lastLogNs = nowNs;
            loggedRefusals = count;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Refused anyway.
        }
    }
}
