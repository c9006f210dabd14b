package io.spore.transport;

import io.aeron.PublicationErrorFrameHandler;
import io.spore.api.NodeName;
import io.spore.transport.Association.State;
import io.spore.transport.security.Cookie;
import io.spore.transport.security.Handshake;
import io.spore.wire.MalformedFrameException;
import io.spore.wire.StaleSessionNotice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Ends a connection whose peer says it does not know the connection's session, because the peer restarted, and
 * connects again: the sending half of what {@link UnknownSessions} starts. Without it, a node whose peer was killed
 * and restarted at once keeps writing into the old Aeron session until its detection timeout, every send looking
 * fine, while the new incarnation drops it all as unauthenticated.
 *
 * <p>The notice arrives in an Aeron error frame that the media driver hands to this node's Aeron client
 * ({@link #handler}). It is acted on only when all of these hold, so that it cannot be used cheaply to tear
 * connections down:
 * <ol>
 *   <li>it carries a StaleSession frame that reads ({@link StaleSessionNotice}), for the session the error frame is
 *       about;</li>
 *   <li>a connection that completed its handshake sends on that session (the session id is the driver's, 32 random
 *       bits at the start, and never seen by anyone off the path between the two nodes);</li>
 *   <li>the error frame comes from the address and port this node sends that connection to;</li>
 *   <li>the creation it names is not the one the connection's handshake established: the peer is a new incarnation
 *       (a peer that forgot a live connection without restarting is left to detection, as before);</li>
 *   <li>its proof checks: HMAC-SHA256 with the cookie over the peer's name, that creation and the session id, so
 *       only a holder of the cookie answering as that node can have made it.</li>
 * </ol>
 * Then the connection goes down as any lost connection does (node down: links and monitors fire with
 * {@code noconnection}, pending calls fail with {@code NODE_DOWN}), the line "{@code <peer> restarted (creation X
 * → Y): dropping the old connection, reconnecting}" is logged, and a new connection is started at once. Anything
 * else is counted ({@code staleNoticesIgnored}) and changes nothing.
 *
 * <p>What remains for sealed frames (issue 15): the notice is authenticated but neither encrypted nor bound to a
 * handshake's nonces. An observer on the path can replay a notice it saw, but only for the session and creation it
 * names, which no live connection uses once this node has acted on it. The source address check is only as good as
 * the network's protection against spoofed source addresses, and a holder of the cookie can make notices for any
 * node, as it can do everything else the cookie allows. Sealed frames should bind the notice to the connection's
 * session keys.
 *
 * <p>Threading: {@link #handler} on the Aeron client's conductor thread (it only queues a command); everything else
 * on the receive agent's thread.
 */
final class StaleConnections {
    private static final System.Logger LOG = System.getLogger(StaleConnections.class.getName());

    private final NodeName self;
    private final Cookie cookie;
    private final Connections connections;
    private final TransportCounters counters;
    private final Consumer<NodeName> reconnect;

    /** @param reconnect starts a new connection to a node (as a send to it would) */
    StaleConnections(NodeName self, TransportWiring wiring, Connections connections, Consumer<NodeName> reconnect) {
        this.self = self;
        this.cookie = wiring.cookie();
        this.connections = connections;
        this.counters = wiring.counters();
        this.reconnect = reconnect;
    }

    /**
     * @param commands the receive agent's command queue
     * @param agent    the agent, once it exists
     * @return the handler for the Aeron client's error frames: it hands the agent the ones that carry a notice
     */
    static PublicationErrorFrameHandler handler(Queue<Runnable> commands, Supplier<TransportAgent> agent) {
        return frame -> {
            String message = frame.errorMessage();
            if (message != null && message.startsWith(StaleSessionNotice.PREFIX)) {
                int sessionId = frame.sessionId(); // the frame is reused by the conductor: copy what is needed
                InetSocketAddress source = frame.sourceAddress();
                commands.add(() -> agent.get().staleSessionNotice(sessionId, source, message));
            }
        };
    }

    /**
     * An Aeron error frame about the publications of {@code sessionId} arrived from {@code source} with
     * {@code message}: end the connection if it is a notice that the checks above let through.
     *
     * @return whether a connection was ended
     */
    boolean onNotice(int sessionId, InetSocketAddress source, String message) {
        Association peer = connectionOn(sessionId);
        if (peer == null) {
            return false; // gone already (the notice of the other stream, or a late one): nothing to do, or to count
        }
        StaleSessionNotice notice;
        try {
            notice = StaleSessionNotice.parse(message);
        } catch (MalformedFrameException e) {
            return ignored(peer, "a notice that does not read: " + e.getMessage());
        }
        if (notice == null || notice.sessionId() != sessionId) {
            return ignored(peer, "a notice for another session");
        }
        State state = peer.state();
        if (state != State.FLUSHING && state != State.UP) {
            return ignored(peer, "a notice for a connection still shaking hands");
        }
        if (!fromPeerEndpoint(peer, source)) {
            return ignored(peer, "a notice from " + source + ", not from " + peer.publications().endpoint());
        }
        int before = peer.peerCreation;
        if (notice.creation() == before) {
            return ignored(peer, "a notice from the same incarnation (creation " + before + ")");
        }
        if (!Handshake.provesStaleSession(cookie, peer.name, notice)) {
            return ignored(peer, "a notice whose proof does not check (another cookie, or forged)");
        }
        int after = notice.creation();
        LOG.log(System.Logger.Level.INFO, () -> self + ": " + peer.name + " restarted (creation " + before + " → "
            + after + "): dropping the old connection, reconnecting");
        connections.down(peer, "it restarted (creation " + before + " is now " + after + ")", false, null);
        counters.staleSessionsDropped.increment();
        reconnect.accept(peer.name);
        return true;
    }

    private boolean ignored(Association peer, String why) {
        counters.staleNoticesIgnored.increment();
        LOG.log(System.Logger.Level.DEBUG, () -> self + " ignores " + why + " about its connection to " + peer.name);
        return false;
    }

    /** @return the connection whose publications send on {@code sessionId}, or {@code null} */
    private Association connectionOn(int sessionId) {
        List<Association> active = connections.active();
        for (int i = 0; i < active.size(); i++) {
            Association peer = active.get(i);
            PeerPublications publications = peer.publications();
            if (!peer.isDown() && publications != null && publications.sessionId() == sessionId) {
                return peer;
            }
        }
        return null;
    }

    /** Whether {@code source} is the address and port {@code peer}'s publications send to. */
    private static boolean fromPeerEndpoint(Association peer, InetSocketAddress source) {
        String endpoint = peer.publications().endpoint();
        int colon = endpoint.lastIndexOf(':');
        if (source == null || source.getAddress() == null || colon <= 0) {
            return false;
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return source.getPort() == Integer.parseInt(endpoint.substring(colon + 1))
                && source.getAddress().equals(InetAddress.getByName(host));
        } catch (UnknownHostException | NumberFormatException e) {
            return false; // the endpoint is numeric, so this does not happen
        }
    }
}
