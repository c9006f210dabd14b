package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.Association.Role;
import io.spore.transport.Association.State;
import io.spore.transport.security.AuthenticatedPeer;
import io.spore.transport.security.ClientHandshake;
import io.spore.transport.security.Cookie;
import io.spore.transport.security.Handshake;
import io.spore.transport.security.HandshakeException;
import io.spore.transport.security.HandshakeMessage;
import io.spore.transport.security.ServerHandshake;
import io.spore.wire.sbe.ChallengeDecoder;
import io.spore.wire.sbe.ChallengeResponseDecoder;
import io.spore.wire.sbe.GoodbyeReason;
import io.spore.transport.identity.TranscriptSignature;
import io.spore.transport.identity.VerifiedPeer;
import io.spore.transport.seal.Suite;
import io.spore.wire.sbe.HelloDecoder;
import io.spore.wire.sbe.IdentityDecoder;
import io.spore.wire.sbe.MessageHeaderDecoder;
import io.spore.wire.sbe.NodeFlagsDecoder;
import io.spore.wire.sbe.WelcomeDecoder;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The cookie handshake as this node runs it over the schema's Hello, Challenge, ChallengeResponse and Welcome frames:
 * the state machine of each connection from {@code OPENING} to authenticated, with its isolation from strangers. The
 * proofs themselves (nonces, HMACs) are {@link Handshake}'s; {@link Connections} is told when a handshake completes
 * ({@link Connections#up}) or fails ({@link Connections#down}).
 *
 * <p>The protocol decisions, which the wire schema leaves to the transport:
 * <ul>
 *   <li>A session is mapped to its connection when its Hello (accepting side) or Challenge (connecting side)
 *       arrives; until the handshake completes, only handshake frames and Goodbye are taken from it.</li>
 *   <li>The connecting side's Hello says where it receives ({@code endpoint}); of that only the port is used: the
 *       Challenge goes to the address the Hello's packets come from (read from the image), so an unauthenticated
 *       frame can never make this node send to a third address. Likewise a Challenge is taken only from the address
 *       this node said hello to.</li>
 *   <li>Each Hello on a new session starts a handshake of its own, beside any connection the node has to that
 *       name: an unauthenticated Hello neither resets a handshake in progress nor redirects an established
 *       connection. The handshake takes the current connection's place only once it authenticates. Hellos from
 *       strangers are bounded: at most {@value #MAX_PENDING_HANDSHAKES} such handshakes pending in all and
 *       {@value #MAX_PENDING_HANDSHAKES_PER_SOURCE} per source address; past that they go unanswered and counted.</li>
 *   <li>Two nodes that connect to each other at once: the node with the smaller name keeps its connecting role and
 *       leaves the other's Hello unanswered; the other answers the Hello it received.</li>
 *   <li>A Hello with the same creation as a connection that is still heard from is a replay or a duplicate and is
 *       dropped; with a new creation it is the node restarted, and its handshake runs beside the old connection.</li>
 *   <li>A handshake that has not completed within the connect timeout (lookup plus detection timeout) fails. A
 *       failed handshake (a wrong cookie on either side) is answered with Goodbye(HANDSHAKE_FAILED), logged at WARN
 *       with the peer's name and counted; an unexpected step with Goodbye(PROTOCOL_ERROR).</li>
 * </ul>
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class HandshakeProtocol {
    /** Handshakes started by Hellos that may be pending at once, in all. */
    static final int MAX_PENDING_HANDSHAKES = 64;
    /** Handshakes started by Hellos that may be pending at once from one source address. */
    static final int MAX_PENDING_HANDSHAKES_PER_SOURCE = 8;

    /** How often at most a refusal of an older node is logged. */
    static final long OLDER_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(30);

    private static final System.Logger LOG = System.getLogger(HandshakeProtocol.class.getName());

    private final TransportContext context;
    private final NodeName self;
    private final int creation;
    private final Cookie cookie;
    private final SecureRandom random = new SecureRandom();
    private final TransportCounters counters;
    private final Connections connections;
    private final Connector connector;
    private final NodeEndpoint endpoint;
    private final FrameWriter writer;
    /** Where handshake frames come from, and where answers may go. */
    private final HandshakeSources sources;
    /** Where this node receives, as its Hello and Challenge say. */
    private final String advertisedEndpoint;
    /** This node's wire security, and what it means for suites and seals. */
    private final HandshakeSecurity security;
    /** This node's identity and the certificates it trusts, if any. */
    private final HandshakeIdentities identities;
    /** Read back the handshake frames this node wrote, for its half of the transcript. */
    private final MessageHeaderDecoder headerRead = new MessageHeaderDecoder();
    private final HelloDecoder helloRead = new HelloDecoder();
    private final io.spore.wire.sbe.ChallengeDecoder challengeRead = new io.spore.wire.sbe.ChallengeDecoder();
    /** When this node last logged a refusal of an older node's hello (they retry; the log says it once a while). */
    private long lastOlderLogNs = Long.MIN_VALUE / 2;
    /** Whether this node accepts remote spawns, read at each handshake to advertise it (NodeFlags). */
    private BooleanSupplier remoteSpawnEnabled = () -> true;

    /** What a handshake in progress holds, kept by its association and written by this class alone. Agent only. */
    static final class Progress {
        /** The connecting side's half of the proofs, once this node said hello. */
        ClientHandshake client;
        /** The nonce of the Hello this node sent (connecting side), which the Welcome must answer. */
        byte[] helloNonce;
        /** The accepting side's half of the proofs, once a Hello started the association. */
        ServerHandshake server;
        /** The challenge this node answered a Hello with (accepting side). */
        HandshakeMessage.Challenge challengeSent;
        /** The address a Hello that started the association came from (accepting side), else {@code null}. */
        String source;
        /** This node's half of the transcript, as its Hello or Challenge carried it. */
        HandshakeSide own;
        /** The peer's half, as its Hello or Challenge carried it. */
        HandshakeSide peer;
        /** The suite the handshake agreed on; {@code null} under {@link WireSecurity#NONE}. */
        Suite suite;
        /** Seals and opens the connection's frames once the peer proved itself; {@code null} under NONE. */
        ConnectionSeal seal;
        /** The transcript hash, once both halves are known. */
        byte[] transcript;
        /** The peer's identity, once its Identity frame verified; {@code null} when it proved none. */
        VerifiedPeer verified;
    }

    HandshakeProtocol(TransportContext context, TransportWiring wiring, Connections connections,
                      Connector connector, FrameWriter writer) {
        this.context = context;
        this.self = context.nodeName();
        this.creation = wiring.creation();
        this.cookie = wiring.cookie();
        this.counters = wiring.counters();
        this.connections = connections;
        this.connector = connector;
        this.endpoint = wiring.endpoint();
        this.writer = writer;
        this.advertisedEndpoint = Channels.endpoint(context.bindAddress(), endpoint.port());
        this.sources = new HandshakeSources(endpoint);
        this.identities = new HandshakeIdentities(context.identity(), context.trustedPeers());
        this.security = new HandshakeSecurity(self, context.wireSecurity(), context.sealSuite(),
            context.sealKeyLimits());
    }

    /** @param enabled read at each handshake: whether to advertise that this node accepts remote spawns */
    void advertiseRemoteSpawn(BooleanSupplier enabled) {
        this.remoteSpawnEnabled = enabled;
    }

    /** The publications of {@code peer} are open: the first step of its handshake goes out. */
    void begin(Association peer) {
        if (peer.role == Role.CLIENT) {
            sendHello(peer);
        } else {
            sendChallenge(peer);
        }
    }

    /** Fails the handshake of {@code peer} if it is past its deadline. */
    void expireIfOverdue(Association peer, long nowNs) {
        if (nowNs - peer.deadlineNs <= 0) {
            return;
        }
        counters.failedHandshakes.increment();
        String why = "no connection within " + TimeUnit.NANOSECONDS.toMillis(connections.times().connectTimeoutNs())
            + " ms (" + describe(peer) + ")";
        int dropped = connections.down(peer, why, true, null);
        LOG.log(System.Logger.Level.WARNING, () -> self + " cannot connect to " + peer.name + ": " + why
            + Connections.droppedNote(dropped));
    }

    void onHello(int sessionId, HelloDecoder hello) {
        if (hello.actingVersion() < 3) {
            refuseOlder(hello.nodeName(), hello.actingVersion());
            return;
        }
        HandshakeSide side = HandshakeSide.of(hello, sessionId);
        NodeFlagsDecoder peerFlags = hello.flags();
        NodeName name = nodeName(side.name());
        String source = sources.sourceAddress(sessionId);
        int port = name == null || source == null ? -1 : HandshakeSources.replyPort(side.endpoint());
        if (port < 0) {
            counters.malformedFrames.increment();
            return;
        }
        if (name.equals(self) || connections.bySession(sessionId) != null) {
            counters.unauthenticatedFrames.increment(); // our own name, or a hello on a session already answered
            return;
        }
        Association existing = connections.current(name);
        if (existing != null && !existing.isDown()) {
            State state = existing.state();
            boolean established = state == State.AWAIT_ACK || state == State.FLUSHING || state == State.UP;
            if (!established && existing.role == Role.CLIENT && self.compareTo(name) < 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> self + " and " + name + " connect to each other at once; "
                    + self + " keeps connecting, " + name + " will accept");
                return;
            }
            if (established && side.creation() == existing.peerCreation
                && connections.nowNs() - existing.liveness.lastHeardNs() < connections.times().detectionNs()) {
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
        Association accepting = new Association(name, Role.SERVER, connections);
        accepting.handshake.source = source;
        accepting.handshake.peer = side;
        // A hello whose wire security or suites do not match still gets a Challenge, which says this node's: the
        // connecting node then refuses with the reason, which both sides log (see onChallenge, onChallengeResponse).
        accepting.handshake.suite = security.chooseSuite(side.wireSecurity(), side.suites());
        accept(accepting, name, sessionId, side, peerFlags, source, port);
    }

    /** A node of an older wire version (which neither exchanges keys nor seals) said hello: refused, and said so. */
    private void refuseOlder(String name, int version) {
        counters.refusedHandshakes.increment();
        long nowNs = connections.nowNs();
        if (nowNs - lastOlderLogNs > OLDER_LOG_INTERVAL_NS) {
            lastOlderLogNs = nowNs;
            LOG.log(System.Logger.Level.WARNING, () -> self + " refuses " + name + ": it speaks wire version " + version
                + ", which neither exchanges keys nor seals frames; this node needs version 3: upgrade " + name);
        }
    }

    /**
     * Whether another handshake from {@code source} may be answered: the handshakes that Hellos started and that
     * have not completed are bounded in all and per source address, so strangers cannot make this node hold
     * handshakes (and open publications back to them) without end.
     */
    private boolean admitHandshake(String source) {
        int pending = 0;
        int fromSource = 0;
        java.util.List<Association> active = connections.active();
        for (int i = 0; i < active.size(); i++) {
            Association peer = active.get(i);
            State state = peer.state();
            if (peer.role == Role.SERVER && (state == State.OPENING || state == State.HANDSHAKING)) {
                pending++;
                if (source.equals(peer.handshake.source)) {
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
    private void accept(Association peer, NodeName name, int sessionId, HandshakeSide side,
                        NodeFlagsDecoder peerFlags, String host, int port) {
        Progress handshake = peer.handshake;
        handshake.server = Handshake.server(cookie, self, creation, random);
        try {
            handshake.challengeSent = handshake.server.onHello(
                new HandshakeMessage.Hello(name, side.creation(), side.nonce(), side.key()));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        heardFrom(peer, sessionId, side.creation(), peerFlags, side.maxMessageBytes());
        connections.track(peer);

        peer.moveTo(State.OPENING);
        long deadlineNs = connections.nowNs() + connections.times().connectTimeoutNs();
        connector.open(peer, peer.nextAttempt(deadlineNs), host, port);
    }

    /** Records what the peer's hello or challenge said about it, and the session its frames come in on. */
    private void heardFrom(Association peer, int sessionId, int peerCreation, NodeFlagsDecoder peerFlags,
                           long peerLimit) {
        peer.peerSaid(sessionId, peerCreation, peerFlags.remoteSpawnEnabled(), PeerReads.of(peerFlags),
            peerFlags.honoursBarriers(), peerLimit);
        peer.peerReportsMessagesRead = peerFlags.reportsMessagesRead();
        connections.bind(sessionId, peer);
    }

    void onChallenge(int sessionId, ChallengeDecoder challenge) {
        if (challenge.actingVersion() < 3) {
            refuseOlder(challenge.nodeName(), challenge.actingVersion());
            return;
        }
        HandshakeSide side = HandshakeSide.of(challenge, sessionId);
        NodeFlagsDecoder peerFlags = challenge.flags();
        NodeName name = nodeName(side.name());
        if (name == null) {
            counters.malformedFrames.increment();
            return;
        }
        Association peer = connections.current(name);
        if (peer == null || peer.role != Role.CLIENT || peer.handshake.client == null
            || peer.state() != State.HANDSHAKING
            || peer.peerSessionId != Association.NO_SESSION || !sources.fromConnectedAddress(peer, sessionId)) {
            // Nobody here waits for that node's challenge, or it comes from elsewhere than the node we said hello to.
            counters.unauthenticatedFrames.increment();
            return;
        }
        String mismatch = security.mismatch(name, side.wireSecurity(), side.suites(), peer.handshake.own.suites());
        if (mismatch != null) {
            refuseMismatch(peer, mismatch);
            return;
        }
        peer.handshake.peer = side;
        peer.handshake.suite = HandshakeSecurity.suite(side.suites());
        HandshakeMessage.Response response;
        peer.handshake.transcript = HandshakeSide.transcriptHash(peer.handshake.own, side);
        try {
            response = peer.handshake.client.onChallenge(
                new HandshakeMessage.Challenge(name, side.creation(), side.nonce(), side.key()),
                peer.handshake.transcript);
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        heardFrom(peer, sessionId, side.creation(), peerFlags, side.maxMessageBytes());
        if (identities.presents()) {
            connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), identities.write(writer,
                TranscriptSignature.Role.CLIENT, peer.handshake.transcript));
        }
        byte[] proof = response.proof();
        connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), writer.challengeResponse(proof));
    }

    void onChallengeResponse(int sessionId, ChallengeResponseDecoder response) {
        Association peer = connections.bySession(sessionId);
        if (peer == null || peer.role != Role.SERVER || peer.handshake.server == null
            || peer.state() != State.HANDSHAKING) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        String mismatch = security.mismatch(peer.name, peer.handshake.peer.wireSecurity(),
            peer.handshake.own.suites(), peer.handshake.peer.suites());
        if (mismatch != null) {
            refuseMismatch(peer, mismatch);
            return;
        }
        byte[] proof = new byte[Handshake.PROOF_LENGTH];
        response.getClientProof(proof, 0, proof.length);
        HandshakeMessage.Welcome welcome;
        try {
            identities.requireVerified(peer.handshake.verified, peer.name);
            welcome = peer.handshake.server.onResponse(
                new HandshakeMessage.Response(peer.handshake.challengeSent.nonce(), proof));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        // The client's next frame (its acknowledgement) is sealed; this node's are once the Welcome has left. If
        // it left at once (it nearly always does), that is now: a goodbye said before the acknowledgement arrives
        // must be sealed too, since the client, up from the Welcome on, refuses anything clear. Else at the ack.
        peer.handshake.seal = security.seal(peer.handshake.server.keys(), false, peer.handshake.suite);
        peer.moveTo(State.AWAIT_ACK);
        connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), writer.welcome(welcome.proof()));
        if (peer.outboxEmpty()) {
            sealSending(peer);
        }
    }

    void onWelcome(int sessionId, WelcomeDecoder welcome) {
        Association peer = connections.bySession(sessionId);
        if (peer == null || peer.role != Role.CLIENT || peer.handshake.client == null
            || peer.state() != State.HANDSHAKING) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        byte[] proof = new byte[Handshake.PROOF_LENGTH];
        welcome.getServerProof(proof, 0, proof.length);
        AuthenticatedPeer authenticated;
        try {
            identities.requireVerified(peer.handshake.verified, peer.name);
            authenticated = peer.handshake.client.onWelcome(
                new HandshakeMessage.Welcome(peer.handshake.helloNonce, proof));
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        peer.authenticatedAs(authenticated.creation());
        // Everything from here on is sealed, the acknowledgement first: this node sent its last clear frame.
        peer.handshake.seal = security.seal(peer.handshake.client.keys(), true, peer.handshake.suite);
        sealSending(peer);
        // The acknowledgment the accepting side waits for before it sends anything of its own.
        connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(),
            peer.nextHeartbeat(writer));
        connections.up(peer);
    }

    private void sendHello(Association peer) {
        ClientHandshake client = Handshake.client(cookie, self, creation, peer.name, random);
        HandshakeMessage.Hello hello;
        try {
            hello = client.hello();
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        peer.handshake.client = client;
        peer.handshake.helloNonce = hello.nonce();
        int length = writer.hello(self, creation, context.maxMessageSize(), peer.handshake.helloNonce,
            advertisedEndpoint, remoteSpawnEnabled.getAsBoolean(), context.readsLargeStream(),
            context.readsControlBatches(), security.mode(), security.offeredSuites(), hello.key());
        peer.handshake.own = HandshakeSide.of(helloRead.wrapAndApplyHeader(writer.buffer(), 0, headerRead),
            peer.publications().sessionId());
        connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), length);
    }

    private void sendChallenge(Association peer) {
        Progress handshake = peer.handshake;
        HandshakeMessage.Challenge challenge = handshake.challengeSent;
        int suite = handshake.suite == null ? 0 : handshake.suite.code();
        int length = writer.challenge(self, creation, context.maxMessageSize(), challenge.nonce(), advertisedEndpoint,
            remoteSpawnEnabled.getAsBoolean(), context.readsLargeStream(), context.readsControlBatches(),
            security.mode(), suite, challenge.key());
        handshake.own = HandshakeSide.of(challengeRead.wrapAndApplyHeader(writer.buffer(), 0, headerRead),
            peer.publications().sessionId());
        handshake.transcript = HandshakeSide.transcriptHash(handshake.peer, handshake.own);
        try {
            handshake.server.derive(handshake.transcript);
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
            return;
        }
        connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), length);
        if (identities.presents()) {
            connections.sendFromAgent(peer, PeerPublications.CONTROL, writer.buffer(), identities.write(writer,
                TranscriptSignature.Role.SERVER, handshake.transcript));
        }
    }

    /** A peer's identity, during its handshake: checked against the trusted certificates and the transcript. */
    void onIdentity(int sessionId, IdentityDecoder frame) {
        Association peer = connections.bySession(sessionId);
        if (peer == null || peer.state() != State.HANDSHAKING || peer.handshake.transcript == null
            || peer.handshake.verified != null) {
            counters.unauthenticatedFrames.increment();
            return;
        }
        TranscriptSignature.Role role = peer.role == Role.CLIENT ? TranscriptSignature.Role.SERVER
            : TranscriptSignature.Role.CLIENT;
        try {
            peer.handshake.verified = identities.verify(frame, peer.name, role, peer.handshake.transcript);
        } catch (HandshakeException e) {
            handshakeFailed(peer, e);
        }
    }

    /** This node's frames to {@code peer} are sealed from now on, if the connection seals. */
    static void sealSending(Association peer) {
        ConnectionSeal seal = peer.handshake.seal;
        PeerPublications publications = peer.publications();
        if (seal != null && publications != null) {
            publications.seal(seal);
        }
    }

    /** The two nodes' wire security or suites differ: refused with the reason, which the peer logs too. */
    private void refuseMismatch(Association peer, String why) {
        counters.failedHandshakes.increment();
        LOG.log(System.Logger.Level.WARNING, () -> "handshake of " + self + " with " + peer.name + " refused: " + why);
        connections.down(peer, why, true, GoodbyeReason.HANDSHAKE_FAILED);
    }

    private void handshakeFailed(Association peer, HandshakeException e) {
        counters.failedHandshakes.increment();
        LOG.log(System.Logger.Level.WARNING, () -> "handshake of " + self + " with " + peer.name + " failed ("
            + e.failure() + "): " + e.getMessage());
        GoodbyeReason reason = e.failure() == HandshakeException.Failure.UNEXPECTED_STEP
            ? GoodbyeReason.PROTOCOL_ERROR : GoodbyeReason.HANDSHAKE_FAILED;
        connections.down(peer, e.getMessage(), true, reason);
    }

    private static String describe(Association peer) {
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
}
