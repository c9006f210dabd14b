package io.spore.transport;

import io.aeron.Image;
import io.aeron.Publication;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import io.spore.transport.PeerConnection.Role;
import io.spore.transport.PeerConnection.State;
import io.spore.transport.security.AuthenticatedPeer;
import io.spore.transport.security.ClientHandshake;
import io.spore.transport.security.Cookie;
import io.spore.transport.security.Handshake;
import io.spore.transport.security.HandshakeException;
import io.spore.transport.security.HandshakeMessage;
import io.spore.wire.HandshakeProof;
import io.spore.wire.sbe.ChallengeDecoder;
import io.spore.wire.sbe.ChallengeResponseDecoder;
import io.spore.wire.sbe.GoodbyeDecoder;
import io.spore.wire.sbe.GoodbyeReason;
import io.spore.wire.sbe.HelloDecoder;
import io.spore.wire.sbe.NodeFlagsDecoder;
import io.spore.wire.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Every connection of this node, as the receive agent drives them: making them (with the {@link Connector}), the
 * cookie handshake over the schema's Hello, Challenge, ChallengeResponse and Welcome frames, heartbeats, failure
 * detection, goodbyes, and the node up and down events that follow.
 *
 * <p>The protocol decisions, which the wire schema leaves to the transport:
 * <ul>
 *   <li>A frame's sender is known by its Aeron session id: both publications of a node to a peer share one (see
 *       {@link PeerPublications}). A session is mapped to its connection when its Hello (accepting side) or
 *       Challenge (connecting side) arrives; until the handshake completes, only handshake frames and Goodbye are
 *       taken from it, everything else is dropped and counted.</li>
 *   <li>The connecting side's Hello says where it receives ({@code endpoint}); of that only the port is used: the
 *       Challenge goes to the address the Hello's packets come from (read from the image), so an unauthenticated
 *       frame can never make this node send to a third address. Likewise a Challenge is taken only from the address
 *       this node said hello to.</li>
 *   <li>Each Hello on a new session starts a handshake of its own, beside any connection the node has to that
 *       name: an unauthenticated Hello neither resets a handshake in progress nor redirects an established
 *       connection. The handshake takes the current connection's place only once it authenticates. Hellos from
 *       strangers are bounded: at most {@value #MAX_PENDING_HANDSHAKES} such handshakes pending in all and
 *       {@value #MAX_PENDING_HANDSHAKES_PER_SOURCE} per source address; past that they go unanswered and counted.</li>
 *   <li>The accepting side holds its own frames until the first frame that follows the Welcome (the connecting side
 *       sends a Heartbeat at once): Welcome travels on the control stream, and data sent right behind it on the
 *       data stream could otherwise arrive first and be dropped as unauthenticated.</li>
 *   <li>Two nodes that connect to each other at once: the node with the smaller name keeps its connecting role and
 *       leaves the other's Hello unanswered; the other answers the Hello it received, and when that handshake
 *       completes its own attempt hands the frames it queued over to it and retires, without a node-down.</li>
 *   <li>A Hello from a node that is connected already means it restarted (a new creation) or lost this node. The new
 *       connection is accepted beside the old one, and replaces it only once authenticated: the old one goes down
 *       (node down), then the new one up (node up with the new creation). A Hello with the same creation while the
 *       old connection is still heard from is a replay or a duplicate and is dropped.</li>
 *   <li>Liveness: any frame counts; each side sends a Heartbeat every heartbeat interval on the control stream; a
 *       connection silent for the detection timeout goes down. A handshake that has not completed within the lookup
 *       timeout plus the detection timeout fails.</li>
 *   <li>A failed handshake (a wrong cookie on either side) is answered with Goodbye(HANDSHAKE_FAILED), logged at
 *       WARN with the peer's name and counted on both sides; no node up. For a short while after a failed attempt
 *       (one heartbeat interval) new sends to that node fail at once instead of starting another attempt.</li>
 * </ul>
 *
 * <p>Threading: the receive agent's thread only, except where a method says otherwise. The peer map and the
 * failure times are shared with senders (concurrent maps).
 */
final class Connections {
    /** Handshakes started by Hellos that may be pending at once, in all. */
    static final int MAX_PENDING_HANDSHAKES = 64;
    /** Handshakes started by Hellos that may be pending at once from one source address. */
    static final int MAX_PENDING_HANDSHAKES_PER_SOURCE = 8;
    /** Names with a failed attempt remembered at most; past it the table starts afresh. */
    static final int MAX_FAILED_NAMES = 4096;
    /** How often expired failed attempts are forgotten. */
    static final long FAILED_SWEEP_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** Frames the agent may keep for a peer whose publications do not take them; past it the peer is gone. */
    static final int OUTBOX_LIMIT = 16 * 1024;
    /** How long a goodbye on shutdown may wait out back-pressure, per peer. */
    static final long GOODBYE_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private final TransportContext context;
    private final NodeName self;
    private final int creation;
    /** Whether this node accepts remote spawns, read at each handshake to advertise it (NodeFlags). */
    private java.util.function.BooleanSupplier remoteSpawnEnabled = () -> true;
    private final Cookie cookie;
    private final SecureRandom random = new SecureRandom();
    private final TransportCounters counters;
    private final Inbound inbound;
    /** The current connection to each node: senders look here, the agent replaces and removes. */
    private final ConcurrentHashMap<NodeName, PeerConnection> peers = new ConcurrentHashMap<>();
    /** Until when new sends to a node fail at once, after a failed attempt; senders read it. */
    private final ConcurrentHashMap<NodeName, Long> failedUntilNs = new ConcurrentHashMap<>();
    private final java.util.Queue<Runnable> commands;
    private final Connector connector;
    private final NodeEndpoint endpoint;
    private final String advertisedEndpoint;
    private final FrameWriter writer;
    private final Int2ObjectHashMap<PeerConnection> bySession = new Int2ObjectHashMap<>();
    private final ArrayList<PeerConnection> active = new ArrayList<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final long heartbeatNs;
    private final long detectionNs;
    private final long connectTimeoutNs;
    private final long retryBackoffNs;
    private long nowNs = System.nanoTime();
    private long nextFailedSweepNs = nowNs;

    /** @param connector opens publications off the agent's thread */
    Connections(TransportContext context, TransportWiring wiring, Connector connector) {
        this.context = context;
        this.self = context.nodeName();
        this.creation = wiring.creation();
        this.cookie = wiring.cookie();
        this.counters = wiring.counters();
        this.inbound = wiring.inbound();
        this.commands = wiring.commands();
        this.connector = connector;
        this.endpoint = wiring.endpoint();
        this.writer = new FrameWriter(context.typeRegistry(), context.maxMessageSize(), context.idleStrategy().get(),
            counters.agentOutbound);
        this.advertisedEndpoint = Channels.endpoint(context.bindAddress(), endpoint.port());
        this.heartbeatNs = context.heartbeatInterval().toNanos();
        this.detectionNs = context.detectionTimeout().toNanos();
        this.connectTimeoutNs = context.lookupTimeout().toNanos() + detectionNs;
        this.retryBackoffNs = heartbeatNs;
    }

    // ---- for senders, from any thread ----

    /**
     * The connection to {@code node}, made on first use (the agent then starts connecting); {@code null} when none
     * may be made now: the transport is closing, it is this node's own name, or an attempt failed a moment ago.
     */
    PeerConnection forSending(NodeName node, boolean closing) {
        while (true) {
            PeerConnection current = peers.get(node);
            if (current != null && !current.isDown()) {
                return current;
            }
            if (closing || node.equals(self)) {
                return null;
            }
            Long untilNs = failedUntilNs.get(node);
            if (untilNs != null) {
                if (System.nanoTime() - untilNs < 0) {
                    return null;
                }
                failedUntilNs.remove(node, untilNs);
            }
            PeerConnection fresh = new PeerConnection(node, Role.CLIENT);
            boolean made = current == null ? peers.putIfAbsent(node, fresh) == null : peers.replace(node, current,
                fresh);
            if (made) {
                commands.add(() -> connect(fresh));
                return fresh;
            }
        }
    }

    /** @return the current connection to {@code node}, or {@code null} (any thread) */
    PeerConnection current(NodeName node) {
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

    /** On close, after the agent has stopped: ends whatever connection is left and closes its publications. */
    void closeRemaining() {
        for (PeerConnection peer : peers.values()) {
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
    void connect(PeerConnection peer) {
        if (peer.isDown() || peer.attempt > 0) {
            return;
        }
        track(peer);
        peer.deadlineNs = nowNs + connectTimeoutNs;
        connector.connect(peer, ++peer.attempt);
    }

    /** The connector opened (or could not open) a peer's publications. */
    void onOpened(Connector.Opened opened) {
        PeerConnection peer = opened.peer();
        if (peer.isDown() || opened.attempt() != peer.attempt) {
            if (opened.publications() != null) {
                connector.close(opened.publications());
            }
            return;
        }
        if (opened.error() != null) {
            LOG.log(System.Logger.Level.WARNING, () -> self + " cannot connect to " + peer.name + ": "
                + opened.error().getMessage());
            down(peer, opened.error().getMessage(), true, null);
            return;
        }
        peer.publications(opened.publications());
        peer.moveTo(State.HANDSHAKING);
        if (peer.role == Role.CLIENT) {
            sendHello(peer);
        } else {
            sendChallenge(peer);
        }
    }

    /** A sender found that {@code peer} takes no frames any more: it is as good as gone. */
    void unresponsive(PeerConnection peer, String why) {
        if (!peer.isDown()) {
            LOG.log(System.Logger.Level.WARNING, () -> self + " gives up on " + peer.name + ": " + why);
            down(peer, why, false, null);
        }
    }

    /** @param enabled read at each handshake: whether to advertise that this node accepts remote spawns */
    void advertiseRemoteSpawn(java.util.function.BooleanSupplier enabled) {
        this.remoteSpawnEnabled = enabled;
    }

    // ---- handshake frames ----

    void onHello(int sessionId, HelloDecoder hello) {
        int peerCreation = hello.creation();
        NodeFlagsDecoder peerFlags = hello.flags();
        long peerLimit = hello.maxMessageBytes();
        byte[] nonce = new byte[HandshakeProof.NONCE_LENGTH];
        hello.getClientNonce(nonce, 0, nonce.length);
        NodeName name = nodeName(hello.nodeName());
        String source = sourceAddress(sessionId);
        int port = name == null || source == null ? -1 : replyPort(hello.endpoint());
        if (port < 0) {
            counters.malformedFrames.increment();
            return;
        }
        if (name.equals(self) || bySession.get(sessionId) != null) {
            counters.unauthenticatedFrames.increment(); // our own name, or a hello on a session already answered
            return;
        }
        PeerConnection existing = peers.get(name);
        if (existing != null && !existing.isDown()) {
            State state = existing.state();
            boolean established = state == State.AWAIT_ACK || state == State.FLUSHING || state == State.UP;
            if (!established && existing.role == Role.CLIENT && self.compareTo(name) < 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> self + " and " + name + " connect to each other at once; "
                    + self + " keeps connecting, " + name + " will accept");
                return;
            }
            if (established && peerCreation == existing.peerCreation && nowNs - existing.lastHeardNs < detectionNs) {
                // The node we hear from is still there: this hello is a replay or a stray duplicate. Were it real
                // (the peer lost us), we stop hearing the old connection and accept the next hello.
                counters.unauthenticatedFrames.increment();
                return;
            }
        }
        if (!admitHandshake(source)) {
            counters.refusedHandshakes.increment();
            return;
        }
        // A new handshake of its own, beside whatever connection the node has: an unauthenticated hello changes no
        // connection that belongs to another session. It takes the current one's place once it authenticates.
        PeerConnection handshake = new PeerConnection(name, Role.SERVER);
        handshake.peerSource = source;
        accept(handshake, name, sessionId, peerCreation, peerFlags, peerLimit, nonce, source, port);
    }

    /**
     * Whether another handshake from {@code source} may be answered: the handshakes that Hellos started and that
     * have not completed are bounded in all and per source address, so strangers cannot make this node hold
     * handshakes (and open publications back to them) without end.
     */
    private boolean admitHandshake(String source) {
        int pending = 0;
        int fromSource = 0;
        for (int i = 0; i < active.size(); i++) {
            PeerConnection peer = active.get(i);
            State state = peer.state();
            if (peer.role == Role.SERVER && (state == State.OPENING || state == State.HANDSHAKING)) {
                pending++;
                if (source.equals(peer.peerSource)) {
                    fromSource++;
                }
            }
        }
        return pending < MAX_PENDING_HANDSHAKES && fromSource < MAX_PENDING_HANDSHAKES_PER_SOURCE;
    }

    /**
     * Answers a Hello on a new accepting connection: the challenge goes to the address the Hello came from (its
     * source, never an address the Hello names: an unauthenticated frame cannot make this node send elsewhere) at the
     * port the Hello says its node listens on.
     */
    private void accept(PeerConnection peer, NodeName name, int sessionId, int peerCreation,
                        NodeFlagsDecoder peerFlags, long peerLimit, byte[] nonce, String host, int port) {
        peer.server = Handshake.server(cookie, self, creation, random);
        try {
            peer.challengeSent = peer.server.onHello(new HandshakeMessage.Hello(name, peerCreation, nonce));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        heardFrom(peer, sessionId, peerCreation, peerFlags, peerLimit);
        peer.peerEndpoint = Channels.endpoint(host, port);
        track(peer);
        peer.deadlineNs = nowNs + connectTimeoutNs;
        peer.moveTo(State.OPENING);
        connector.open(peer, ++peer.attempt, host, port);
    }

    /** Records what the peer's hello or challenge said about it, and the session its frames come in on. */
    private void heardFrom(PeerConnection peer, int sessionId, int peerCreation, NodeFlagsDecoder peerFlags,
                           long peerLimit) {
        peer.peerSessionId = sessionId;
        peer.peerCreation = peerCreation;
        peer.peerRemoteSpawn = peerFlags.remoteSpawnEnabled();
        peer.peerReadsBatches = peerFlags.readsBatches();
        peer.peerHonoursBarriers = peerFlags.honoursBarriers();
        peer.peerLimit = peerLimit;
        bySession.put(sessionId, peer);
    }

    void onChallenge(int sessionId, ChallengeDecoder challenge) {
        int peerCreation = challenge.creation();
        NodeFlagsDecoder peerFlags = challenge.flags();
        long peerLimit = challenge.maxMessageBytes();
        byte[] nonce = new byte[HandshakeProof.NONCE_LENGTH];
        challenge.getServerNonce(nonce, 0, nonce.length);
        NodeName name = nodeName(challenge.nodeName());
        if (name == null) {
            counters.malformedFrames.increment();
            return;
        }
        PeerConnection peer = peers.get(name);
        if (peer == null || peer.role != Role.CLIENT || peer.client == null || peer.state() != State.HANDSHAKING
            || peer.peerSessionId != PeerConnection.NO_SESSION || !fromConnectedAddress(peer, sessionId)) {
            // Nobody here waits for that node's challenge, or it comes from elsewhere than the node we said hello to.
            counters.unauthenticatedFrames.increment();
            return;
        }
        HandshakeMessage.Response response;
        try {
            response = peer.client.onChallenge(new HandshakeMessage.Challenge(name, peerCreation, nonce));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        heardFrom(peer, sessionId, peerCreation, peerFlags, peerLimit);
        byte[] proof = response.proof();
        sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), writer.challengeResponse(proof));
    }

    void onChallengeResponse(int sessionId, ChallengeResponseDecoder response) {
        PeerConnection peer = bySession.get(sessionId);
        if (peer == null || peer.role != Role.SERVER || peer.server == null || peer.state() != State.HANDSHAKING) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        byte[] proof = new byte[HandshakeProof.PROOF_LENGTH];
        response.getClientProof(proof, 0, proof.length);
        HandshakeMessage.Welcome welcome;
        try {
            welcome = peer.server.onResponse(new HandshakeMessage.Response(peer.challengeSent.nonce(), proof));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        peer.moveTo(State.AWAIT_ACK);
        sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), writer.welcome(welcome.proof()));
    }

    void onWelcome(int sessionId, WelcomeDecoder welcome) {
        PeerConnection peer = bySession.get(sessionId);
        if (peer == null || peer.role != Role.CLIENT || peer.client == null || peer.state() != State.HANDSHAKING) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        byte[] proof = new byte[HandshakeProof.PROOF_LENGTH];
        welcome.getServerProof(proof, 0, proof.length);
        AuthenticatedPeer authenticated;
        try {
            authenticated = peer.client.onWelcome(new HandshakeMessage.Welcome(peer.helloNonce, proof));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        peer.peerCreation = authenticated.creation();
        // The acknowledgment the accepting side waits for before it sends anything of its own.
        sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), writer.heartbeat(peer.heartbeatSequence++));
        established(peer);
    }

    void onGoodbye(int sessionId, GoodbyeDecoder goodbye) {
        PeerConnection peer = bySession.get(sessionId);
        GoodbyeReason reason = goodbye.reason();
        String description = goodbye.description();
        if (peer == null || peer.isDown()) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        if (reason == GoodbyeReason.HANDSHAKE_FAILED) {
            counters.failedHandshakes.increment();
            LOG.log(System.Logger.Level.WARNING, () -> "handshake of " + self + " with " + peer.name + " failed: "
                + peer.name + " refused it: " + (description.isEmpty()
                ? "our cookies differ; give both nodes the same cookie file" : description));
            down(peer, peer.name + " refused the handshake", true, null);
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> self + ": " + peer.name + " said goodbye (" + reason
            + (description.isEmpty() ? "" : ": " + description) + ")");
        down(peer, peer.name + " said goodbye", false, null);
    }

    /**
     * @return the connection whose authenticated peer sent on {@code sessionId}, marked as heard from, or
     *         {@code null} when the session has not completed a handshake (the frame is to be dropped)
     */
    PeerConnection authenticated(int sessionId) {
        PeerConnection peer = bySession.get(sessionId);
        if (peer == null) {
            return null;
        }
        State state = peer.state();
        if (state == State.AWAIT_ACK) {
            established(peer); // the connecting side's first frame after our Welcome
        } else if (state != State.FLUSHING && state != State.UP) {
            return null;
        }
        peer.lastHeardNs = nowNs;
        return peer;
    }

    /** @return whether {@code sessionId} belongs to a connection whose handshake completed; no side effects */
    boolean isAuthenticated(int sessionId) {
        PeerConnection peer = bySession.get(sessionId);
        if (peer == null) {
            return false;
        }
        State state = peer.state();
        return state == State.AWAIT_ACK || state == State.FLUSHING || state == State.UP;
    }

    /** @return how long a connection may take from its first step to the end of its handshake */
    long connectTimeoutNs() {
        return connectTimeoutNs;
    }

    // ---- the duty cycle ----

    /** Sends what waits, beats hearts, and ends connections that are silent or stuck. */
    int doWork(long nowNs) {
        this.nowNs = nowNs;
        int work = 0;
        if (nowNs - nextFailedSweepNs > 0) {
            nextFailedSweepNs = nowNs + FAILED_SWEEP_INTERVAL_NS;
            sweepFailed(nowNs);
        }
        for (int i = active.size() - 1; i >= 0; i--) {
            PeerConnection peer = active.get(i);
            if (peer.isDown()) {
                active.remove(i);
                continue;
            }
            work += drainOutbox(peer);
            switch (peer.state()) {
                case OPENING, HANDSHAKING, AWAIT_ACK -> {
                    if (nowNs - peer.deadlineNs > 0) {
                        counters.failedHandshakes.increment();
                        String why = "no connection within " + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNs)
                            + " ms (" + describe(peer) + ")";
                        LOG.log(System.Logger.Level.WARNING, () -> self + " cannot connect to " + peer.name + ": "
                            + why);
                        down(peer, why, true, null);
                    }
                }
                case FLUSHING -> {
                    work += peer.flush(counters, writer);
                    work += keepAlive(peer);
                }
                case UP -> work += keepAlive(peer);
                default -> {
                }
            }
        }
        return work;
    }

    /**
     * Sends the data frames that senders left staged, where due (see {@link BatchingPublication}), and tells
     * {@code flushes} which connections still hold some, so the agent does not park meanwhile.
     *
     * @return the batches sent
     */
    int flushStaged(long nowNs, StagedFlushes flushes) {
        flushes.beginPass();
        int sent = 0;
        for (int i = active.size() - 1; i >= 0; i--) {
            PeerPublications publications = active.get(i).publications();
            if (publications != null && publications.hasStaged()) {
                sent += publications.flushStaged(nowNs);
                if (publications.hasStaged() && !publications.stagedLongerThanDue(nowNs)) {
                    flushes.stillStaged(); // else back-pressured: retried each duty cycle, parking allowed between
                }
            }
        }
        return sent;
    }

    /**
     * Forgets the failed attempts whose back-off is over, so that the table of names stays as small as the attempts
     * of the last moment; past {@link #MAX_FAILED_NAMES} (names a peer made this node try, say) it starts afresh.
     */
    private void sweepFailed(long nowNs) {
        failedUntilNs.values().removeIf(untilNs -> nowNs - untilNs >= 0);
        if (failedUntilNs.size() > MAX_FAILED_NAMES) {
            failedUntilNs.clear();
        }
    }

    private int keepAlive(PeerConnection peer) {
        if (nowNs - peer.lastHeardNs > detectionNs) {
            String why = "nothing heard for " + TimeUnit.NANOSECONDS.toMillis(nowNs - peer.lastHeardNs) + " ms";
            LOG.log(System.Logger.Level.WARNING, () -> self + " lost " + peer.name + ": " + why);
            down(peer, why, false, null);
            return 1;
        }
        if (nowNs - peer.nextHeartbeatNs >= 0) {
            peer.nextHeartbeatNs = nowNs + heartbeatNs;
            // A heartbeat that does not fit now is not worth keeping: the next one follows.
            offerOnce(peer, PeerPublications.CONTROL, writer.buffer(), writer.heartbeat(peer.heartbeatSequence++));
            return 1;
        }
        return 0;
    }

    /**
     * Sends a frame made on the agent's thread: at once if it fits, else after the ones waiting before it. The agent
     * never waits for back-pressure; what does not fit is retried every duty cycle.
     */
    void sendFromAgent(PeerConnection peer, int stream, DirectBuffer buffer, int length) {
        if (peer.outbox.isEmpty() && offerOnce(peer, stream, buffer, length)) {
            return;
        }
        byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        peer.outbox.add(new PeerConnection.OutFrame(stream, copy));
        if (peer.outbox.size() > OUTBOX_LIMIT) {
            unresponsive(peer, OUTBOX_LIMIT + " frames wait for it and it takes none");
        }
    }

    private boolean offerOnce(PeerConnection peer, int stream, DirectBuffer buffer, int length) {
        PeerPublications publications = peer.publications();
        if (publications == null) {
            return false;
        }
        long result = publications.offer(stream, buffer, 0, length);
        if (result > 0) {
            counters.agentOutbound.sent(length);
            return true;
        }
        if (result == Publication.BACK_PRESSURED) {
            counters.backPressureEvents.increment();
        }
        return false;
    }

    private int drainOutbox(PeerConnection peer) {
        int sent = 0;
        for (PeerConnection.OutFrame frame = peer.outbox.peek(); frame != null; frame = peer.outbox.peek()) {
            view.wrap(frame.bytes());
            if (!offerOnce(peer, frame.stream(), view, frame.bytes().length)) {
                break;
            }
            peer.outbox.poll();
            sent++;
        }
        return sent;
    }

    private void sendHello(PeerConnection peer) {
        ClientHandshake client = Handshake.client(cookie, self, creation, peer.name, random);
        HandshakeMessage.Hello hello;
        try {
            hello = client.hello();
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        peer.client = client;
        peer.helloNonce = hello.nonce();
        sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(),
            writer.hello(self, creation, context.maxMessageSize(), peer.helloNonce, advertisedEndpoint,
                remoteSpawnEnabled.getAsBoolean()));
    }

    private void sendChallenge(PeerConnection peer) {
        sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), writer.challenge(self, creation,
            context.maxMessageSize(), peer.challengeSent.nonce(), advertisedEndpoint,
            remoteSpawnEnabled.getAsBoolean()));
    }

    /**
     * A handshake completed: the connection becomes the node's connection to its peer. One that a Hello started
     * takes the place of the current one: a connection that was up goes down first (the peer restarted or lost this
     * node, so links and monitors with it fire), while an attempt of this node's own that never came up hands its
     * queued frames over, in order, and retires without a node-down.
     */
    private void established(PeerConnection peer) {
        PeerConnection previous = peers.put(peer.name, peer);
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
        peer.lastHeardNs = nowNs;
        peer.nextHeartbeatNs = nowNs + heartbeatNs;
        peer.announcedUp = true;
        PeerPublications publications = peer.publications();
        if (publications != null) {
            publications.batchData(peer.peerReadsBatches);
        }
        peer.moveTo(State.FLUSHING);
        failedUntilNs.remove(peer.name);
        counters.connectionsUp.increment();
        LOG.log(System.Logger.Level.INFO, () -> self + " connected to " + peer.name + " (creation "
            + peer.peerCreation + ", " + (peer.role == Role.CLIENT ? "connecting" : "accepting") + " side)");
        inbound.nodeUp(peer.name, peer.peerCreation, peer.peerRemoteSpawn);
    }

    /** Ends a connection that never came up in favour of {@code successor}, which takes its queued frames. */
    private void retire(PeerConnection retired, PeerConnection successor) {
        if (retired.handOverTo(successor) < 0) {
            return;
        }
        retired.outbox.clear();
        if (retired.peerSessionId != PeerConnection.NO_SESSION && bySession.get(retired.peerSessionId) == retired) {
            bySession.remove(retired.peerSessionId);
        }
        PeerPublications publications = retired.publications();
        if (publications != null) {
            retired.publications(null);
            connector.close(publications);
        }
    }

    private void handshakeFailed(PeerConnection peer, HandshakeException e) {
        counters.failedHandshakes.increment();
        LOG.log(System.Logger.Level.WARNING, () -> "handshake of " + self + " with " + peer.name + " failed ("
            + e.failure() + "): " + e.getMessage());
        GoodbyeReason reason = e.failure() == HandshakeException.Failure.UNEXPECTED_STEP
            ? GoodbyeReason.PROTOCOL_ERROR : GoodbyeReason.HANDSHAKE_FAILED;
        down(peer, e.getMessage(), true, reason);
    }

    /**
     * Ends a connection: drops what waits for it, tells the peer why when {@code goodbye} is given, closes the
     * publications, and tells the node, whose links, monitors and calls with that node then fire.
     *
     * @param failed whether this was a failed attempt, after which new sends fail at once for a short while
     */
    void down(PeerConnection peer, String why, boolean failed, GoodbyeReason goodbye) {
        int dropped = peer.markDown();
        if (dropped < 0) {
            return;
        }
        PeerPublications publications = peer.publications();
        if (goodbye != null && publications != null) {
            drainOutbox(peer);
            offerOnce(peer, PeerPublications.CONTROL, writer.buffer(), writer.goodbye(goodbye, why));
        }
        peer.outbox.clear();
        boolean known = peers.remove(peer.name, peer);
        if (peer.peerSessionId != PeerConnection.NO_SESSION && bySession.get(peer.peerSessionId) == peer) {
            bySession.remove(peer.peerSessionId);
        }
        if (publications != null) {
            peer.publications(null);
            connector.close(publications); // a closed publication lingers in the driver until what it holds is sent
        }
        if (failed && known) {
            // Only for an attempt senders used: a handshake a stranger's Hello started must not hold sends back.
            failedUntilNs.put(peer.name, nowNs + retryBackoffNs);
        }
        counters.connectionsDown.increment();
        if (peer.announcedUp) {
            LOG.log(System.Logger.Level.INFO, () -> self + ": connection to " + peer.name + " is down (" + why + ")"
                + (dropped > 0 ? "; " + dropped + " queued frames dropped" : ""));
        }
        if (known || peer.announcedUp) {
            // Not for a replacement that never authenticated: the connection it would have replaced still works.
            inbound.nodeDown(peer.name);
        }
    }

    /**
     * On shutdown: says goodbye to every peer that can hear it, ends every connection, and hands back the
     * publications for the closing thread to close once the goodbyes have left.
     */
    List<Goodbye> closeAll(String why) {
        List<Goodbye> goodbyes = new ArrayList<>();
        for (PeerConnection peer : new ArrayList<>(active)) {
            PeerPublications publications = peer.publications();
            long position = 0;
            if (publications != null && !peer.isDown()) {
                drainOutbox(peer);
                int length = writer.goodbye(GoodbyeReason.SHUTDOWN, why);
                long deadlineNs = System.nanoTime() + GOODBYE_RETRY_NS;
                do {
                    // On the data stream, behind every message and signal already sent: the peer reads them all
                    // before it reads the goodbye and drops the connection.
                    position = publications.offerLastData(writer.buffer(), 0, length);
                } while ((position == Publication.BACK_PRESSURED || position == Publication.ADMIN_ACTION)
                    && System.nanoTime() - deadlineNs < 0 && pause());
                peer.publications(null);
                goodbyes.add(new Goodbye(publications, position));
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

    private static boolean pause() {
        LockSupport.parkNanos(100_000);
        return true;
    }

    /** A goodbye offered on shutdown, and the publications to close once it has left. */
    record Goodbye(PeerPublications publications, long position) {
    }

    private void track(PeerConnection peer) {
        if (!peer.tracked) {
            peer.tracked = true;
            active.add(peer);
        }
    }

    private static String describe(PeerConnection peer) {
        return switch (peer.state()) {
            case OPENING -> "its address was not found or its publications did not open";
            case HANDSHAKING -> peer.publications() != null && !peer.publications().isConnected()
                ? "nothing answers at " + peer.publications().endpoint() : "the handshake did not complete";
            case AWAIT_ACK -> "it did not acknowledge the welcome";
            default -> peer.state().toString();
        };
    }

    private static NodeName nodeName(String text) {
        try {
            return NodeName.parse(text);
        } catch (SporeException e) {
            return null;
        }
    }

    /** @return the port of a hello's {@code host:port} endpoint, or -1 when it is not one */
    private static int replyPort(String endpointText) {
        int colon = endpointText.lastIndexOf(':');
        if (colon <= 0 || colon == endpointText.length() - 1) {
            return -1;
        }
        try {
            int port = Integer.parseInt(endpointText.substring(colon + 1));
            return port < 1 || port > 65535 ? -1 : port;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the address {@code sessionId}'s packets come from, or {@code null} when its image is gone */
    private String sourceAddress(int sessionId) {
        Image image = endpoint.control().imageBySessionId(sessionId);
        String source = image == null ? null : image.sourceIdentity();
        int colon = source == null ? -1 : source.lastIndexOf(':');
        return colon <= 0 ? null : unbracket(source.substring(0, colon));
    }

    /** Whether {@code sessionId} sends from the address this node's publications to {@code peer} go to. */
    private boolean fromConnectedAddress(PeerConnection peer, int sessionId) {
        PeerPublications publications = peer.publications();
        String source = sourceAddress(sessionId);
        if (publications == null || source == null) {
            return false;
        }
        String target = publications.endpoint();
        String host = unbracket(target.substring(0, target.lastIndexOf(':')));
        try {
            return java.net.InetAddress.getByName(host).equals(java.net.InetAddress.getByName(source));
        } catch (java.net.UnknownHostException e) {
            return false; // both are numeric, so this does not happen
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
