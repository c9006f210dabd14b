package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.core.spi.Inbound;
import io.spore.transport.Association.Role;
import io.spore.transport.Association.State;
import io.spore.wire.sbe.GoodbyeReason;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The registry of this node's connections and their ups and downs: by node name (what senders look up, from any
 * thread) and by Aeron session (what the receive agent looks up for each frame), the duty cycle that looks after
 * each one (its queue, its liveness, its handshake's deadline), and the node up and node down events the node
 * hears. The handshake itself is {@link HandshakeProtocol}'s.
 *
 * <p>The decisions about the life of a connection, which the wire schema leaves to the transport:
 * <ul>
 *   <li>A frame's sender is known by its Aeron session id: both publications of a node to a peer share one (see
 *       {@link PeerPublications}). Until the handshake on a session completes, only handshake frames and Goodbye are
 *       taken from it, everything else is dropped and counted.</li>
 *   <li>The accepting side holds its own frames until the first frame that follows the Welcome (the connecting side
 *       sends a Heartbeat at once): Welcome travels on the control stream, and data sent right behind it on the
 *       data stream could otherwise arrive first and be dropped as unauthenticated.</li>
 *   <li>Two nodes that connect to each other at once: when the handshake the other node started completes, this
 *       node's own attempt hands the frames it queued over to it and retires, without a node-down.</li>
 *   <li>A Hello from a node that is connected already means it restarted (a new creation) or lost this node. The new
 *       connection is accepted beside the old one, and replaces it only once authenticated: the old one goes down
 *       (node down), then the new one up (node up with the new creation).</li>
 *   <li>Liveness: any frame counts; each side sends a Heartbeat every heartbeat interval on the control stream; a
 *       connection silent for the detection timeout goes down.</li>
 *   <li>For a short while after a failed attempt (one heartbeat interval) new sends to that node fail at once
 *       instead of starting another attempt ({@link AttemptBackoff}).</li>
 *   <li>A connection that goes down is settled when its nodes meet again ({@link PriorConnections}).</li>
 * </ul>
 *
 * <p>Threading: the receive agent's thread only, except where a method says otherwise. The peer map and the
 * back-off are shared with senders.
 */
final class Connections {
    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private final TransportContext context;
    private final NodeName self;
    private final TransportCounters counters;
    private final Inbound inbound;
    /** The current connection to each node: senders look here, the agent replaces and removes. */
    private final ConcurrentHashMap<NodeName, Association> peers = new ConcurrentHashMap<>();
    /** Which nodes new sends fail at once for, after a failed attempt; senders read it. */
    private final AttemptBackoff backoff;
    private final Queue<Runnable> commands;
    private final Connector connector;
    private final NodeEndpoint endpoint;
    private final HandshakeProtocol handshakes;
    private final FrameWriter writer;
    /** What connections that went down lost, settled when their peers come back. */
    private final PriorConnections priors;
    private final Int2ObjectHashMap<Association> bySession = new Int2ObjectHashMap<>();
    private final ArrayList<Association> active = new ArrayList<>();
    /** The liveness times now; swapped whole when the configuration changes them ({@link #retime}). */
    private volatile LinkTimes times;
    private final long backPressureTimeoutNs;
    private long nowNs = System.nanoTime();

    /** @param connector opens publications off the agent's thread */
    Connections(TransportContext context, TransportWiring wiring, Connector connector) {
        this.context = context;
        this.self = context.nodeName();
        this.counters = wiring.counters();
        this.inbound = wiring.inbound();
        this.commands = wiring.commands();
        this.connector = connector;
        this.endpoint = wiring.endpoint();
        this.writer = new FrameWriter(context.typeRegistry(), context.maxMessageSize(), context.idleStrategy().get(),
            counters.agentOutbound);
        this.times = LinkTimes.of(context);
        this.backoff = new AttemptBackoff(times.heartbeatNs());
        this.backPressureTimeoutNs = context.backPressureTimeout().toNanos();
        this.handshakes = new HandshakeProtocol(context, wiring, this, connector, writer);
        this.priors = new PriorConnections(self, counters);
    }

    // ---- for senders, from any thread ----

    /**
     * The connection to {@code node}, made on first use (the agent then starts connecting); {@code null} when none
     * may be made now: the transport is closing, it is this node's own name, or an attempt failed a moment ago.
     */
    Association forSending(NodeName node, boolean closing) {
        while (true) {
            Association current = peers.get(node);
            if (current != null && !current.isDown()) {
                return current;
            }
            if (closing || node.equals(self)) {
                return null;
            }
            if (backoff.holds(node)) {
                return null;
            }
            Association fresh = new Association(node, Role.CLIENT, this);
            boolean made = current == null ? peers.putIfAbsent(node, fresh) == null : peers.replace(node, current,
                fresh);
            if (made) {
                commands.add(() -> connect(fresh));
                return fresh;
            }
        }
    }

    /** @return the current connection to {@code node}, or {@code null} (any thread) */
    Association current(NodeName node) {
        return peers.get(node);
    }

    /** @return the nodes whose connection has completed its handshake, at this moment (any thread) */
    java.util.Set<NodeName> connectedNodes() {
        java.util.Set<NodeName> up = new java.util.TreeSet<>();
        peers.forEach((name, peer) -> {
            if (peer.isUp() || peer.state() == State.FLUSHING) {
                up.add(name);
            }
        });
        return up;
    }

    /** @return the figures of every connection that is up now ({@link PeerStatistics}; any thread) */
    PeerStatistics peerStatistics(WireSecurity mode) {
        return new PeerStatistics(peers.values(), mode, counters.refusalsByPeer);
    }

    /** On close, after the agent has stopped: ends whatever connection is left and closes its publications. */
    void closeRemaining() {
        for (Association peer : peers.values()) {
            peer.markDown();
            PeerPublications publications = peer.publications();
            if (publications != null) {
                publications.close();
            }
        }
        peers.clear();
    }

    /** @return the agent's own writer, for the frames it makes (heartbeats, handshakes, answers) */
    FrameWriter writer() {
        return writer;
    }

    // ---- commands from other threads, run on the agent ----

    /** A sender made {@code peer} on first use: start connecting, unless a Hello made it accept meanwhile. */
    void connect(Association peer) {
        if (peer.isDown() || peer.attempted()) {
            return;
        }
        track(peer);
        connector.connect(peer, peer.nextAttempt(nowNs + times.connectTimeoutNs()));
    }

    /** The connector opened (or could not open) a peer's publications. */
    void onOpened(Connector.Opened opened) {
        Association peer = opened.peer();
        if (peer.isDown() || !peer.isAttempt(opened.attempt())) {
            if (opened.publications() != null) {
                connector.close(opened.publications());
            }
            return;
        }
        if (opened.error() != null) {
            int dropped = down(peer, opened.error().getMessage(), true, null);
            LOG.log(System.Logger.Level.WARNING, () -> self + " cannot connect to " + peer.name + ": "
                + opened.error().getMessage() + droppedNote(dropped));
            return;
        }
        peer.publications(opened.publications());
        peer.moveTo(State.HANDSHAKING);
        handshakes.begin(peer);
    }

    /** A sender found that {@code peer} takes no frames any more: it is as good as gone. */
    void unresponsive(Association peer, String why) {
        if (!peer.isDown()) {
            int dropped = down(peer, why, false, null);
            LOG.log(System.Logger.Level.WARNING, () -> self + " gives up on " + peer.name + ": " + why
                + droppedNote(dropped));
        }
    }

    /** @return the handshake protocol, which takes the handshake frames */
    HandshakeProtocol handshakes() {
        return handshakes;
    }

    PriorConnections priors() {
        return priors;
    }

    // ---- for associations ----

    /** @return the transport's settings */
    TransportContext context() {
        return context;
    }

    /** @return the transport's counters */
    TransportCounters counters() {
        return counters;
    }

    /** @return the node's inbound, told when a signal's node turns out unreachable */
    Inbound inbound() {
        return inbound;
    }

    /** @return how long a message or a call may wait out back-pressure */
    long backPressureTimeoutNs() {
        return backPressureTimeoutNs;
    }

    /** @return how long a signal or a reply may wait out back-pressure: at least the detection timeout */
    long signalTimeoutNs() {
        return times.signalTimeoutNs();
    }

    /** Any thread: the liveness times from now on (heartbeats, detection); connections stay up. */
    void retime(LinkTimes next) {
        times = next;
    }

    /** Any thread: {@code peer} takes no frames any more; the agent gives it up at its next duty cycle. */
    void unresponsiveLater(Association peer, String why) {
        commands.add(() -> unresponsive(peer, why));
    }

    // ---- for the handshake, on the agent ----

    /** @return the connection whose peer sends on {@code sessionId}, authenticated or not, or {@code null} */
    Association bySession(int sessionId) {
        return bySession.get(sessionId);
    }

    /** Frames on {@code sessionId} come from {@code peer} from now on. */
    void bind(int sessionId, Association peer) {
        bySession.put(sessionId, peer);
    }

    /** @return the connections the duty cycle looks after; not to be changed */
    List<Association> active() {
        return active;
    }

    /** @return the time of the current duty cycle */
    long nowNs() {
        return nowNs;
    }

    /**
     * @return the connection whose authenticated peer sent on {@code sessionId}, marked as heard from, or
     *         {@code null} when the session has not completed a handshake (the frame is to be dropped)
     */
    Association authenticated(int sessionId) {
        Association peer = bySession.get(sessionId);
        if (peer == null) {
            return null;
        }
        State state = peer.state();
        if (state == State.AWAIT_ACK) {
            up(peer); // the connecting side's first frame after our Welcome
        } else if (state != State.FLUSHING && state != State.UP) {
            return null;
        }
        peer.liveness.heard(nowNs, times.heartbeatNs());
        return peer;
    }

    /** @return whether {@code sessionId} belongs to a connection whose handshake completed; no side effects */
    boolean isAuthenticated(int sessionId) {
        Association peer = bySession.get(sessionId);
        if (peer == null) {
            return false;
        }
        State state = peer.state();
        return state == State.AWAIT_ACK || state == State.FLUSHING || state == State.UP;
    }

    /** @return the liveness times now (see {@link LinkTimes}) */
    LinkTimes times() {
        return times;
    }

    // ---- the duty cycle ----

    /**
     * Agent: the time of this duty cycle, set before the polls, so that a frame heard is stamped with it: after a
     * pause of this JVM the frames that waited meanwhile count as heard now, not before the pause.
     */
    void clock(long nowNs) {
        this.nowNs = nowNs;
    }

    /** Sends what waits, beats hearts, and ends connections that are silent or stuck. */
    int doWork(long nowNs) {
        this.nowNs = nowNs;
        int work = 0;
        backoff.sweepIfDue(nowNs);
        for (int i = active.size() - 1; i >= 0; i--) {
            Association peer = active.get(i);
            if (peer.isDown()) {
                active.remove(i);
                continue;
            }
            work += peer.drainOutbox();
            switch (peer.state()) {
                case OPENING, HANDSHAKING, AWAIT_ACK -> handshakes.expireIfOverdue(peer, nowNs);
                case FLUSHING -> {
                    work += peer.flush(writer);
                    work += keepAlive(peer);
                }
                case UP -> work += keepAlive(peer);
                default -> {
                }
            }
        }
        return work;
    }

    /** Ends the connection when the peer has been silent too long, else beats its heart when due. */
    private int keepAlive(Association peer) {
        LinkTimes now = times;
        long silentNs = peer.liveness.silentTooLong(nowNs, now.heartbeatNs(), now.detectionNs());
        if (silentNs >= 0) {
            String why = "nothing heard for " + TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms (heartbeats came "
                + peer.liveness.describe() + " apart)";
            LOG.log(System.Logger.Level.WARNING, () -> self + " lost " + peer.name + ": " + why);
            down(peer, why, false, null);
            return 1;
        }
        return peer.heartbeatIfDue(nowNs, now.heartbeatNs(), writer);
    }

    /**
     * Sends a frame made on the agent's thread through {@code peer}'s outbox (see {@link Association#sendFromAgent});
     * a peer that leaves too many waiting is given up.
     */
    void sendFromAgent(Association peer, int stream, DirectBuffer buffer, int length) {
        if (!peer.sendFromAgent(stream, buffer, length)) {
            unresponsive(peer, Association.OUTBOX_LIMIT + " frames wait for it and it takes none");
        }
    }

    /**
     * A handshake completed: the connection becomes the node's connection to its peer. One that a Hello started
     * takes the place of the current one: a connection that was up goes down first (the peer restarted or lost this
     * node, so links and monitors with it fire), while an attempt of this node's own that never came up hands its
     * queued frames over, in order, and retires without a node-down.
     */
    void up(Association peer) {
        Association previous = peers.put(peer.name, peer);
        if (previous != null && previous != peer && !previous.isDown()) {
            if (previous.announcedUp) {
                String why = peer.peerCreation != previous.peerCreation
                    ? "it restarted (creation " + previous.peerCreation + " is now " + peer.peerCreation + ")"
                    : "it connected again";
                LOG.log(System.Logger.Level.INFO, () -> self + " hears from " + peer.name + " again: " + why);
                down(previous, why, false, null);
            } else {
                retire(previous, peer);
            }
        }
        HandshakeProtocol.sealSending(peer); // the accepting side: its Welcome, the last clear frame, has left
        peer.established(nowNs, times.heartbeatNs());
        peer.traffic.up(System.currentTimeMillis());
        PeerPublications publications = peer.publications();
        if (publications != null) {
            publications.peerReads(peer.peerReads);
        }
        peer.moveTo(State.FLUSHING);
        backoff.release(peer.name);
        counters.connectionsUp.increment();
        LOG.log(System.Logger.Level.INFO, () -> self + " connected to " + peer.name + " (creation "
            + peer.peerCreation + ", " + (peer.role == Role.CLIENT ? "connecting" : "accepting") + " side)");
        int report = priors.reconnected(peer, writer);
        if (report > 0) {
            sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), report);
        }
        inbound.nodeUp(peer.name, peer.peerCreation, peer.peerRemoteSpawn);
    }

    /** Ends a connection that never came up in favour of {@code successor}, which takes its queued frames. */
    private void retire(Association retired, Association successor) {
        if (retired.handOverTo(successor) < 0) {
            return;
        }
        retired.clearOutbox();
        if (retired.peerSessionId != Association.NO_SESSION && bySession.get(retired.peerSessionId) == retired) {
            bySession.remove(retired.peerSessionId);
        }
        PeerPublications publications = retired.publications();
        if (publications != null) {
            retired.publications(null);
            connector.close(publications);
        }
    }

    /**
     * Ends a connection: drops what senders queued for it (counted as {@code droppedUnreachable}), tells the peer why
     * when {@code goodbye} is given, closes the publications, and tells the node, whose links, monitors and calls with
     * that node then fire.
     *
     * @param failed whether this was a failed attempt, after which new sends fail at once for a short while
     * @return how many queued frames were dropped, or -1 when the connection was down already
     */
    int down(Association peer, String why, boolean failed, GoodbyeReason goodbye) {
        if (peer.isDown()) {
            return -1;
        }
        if (failed && peers.get(peer.name) == peer) {
            // Only for an attempt senders used: a handshake a stranger's Hello started must not hold sends back.
            backoff.hold(peer.name, nowNs);
        }
        int queued = peer.markDown();
        if (queued < 0) {
            return -1;
        }
        PeerPublications publications = peer.publications();
        if (goodbye != null && publications != null) {
            peer.drainOutbox();
            peer.offerOnce(PeerPublications.CONTROL, writer.buffer(), writer.goodbye(goodbye, why));
        }
        peer.clearOutbox(); // the agent's own frames (handshake, heartbeats): no message of a sender's among them
        int dropped = queued;
        counters.droppedUnreachable.add(dropped);
        boolean known = peers.remove(peer.name, peer);
        if (peer.peerSessionId != Association.NO_SESSION && bySession.get(peer.peerSessionId) == peer) {
            bySession.remove(peer.peerSessionId);
        }
        if (peer.handshake.seal != null) {
            peer.handshake.seal.destroyReceiving(); // no frame of its session is opened any more
        }
        if (publications != null) {
            peer.publications(null);
            connector.close(publications); // a closed publication lingers in the driver until what it holds is sent
        }
        counters.connectionsDown.increment();
        if (peer.announcedUp) {
            String inDoubt = priors.departed(peer, publications);
            LOG.log(System.Logger.Level.INFO, () -> self + ": connection to " + peer.name + " is down (" + why + ")"
                + droppedNote(dropped) + inDoubt);
        }
        if (known || peer.announcedUp) {
            // Not for a replacement that never authenticated: the connection it would have replaced still works.
            inbound.nodeDown(peer.name);
        }
        return dropped;
    }

    /** @return the part of a log line that says how many queued frames a connection's end dropped, if any */
    static String droppedNote(int dropped) {
        return dropped > 0 ? "; " + dropped + " queued frames dropped (counted in droppedUnreachable)" : "";
    }

    /**
     * On shutdown: says goodbye to every peer that can hear it, ends every connection, and hands back the
     * publications for the closing thread to close once the goodbyes have left.
     */
    List<Goodbye> closeAll(String why) {
        List<Goodbye> goodbyes = new ArrayList<>();
        for (Association peer : new ArrayList<>(active)) {
            Goodbye goodbye = peer.sayGoodbye(writer, why);
            if (goodbye != null) {
                goodbyes.add(goodbye);
            }
            if (peer.markDown() >= 0) {
                peers.remove(peer.name, peer);
                inbound.nodeDown(peer.name);
            }
        }
        active.clear();
        bySession.clear();
        return goodbyes;
    }

    /** A goodbye offered on shutdown, and the publications to close once it has left. */
    record Goodbye(PeerPublications publications, long position) {
    }

    /** The duty cycle looks after {@code peer} from now on (once). */
    void track(Association peer) {
        if (!peer.tracked) {
            peer.tracked = true;
            active.add(peer);
        }
    }
}
