package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.MalformedFrameException;
import io.spore.wire.PayloadDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;

import java.util.Queue;

/**
 * The transport's one receiving thread, as an Agrona {@link Agent}: each duty cycle it runs the commands other
 * threads queued, polls the control, the data and the large-message subscription (control first, through a
 * {@link BoundedFragmentAssembler} each, so a message of several fragments arrives whole; the other two stop at
 * a peer's barrier until its other stream catches up, {@link StreamFences}), and lets {@link Connections} send
 * what waits, beat hearts and time out the silent.
 *
 * <p>Every frame is checked by {@link FrameReader} before anything reads it, and a message is assembled from its
 * fragments only up to the largest frame a peer may send ({@link BoundedFragmentAssembler}); a session that does not
 * complete a handshake in time is rejected ({@link StrangerImages}). A malformed, truncated or oversized frame is
 * dropped and counted, as is any frame but the handshake's from a session that has not completed one; neither ends the
 * connection nor this agent. A session with no connection and no handshake at all is told so ({@link UnknownSessions}),
 * so a peer still writing into a connection from before this node restarted reconnects at once; such a notice from a
 * peer arrives as an Aeron error frame and is checked by {@link StaleConnections}. Whatever else handling one frame
 * throws, an {@code Error} included (a frame must never stop the thread that receives for the whole node), drops that
 * frame, counts it as an error and is logged at most once per sending session per interval ({@link FrameDropLog}); the
 * agent, or the waiting thread that was helping, carries on with the next. Should the agent end anyway, {@link
 * #onClose()} tells the transport, which stops the node rather than let it look alive with no one receiving
 * (fail-stop).
 *
 * <p>Threading: {@link #doWork()} on the agent runner's thread, {@link #helpReceive()} on threads that wait for
 * an answer; both under one lock, so one thread at a time reads frames and touches the connections' state, and both
 * run an invoked media driver first ({@link InvokedDriver}). Commands arrive through concurrent queues.
 */
final class TransportAgent implements Agent, DataBarrier.Release {
    private static final System.Logger LOG = System.getLogger(TransportAgent.class.getName());
    /** Fragments taken from the control and the data subscription per duty cycle (the large stream's: its own). */
    static final int FRAGMENT_LIMIT = 64;
    /** How long after a helper's last poll the agent polls again itself (see {@link #helpReceive()}). */
    static final long HELPER_GRACE_NS = java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(20);
    /** Commands run per duty cycle. */
    static final int COMMAND_LIMIT = 64;
    /** Shortest time between two log lines about the frames one session had dropped. */
    static final long DROP_LOG_INTERVAL_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final NodeName self;
    private final NodeEndpoint endpoint;
    private final Connections connections;
    private final HandshakeProtocol handshakes;
    private final InboundFrameAdapter adapter;
    private final FrameReader reader;
    private final TransportCounters counters;
    private final ErrorHandler errorHandler;
    private final FrameDropLog drops;
    private final BrokenStreams brokenStreams;
    /** Called once if the agent's thread ends while the transport still runs. */
    private final Runnable agentEnded;
    private final Queue<Runnable> commands;
    private final InvokedDriver driver;
    private final Queue<Connector.Opened> opened;
    private final BoundedFragmentAssembler controlAssembler;
    private final BoundedFragmentAssembler dataAssembler;
    private final BoundedFragmentAssembler largeAssembler;
    private final io.aeron.logbuffer.ControlledFragmentHandler dataHandler;
    private final io.aeron.logbuffer.ControlledFragmentHandler largeHandler;
    /** Where a peer's data or large stream waits for its other one ({@link LargeLane}'s barriers). */
    private final StreamFences fences;
    /** Joins the chunks of frames longer than one Aeron message, once opened. */
    private final InboundChunks chunks;
    private final InboundBatches batches = new InboundBatches((b, at, length, sessionId, stream) ->
        onFrame(b, at, length, sessionId, stream, true));
    private final StrangerImages strangers;
    /** Answers frames of sessions this node has no connection for; acts on such answers from peers. */
    private final UnknownSessions unknownSessions;
    private final StaleConnections staleConnections;
    /** Peers whose data is not read while a process here is at its mailbox limit. */
    private final DataPauses pauses;
    private final io.spore.core.spi.Inbound inbound;
    private final StagedFlushes flushes;
    /** Pings, pongs, heartbeats: the frames about a connection itself. */
    private final ConnectionFrames connectionFrames;
    /** The receiving half of DataBarrier: which peers hold control frames, and their release. */
    private final DataBarrier.Holds holds;
    /** Held by whichever thread does the receiving work: the agent's, or a waiting thread that helps. */
    private final SpinLock receiving = new SpinLock();
    /** The thread holding {@link #receiving}; compared only with the reader's own thread. */
    private Thread receiver;
    /** Set under {@link #receiving} once the transport closes: no thread polls again. */
    private boolean stopped;
    /** When a helper last polled: while helpers poll, the agent does not take (and hand over) what they wait for. */
    private volatile long lastHelpNs = System.nanoTime() - HELPER_GRACE_NS;
    private boolean leftPollsToHelper; // agent: in its last duty cycle; its next doze is then a short one

    /**
     * @param context     concluded
     * @param wiring      what the transport's threads share
     * @param connections this node's connections, which the agent drives
     * @param transport   the router, for the answers the adapter gives, and told if the agent's thread ends
     */
    TransportAgent(TransportContext context, TransportWiring wiring, Connections connections,
                   AeronTransport transport) {
        this.self = context.nodeName();
        this.endpoint = wiring.endpoint();
        this.connections = connections;
        this.handshakes = connections.handshakes();
        this.counters = wiring.counters();
        this.pauses = new DataPauses(counters);
        this.adapter = new InboundFrameAdapter(self, wiring.inbound(), transport,
            new PayloadDecoder(context.typeRegistry()), counters, pauses);
        this.reader = new FrameReader(context.maxFrameLength());
        this.holds = new DataBarrier.Holds(reader, endpoint.data(), this);
        this.errorHandler = context.errorHandler();
        this.commands = wiring.commands();
        this.driver = wiring.driver();
        this.opened = wiring.opened();
        this.flushes = wiring.flushes();
        this.connectionFrames = new ConnectionFrames(connections, wiring.confirmations(), counters);
        this.drops = new FrameDropLog(self.toString(), DROP_LOG_INTERVAL_NS);
        this.brokenStreams = new BrokenStreams(self.toString(), connections, counters);
        this.agentEnded = transport::agentEnded;
        this.inbound = wiring.inbound();
        int maxFrameLength = context.maxFrameLength();
        int maxMessageLength = Math.min(maxFrameLength, io.aeron.logbuffer.FrameDescriptor.MAX_MESSAGE_LENGTH)
            + io.spore.transport.seal.SealedLayout.OVERHEAD; // a sealed frame; longer ones come in chunks
        this.controlAssembler = new BoundedFragmentAssembler((b, o, l, h) -> onMessage(b, o, l, h.sessionId(),
            PeerPublications.CONTROL), maxMessageLength, this::oversized);
        this.fences = new StreamFences(endpoint.data(), endpoint.large());
        this.dataAssembler = new BoundedFragmentAssembler((b, o, l, h) -> onMessage(b, o, l, h.sessionId(),
            PeerPublications.DATA), maxMessageLength, this::oversized);
        this.largeAssembler = new BoundedFragmentAssembler((b, o, l, h) -> onMessage(b, o, l, h.sessionId(),
            PeerPublications.LARGE), maxMessageLength, this::oversized);
        this.dataHandler = fences.controlled(dataAssembler);
        this.largeHandler = fences.controlled(largeAssembler);
        this.chunks = new InboundChunks(maxFrameLength, counters.rejectedChunks);
        this.strangers = new StrangerImages(new io.aeron.Subscription[] {endpoint.control(), endpoint.data(),
            endpoint.large()}, connections.times().connectTimeoutNs(), connections::isAuthenticated,
            counters.rejectedSessions::increment);
        this.unknownSessions = new UnknownSessions(wiring, self);
        this.staleConnections = new StaleConnections(self, wiring, connections,
            node -> connections.forSending(node, false));
    }

    @Override
    public void onStart() {
        flushes.agentStarted(Thread.currentThread());
    }

    /** The runner's thread is ending: normal when the transport closes, fatal for the node otherwise. */
    @Override
    public void onClose() {
        agentEnded.run();
    }

    /**
     * @return whether the calling thread is doing the receiving work now (the agent's duty cycle, or a helper's
     *         poll): it must then never wait, and sends as the agent does
     */
    boolean isReceivingThread() {
        return receiver == Thread.currentThread();
    }

    /**
     * Lets a thread that waits for an answer from another node (a caller, a worker lingering in a conversation)
     * poll the subscriptions itself when no other thread is receiving, so the answer is handled on the thread that
     * waits for it instead of being handed over by this agent: on a small machine each hand-over between threads
     * costs several microseconds of a call's round trip. Only the polls and an invoked driver: commands, timers and
     * heartbeats stay with the agent. Never waits for the agent.
     *
     * @return the fragments it handled; 0 when another thread was receiving or nothing had arrived
     */
    int helpReceive() {
        if (!receiving.tryLock()) {
            return 0;
        }
        try {
            if (stopped) {
                return 0;
            }
            receiver = Thread.currentThread();
            lastHelpNs = System.nanoTime();
            return driver.invoke() + poll();
        } finally {
            receiver = null;
            receiving.unlock();
        }
    }

    /**
     * @return how long the agent still leaves the polls to the helper that polled last, 0 once that grace is over but
     *         1 after a cycle that left its polls to a helper (a grace that ended before the doze began cost an answer
     *         the whole doze, 100 ms): the agent dozes no longer than this ({@link Doze#parking})
     */
    long helperGraceLeftNs() {
        long left = HELPER_GRACE_NS - (System.nanoTime() - lastHelpNs);
        return Math.max(left, leftPollsToHelper ? 1 : 0);
    }

    /** @return whether the agent stopped reading a peer's data for a full mailbox, which it looks at each cycle */
    boolean readsPaused() {
        return pauses.size() > 0;
    }

    /** Stops helpers for good, once no thread is receiving: called before the subscriptions close. */
    void stopHelpers() {
        receiving.lock();
        try {
            stopped = true;
        } finally {
            receiving.unlock();
        }
    }

    @Override
    public int doWork() {
        if (!receiving.tryLock()) {
            leftPollsToHelper = true; // and the helper may leave what the driver woke the agent for
            return 0;
        }
        try {
            receiver = Thread.currentThread();
            return duty();
        } finally {
            receiver = null;
            receiving.unlock();
        }
    }

    private int duty() {
        int work = driver.invokeWhileBusy();
        for (int i = 0; i < COMMAND_LIMIT; i++) {
            Runnable command = commands.poll();
            if (command == null) {
                break;
            }
            run(command);
            work++;
        }
        for (int i = 0; i < COMMAND_LIMIT; i++) {
            Connector.Opened result = opened.poll();
            if (result == null) {
                break;
            }
            run(() -> connections.onOpened(result));
            work++;
        }
        long nowNs = System.nanoTime();
        connections.clock(nowNs);
        leftPollsToHelper = nowNs - lastHelpNs <= HELPER_GRACE_NS;
        if (!leftPollsToHelper) {
            work += poll();
        }
        work += strangers.rejectOverdue(nowNs);
        if (pauses.size() > 0) {
            work += pauses.resumeReady(inbound);
        }
        work += connections.doWork(nowNs);
        work += flushes.flush(connections.active(), nowNs);
        return work;
    }

    /**
     * The subscriptions, control first, then the control frames that the data just read lets go (see
     * {@link DataBarrier}); one delivery batch, so a process gets one wake-up for what it brought.
     */
    private int poll() {
        adapter.beginBatch();
        try {
            int work = endpoint.control().poll(controlAssembler, FRAGMENT_LIMIT)
                + pauses.poll(endpoint.data(), PeerPublications.DATA, dataHandler, FRAGMENT_LIMIT, fences)
                + flushes.largeWork(pauses.poll(endpoint.large(), PeerPublications.LARGE, largeHandler,
                    LargeStream.FRAGMENTS_PER_CYCLE, fences));
            work += fences.isEmpty() ? 0 : fences.lift();
            return holds.isEmpty() ? work : work + holds.release();
        } finally {
            adapter.endBatch();
        }
    }

    /** A control frame held behind a DataBarrier is let go: handled as if it had just arrived. */
    @Override
    public void released(FrameType type, Association peer) {
        try {
            adapter.onFrame(type, peer, reader);
        } catch (Throwable e) {
            frameFailed(type, peer.peerSessionId, peer.name, e);
        }
    }

    /** A peer holds more behind a barrier than it may: it is as good as gone. */
    @Override
    public void overflowed(Association peer, String why) {
        connections.unresponsive(peer, why);
    }

    /**
     * A frame of {@code type} could not be handled: one that could not be read is a malformed frame, anything else
     * (an {@code Error} included) an error. Either way it is dropped, counted and logged at a bounded rate, and the
     * receiving thread carries on with the next frame.
     */
    private void frameFailed(FrameType type, int sessionId, Object peer, Throwable e) {
        if (e instanceof MalformedFrameException) {
            counters.malformedFrames.increment();
            drops.dropped(System.Logger.Level.DEBUG, sessionId, peer, "a " + type + " frame it could not read", e);
        } else {
            counters.errors.increment();
            drops.dropped(System.Logger.Level.WARNING, sessionId, peer, "a " + type + " frame that failed", e);
        }
    }

    /** A sender's image joined a stream (news from Aeron's conductor, run as a command). */
    void imageAvailable(int sessionId) {
        strangers.available(sessionId, System.nanoTime());
    }

    /** An Aeron error frame that may carry a peer's notice that it does not know this node's session. */
    void staleSessionNotice(int sessionId, java.net.InetSocketAddress source, String message) {
        staleConnections.onNotice(sessionId, source, message);
    }

    /** A sender's image left a stream, read to {@code position}: what was assembled for it goes. */
    void imageUnavailable(int sessionId, int stream, long position) {
        (stream == PeerPublications.CONTROL ? controlAssembler : stream == PeerPublications.DATA ? dataAssembler
            : largeAssembler).freeSession(sessionId);
        chunks.freeSession(sessionId, stream);
        strangers.unavailable(sessionId);
        Association peer = connections.bySession(sessionId);
        if (stream == PeerPublications.LARGE && peer != null) {
            StreamFences.largeImageGone(peer, position);
        }
    }

    private void oversized() {
        counters.inbound.frameIn();
        counters.malformedFrames.increment();
        counters.oversizedMessages.increment();
    }

    private void run(Runnable command) {
        try {
            command.run();
        } catch (Throwable e) {
            counters.errors.increment();
            errorHandler.onError(e);
        }
    }

    /**
     * One whole Aeron message. On a connection that seals, it is opened first, and one that does not open (forged,
     * altered, replayed, or clear) is counted by why and never read, and it ends the connection, whose stream it
     * broke ({@link BrokenStreams}); the others are frames as they came.
     */
    private void onMessage(DirectBuffer buffer, int offset, int length, int sessionId, int stream) {
        counters.inbound.arrived(length);
        Association peer = connections.bySession(sessionId);
        ConnectionSeal seal = peer == null ? null : peer.handshake.seal;
        if (seal == null) {
            onFrame(buffer, offset, length, sessionId, stream, false);
            return;
        }
        SealedStream in = seal.in(stream);
        int opened = in.open(buffer, offset, length);
        if (opened < 0) {
            brokenStreams.refused(peer, opened, stream == PeerPublications.CONTROL);
            return;
        }
        onFrame(in.buffer(), 0, opened, sessionId, stream, false);
    }

    /** @param inner whether the frame came inside a batch or was joined from chunks: never one of those again */
    private void onFrame(DirectBuffer buffer, int offset, int length, int sessionId, int stream, boolean inner) {
        FrameType type;
        try {
            type = reader.read(buffer, offset, length);
        } catch (MalformedFrameException e) {
            counters.inbound.frameIn();
            counters.malformedFrames.increment();
            drops.dropped(System.Logger.Level.DEBUG, sessionId, null, "a malformed frame", e);
            if (!inner) {
                // Sealed frames of a connection this node no longer has (it restarted) read as garbage: the peer
                // must still learn that its session is stale.
                answerIfUnknown(sessionId);
            }
            return;
        }
        try {
            if (type == FrameType.BATCH || type == FrameType.PACKED_BATCH) {
                onBatch(type, sessionId, stream, inner); // counts the frames it holds, not itself
                return;
            }
            if (type == FrameType.CHUNK) {
                onChunk(sessionId, stream, inner); // the frame it completes is counted, not the chunk
                return;
            }
            counters.inbound.frameIn();
            if (type.beforeWelcome()) {
                if (inner) {
                    counters.malformedFrames.increment(); // handshake frames and goodbyes always travel alone
                    return;
                }
                onHandshakeFrame(type, sessionId, stream == PeerPublications.CONTROL);
                return;
            }
            Association peer = connections.authenticated(sessionId);
            if (peer == null) {
                unauthenticated(sessionId);
                return;
            }
            counters.inbound.received(type);
            peer.traffic.frameRead(length);
            if (stream == PeerPublications.CONTROL ? DataBarrier.isOrdered(type)
                && holds.hold(type, peer, buffer, offset, length) : type == FrameType.DATA_BARRIER) {
                if (stream != PeerPublications.CONTROL) {
                    fences.raise(peer, stream, reader.dataBarrier().dataPosition());
                }
                return;
            }
            if (!adapter.onFrame(type, peer, reader)) {
                connectionFrames.onFrame(type, peer, reader);
            }
        } catch (Throwable e) {
            Association peer = connections.authenticated(sessionId);
            frameFailed(type, sessionId, peer == null ? null : peer.name, e);
        }
    }

    /**
     * A batch of data or control frames from an authenticated peer: each inner frame is handled as if it had arrived
     * alone. An inner frame that is malformed is dropped and counted and the rest are read; lengths that run past
     * the batch drop what remains of it.
     */
    private void onBatch(FrameType type, int sessionId, int stream, boolean inner) {
        if (connections.authenticated(sessionId) == null) {
            unauthenticated(sessionId);
            return;
        }
        if (stream == PeerPublications.LARGE || inner) {
            counters.malformedFrames.increment(); // batches never travel on the large stream, nor nested
            return;
        }
        batches.read(type, reader, sessionId, stream); // throws for the rest of a mangled batch
    }

    /**
     * A piece of a frame longer than one Aeron message, from an authenticated peer, opened: joined with the others
     * ({@link ChunkAssembler}), and the frame, once whole, handled as if it had arrived alone.
     */
    private void onChunk(int sessionId, int stream, boolean inner) {
        if (connections.authenticated(sessionId) == null) {
            unauthenticated(sessionId);
            return;
        }
        ChunkAssembler assembler = chunks.of(sessionId, stream);
        int length = inner ? assembler.reject() : assembler.onChunk(reader.chunk());
        if (length > 0) {
            onFrame(assembler.buffer(), 0, length, sessionId, stream, true);
            assembler.handedOn();
        }
    }

    /**
     * A frame that is not the handshake's own came on a session that has not completed one: dropped and counted, and
     * a session this node has no connection or handshake for at all is told so.
     */
    private void unauthenticated(int sessionId) {
        counters.unauthenticatedFrames.increment();
        answerIfUnknown(sessionId);
    }

    /** Tells a session this node has no connection or handshake for that it is stale ({@link UnknownSessions}). */
    private void answerIfUnknown(int sessionId) {
        if (connections.bySession(sessionId) == null && unknownSessions.answer(sessionId, connections.nowNs())) {
            strangers.answered(sessionId);
        }
    }

    private void onHandshakeFrame(FrameType type, int sessionId, boolean control) {
        if (!control && type != FrameType.GOODBYE) {
            // Handshakes travel on the control stream only; a shutdown goodbye comes last on the data stream.
            counters.unauthenticatedFrames.increment();
            return;
        }
        switch (type) {
            case HELLO -> handshakes.onHello(sessionId, reader.hello());
            case CHALLENGE -> handshakes.onChallenge(sessionId, reader.challenge());
            case CHALLENGE_RESPONSE -> handshakes.onChallengeResponse(sessionId, reader.challengeResponse());
            case WELCOME -> handshakes.onWelcome(sessionId, reader.welcome());
            case IDENTITY -> handshakes.onIdentity(sessionId, reader.identity());
            case GOODBYE -> connectionFrames.onGoodbye(sessionId, reader.goodbye());
            default -> counters.unauthenticatedFrames.increment(); // the name service's frames do not come here
        }
    }

    @Override
    public String roleName() {
        return "spore-transport-" + self;
    }
}
