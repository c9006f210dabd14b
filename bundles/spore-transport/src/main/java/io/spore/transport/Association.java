package io.spore.transport;

import io.aeron.Publication;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.wire.sbe.GoodbyeReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * This node's association with one other node (Pekko's {@code Association} is the model): its state, its
 * publications, the handshake in progress, its liveness, and everything that leaves for it, with the policy for when
 * the peer does not take it.
 *
 * <p>Life: {@code OPENING} (the connector resolves the node and opens the publications) → {@code HANDSHAKING} →
 * ({@code AWAIT_ACK} on the accepting side) → {@code FLUSHING} (the frames queued meanwhile go out, in order) →
 * {@code UP} → {@code DOWN}. Only {@code UP} lets a sender offer directly; in every earlier state its frame joins the
 * pending queue, so frames leave in the order they were sent. One that is down stays down: the next use makes another.
 *
 * <p>Sending ({@link #send}, on the sender's thread): offered at once when up, a DataBarrier first where one is due
 * ({@link DataBarrier.Outgoing}); copied into the pending queue while connecting (bounded for messages and calls,
 * {@link TransportContext#pendingLimitBytes()}); and when Aeron answers back-pressure, retried while the peer reads
 * ({@link #waitedOut}), after which the sender is told {@code BACK_PRESSURED} or the peer is given up. The receive
 * agent never waits: what it sends goes through the outbox ({@link #sendFromAgent}), retried every duty cycle.
 *
 * <p>Threading: the receive agent owns everything but {@link #state}, {@link #publications}, {@link #peerLimit},
 * the barrier's sending half and the pending queue, which senders use; the state changes and the queue are guarded
 * by this object's monitor, which a sender takes only on the slow path (not yet up).
 */
final class Association {
    enum State { OPENING, HANDSHAKING, AWAIT_ACK, FLUSHING, UP, DOWN }
    enum Role { CLIENT, SERVER }
    /** What became of a frame offered to the pending queue. */
    private enum Queued { ACCEPTED, IS_UP, IS_DOWN, FULL }

    static final int NO_SESSION = 0;
    /** Frames the agent may keep for a peer whose publications do not take them; past it the peer is gone. */
    static final int OUTBOX_LIMIT = 16 * 1024;
    /** How long a goodbye on shutdown may wait out back-pressure. */
    static final long GOODBYE_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(20);

    final NodeName name;
    /** The registry this association belongs to, and through it the transport's settings and counters. */
    private final Connections connections;
    private volatile State state = State.OPENING;
    private volatile PeerPublications publications;
    /** The peer's largest accepted payload, once its hello or challenge said it. */
    volatile long peerLimit = Long.MAX_VALUE;
    /** Whether the peer's handshake said it honours DataBarrier frames; set before the connection is up. */
    volatile boolean peerHonoursBarriers;
    /** Sending: the DataBarriers before this node's calls, replies and spawn frames to the peer. */
    final DataBarrier.Outgoing barrier = new DataBarrier.Outgoing();

    // Owned by the receive agent; written by this class (what the peer said) and the handshake (its own state).
    /** The peer's pids named in its frames lately. */
    final PidCache pids;
    Role role;
    /** Counts the attempts to open publications; a connector result for an older attempt is ignored. */
    private long attempt;
    int peerSessionId = NO_SESSION;
    int peerCreation;
    /** Whether the peer's hello or challenge advertised that it accepts remote spawns. */
    boolean peerRemoteSpawn;
    /** What the peer's hello or challenge said it reads: batches on each stream, the large-message stream. */
    PeerReads peerReads = PeerReads.NOTHING;
    /** Receiving: the control frames held behind a DataBarrier of the peer, and where its data stream must get. */
    final DataBarrier.Incoming held = new DataBarrier.Incoming();
    /** The handshake in progress: written by {@link HandshakeProtocol} alone. */
    final HandshakeProtocol.Progress handshake = new HandshakeProtocol.Progress();
    /** When the attempt in progress fails if it has not completed its handshake. */
    long deadlineNs;
    /** When the peer counts as gone, and when the next heartbeat to it is due. */
    final Liveness liveness = new Liveness();
    long heartbeatSequence;
    /** What was read from the peer on this connection (its messages are said in heartbeats), and its round trip. */
    final PeerTraffic traffic = new PeerTraffic();
    /** How many of this node's messages the peer said it had read, in its latest heartbeat. */
    long peerMessagesRead;
    /** Whether the peer's handshake said it reads PriorConnection ({@link PriorConnections}). */
    boolean peerReportsMessagesRead;
    boolean announcedUp;
    /** The association that took this one's place before it came up, with its queue; senders follow it. */
    volatile Association successor;
    /** Whether senders gave it frames since its last confirmation ({@link Confirmations}); close confirms those. */
    volatile boolean carried;
    /** The process whose mailbox limit stopped the reading of this peer's data, else {@code null}. */
    Pid pausedFor;
    /** Whether the agent's list of active connections holds this one. */
    boolean tracked;
    /** Frames the agent made that the publications did not take yet; agent only. */
    private final FrameQueue outbox = new FrameQueue();
    /** Frames senders sent while the association was being made; guarded by this. */
    private final FrameQueue pending = new FrameQueue();

    Association(NodeName name, Role role, Connections connections) {
        this.name = name;
        this.role = role;
        this.connections = connections;
        this.pids = new PidCache(name);
    }

    // ---- what the handshake learns, on the agent's thread ----

    /** Agent: starts an attempt, failed unless its handshake completes by {@code deadlineNs}. @return its number */
    long nextAttempt(long deadlineNs) {
        this.deadlineNs = deadlineNs;
        return ++attempt;
    }

    /** Agent: the peer's Hello or Challenge said this about it, and its frames come in on {@code sessionId}. */
    void peerSaid(int sessionId, int creation, boolean remoteSpawn, PeerReads reads, boolean honoursBarriers,
                  long limit) {
        peerSessionId = sessionId;
        peerCreation = creation;
        peerRemoteSpawn = remoteSpawn;
        peerReads = reads;
        peerHonoursBarriers = honoursBarriers;
        peerLimit = limit;
    }

    /** Agent: the Welcome proved the peer is incarnation {@code creation}. */
    void authenticatedAs(int creation) {
        peerCreation = creation;
    }

    /** Agent: writes this association's next heartbeat into {@code writer}. @return its length */
    int nextHeartbeat(FrameWriter writer) {
        return writer.heartbeat(heartbeatSequence++, traffic.messagesRead());
    }

    /** @return whether an attempt to open publications has started */
    boolean attempted() {
        return attempt > 0;
    }

    /** @return whether {@code attempt} is the attempt in progress (a connector's result for an older one is not) */
    boolean isAttempt(long attempt) {
        return this.attempt == attempt;
    }

    // ---- sending, on the sender's thread ----

    /**
     * Sends the frame in {@code writer}'s buffer to this association's node, or queues it while connecting, or
     * reports why not as its kind says; follows the association that took this one's place before it came up.
     *
     * @param onAgent whether the calling thread does the receiving work now: it must never wait, so it sends as the
     *                agent does, through the outbox, and is never refused for the queue's bound
     * @throws SporeException {@code MESSAGE_TOO_LARGE} over the peer's limit, {@code BACK_PRESSURED} past the queue's
     *                        bound or the back-pressure timeout, {@code NODE_DOWN} for a kind that must learn it
     */
    void send(int stream, FrameWriter writer, int length, SendKind kind, boolean onAgent) {
        if (kind.bounded && writer.payloadLength() > peerLimit) {
            throw new SporeException(SporeException.Reason.MESSAGE_TOO_LARGE, "a message of "
                + writer.payloadLength() + " bytes is over the limit of " + peerLimit + " bytes that " + name
                + " accepts; send it in smaller pieces");
        }
        Association peer = this;
        while (true) {
            if (kind != SendKind.FLUSH && !peer.carried) {
                peer.carried = true;
            }
            if (peer.isUp()) {
                if (onAgent) {
                    connections.sendFromAgent(peer, stream, writer.buffer(), length);
                } else {
                    PeerPublications out = peer.publications; // large frames and those behind them: LargeLane
                    if (out != null && out.lane.send(peer, writer, length, kind)
                        || stream == PeerPublications.CONTROL && !peer.barrier(writer, kind)) {
                        return;
                    }
                    peer.offer(stream, writer.buffer(), length, kind, writer);
                }
                return;
            }
            long limitBytes = connections.context().pendingLimitBytes();
            switch (peer.enqueue(stream, writer.buffer(), length, kind.bounded && !onAgent, limitBytes)) {
                case ACCEPTED -> {
                    return;
                }
                case IS_UP -> {
                    // connected meanwhile: offer directly, behind what was queued
                }
                case IS_DOWN -> {
                    Association successor = peer.successor;
                    if (successor == null) {
                        kind.unreachable(name, "node " + name + " went down", connections.counters(),
                            connections.inbound());
                        return;
                    }
                    // An association that never came up handed its queue to the one that did: follow it.
                    peer = successor;
                    writer.lastPeer = peer;
                }
                case FULL -> {
                    connections.counters().pendingFull.increment();
                    throw new SporeException(SporeException.Reason.BACK_PRESSURED, "the queue of frames waiting"
                        + " for the connection to " + name + " is full (" + limitBytes
                        + " bytes) while it is still being made; slow down and retry");
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /**
     * Before a call, reply or spawn frame on the control stream: the DataBarrier, if one is due (see
     * {@link DataBarrier.Outgoing#offerIfDue}), waiting out back-pressure as the frame itself would.
     *
     * @return whether the frame may follow; false when the peer turned out unreachable (already reported)
     */
    private boolean barrier(FrameWriter writer, SendKind kind) {
        long result = barrier.offerIfDue(this, writer, writer.outbound());
        return result >= 0 || waitedOut(kind, writer.idle(), result,
            () -> barrier.offerIfDue(this, writer, writer.outbound()));
    }

    /**
     * Offers on a connected peer, waiting out back-pressure within the kind's bound.
     *
     * @return whether it was accepted; when not, the failure was reported (thrown, counted or the peer marked down)
     */
    private boolean offer(int stream, DirectBuffer buffer, int length, SendKind kind, FrameWriter writer) {
        PeerPublications out = publications;
        long result = out == null ? Publication.CLOSED : out.offer(stream, buffer, 0, length);
        // The retry (and its lambda) only on the slow path: a send that goes through allocates nothing.
        if (result < 0 && !waitedOut(kind, writer.idle(), result, () -> out.offer(stream, buffer, 0, length))) {
            return false;
        }
        writer.outbound().sent(buffer, length);
        return true;
    }

    /**
     * Retries {@code attempt} while Aeron answers back-pressure, as long as the peer reads: it fails when neither
     * publication's limit moved for the kind's bound (the back-pressure timeout for messages and calls, at least the
     * detection timeout for signals, replies) and, so that a peer that trickles holds no sender, after the latter.
     *
     * @param result the first attempt's result, negative
     * @return whether an attempt went through (a result of 0 or more); when not, the failure was reported (thrown,
     *         counted or the peer marked down)
     */
    boolean waitedOut(SendKind kind, IdleStrategy idle, long result, LongSupplier attempt) {
        PeerPublications out = publications;
        long stallNs = kind.bounded ? connections.backPressureTimeoutNs() : connections.signalTimeoutNs();
        long startNs = System.nanoTime();
        long progressNs = startNs;
        long limits = out == null ? 0 : out.sendLimits();
        idle.reset();
        connections.counters().backPressureEvents.add(result == Publication.BACK_PRESSURED ? 1 : 0);
        while (result < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || isDown()) {
                kind.unreachable(name, "node " + name + " went down", connections.counters(), connections.inbound());
                return false;
            }
            long nowNs = System.nanoTime();
            long nowLimits = out == null ? 0 : out.sendLimits();
            if (nowLimits != limits) {
                limits = nowLimits;
                progressNs = nowNs;
            } else if (nowNs - progressNs > stallNs || nowNs - startNs > connections.signalTimeoutNs()) {
                giveUp(kind, result);
                return false;
            }
            idle.idle();
            result = attempt.getAsLong();
        }
        return true;
    }

    private void giveUp(SendKind kind, long result) {
        TransportCounters counters = connections.counters();
        if (result == Publication.NOT_CONNECTED) {
            kind.unreachable(name, "node " + name + " does not hear this node any more", counters,
                connections.inbound());
            return;
        }
        counters.backPressureFailures.increment();
        if (kind.bounded) {
            throw new SporeException(SporeException.Reason.BACK_PRESSURED, "node " + name + " does not keep"
                + " up: it read nothing of this node's for " + connections.context().backPressureTimeout()
                .toMillis() + " ms and the " + (kind == SendKind.CALL ? "call" : "message") + " was not sent; slow"
                + " down and retry");
        }
        String why = "it took no control frame for "
            + TimeUnit.NANOSECONDS.toMillis(connections.signalTimeoutNs()) + " ms";
        connections.unresponsiveLater(this, why);
        kind.unreachable(name, why, counters, connections.inbound());
    }

    // ---- sending, on the agent's thread ----

    /**
     * Sends a frame made on the agent's thread: at once if it fits, else after the ones waiting before it. The agent
     * never waits for back-pressure; what does not fit is retried every duty cycle ({@link #drainOutbox}).
     *
     * @return false when more than {@link #OUTBOX_LIMIT} frames now wait: the peer takes none and is as good as gone
     */
    boolean sendFromAgent(int stream, DirectBuffer buffer, int length) {
        if (outbox.isEmpty() && offerOnce(stream, buffer, length)) {
            return true;
        }
        outbox.add(stream, buffer, length);
        return outbox.size() <= OUTBOX_LIMIT;
    }

    /** Agent: offers once, without waiting; counts what went as the agent's. */
    boolean offerOnce(int stream, DirectBuffer buffer, int length) {
        PeerPublications out = publications;
        if (out == null) {
            return false;
        }
        long result = out.offerFromAgent(stream, buffer, length);
        if (result > 0) {
            connections.counters().agentOutbound.sent(buffer, length);
            return true;
        }
        if (result == Publication.BACK_PRESSURED) {
            connections.counters().backPressureEvents.increment();
        }
        return false;
    }

    /** Agent: sends what waits in the outbox, in order, as far as the publications take it. @return frames sent */
    int drainOutbox() {
        int sent = 0;
        while (!outbox.isEmpty() && offerOnce(outbox.oldestStream(), outbox.oldest(), outbox.oldestLength())) {
            outbox.removeOldest();
            sent++;
        }
        return sent;
    }

    /** Agent: the association is over or retired; what the agent had for it goes. Returns how many frames went. */
    int clearOutbox() {
        return outbox.clear();
    }

    /** Agent: whether every frame the agent gave this association has left (none waits in the outbox). */
    boolean outboxEmpty() {
        return outbox.isEmpty();
    }

    /**
     * Agent, on shutdown: offers a goodbye on the data stream, behind every message and signal already sent (the
     * peer reads them all before it reads the goodbye and drops the connection), waiting out back-pressure briefly,
     * and lets go of the publications.
     *
     * @return the goodbye and the publications to close once it has left, or {@code null} when none was offered
     */
    Connections.Goodbye sayGoodbye(FrameWriter writer, String why) {
        PeerPublications out = publications;
        if (out == null || isDown()) {
            return null;
        }
        drainOutbox();
        long position = out.offerLastData(writer.buffer(), writer.goodbye(GoodbyeReason.SHUTDOWN, why),
            GOODBYE_RETRY_NS);
        publications = null;
        return new Connections.Goodbye(out, position);
    }

    // ---- liveness, on the agent's thread ----

    /** Agent: the handshake completed; the peer counts as heard from now, and its first heartbeat is due later. */
    void established(long nowNs, long heartbeatNs) {
        liveness.established(nowNs, heartbeatNs);
        announcedUp = true;
    }

    /**
     * Agent: sends a heartbeat if one is due. One that does not fit now is not worth keeping: the next one follows.
     *
     * @return 1 if one was due, else 0
     */
    int heartbeatIfDue(long nowNs, long heartbeatNs, FrameWriter writer) {
        if (!liveness.heartbeatDue(nowNs, heartbeatNs)) {
            return 0;
        }
        offerOnce(PeerPublications.CONTROL, writer.buffer(), nextHeartbeat(writer));
        RoundTrips.probeIfDue(this, heartbeatSequence - 1, writer, nowNs);
        return 1;
    }

    State state() {
        return state;
    }

    boolean isUp() {
        return state == State.UP;
    }

    boolean isDown() {
        return state == State.DOWN;
    }

    PeerPublications publications() {
        return publications;
    }

    void publications(PeerPublications publications) {
        this.publications = publications;
    }

    /** Agent only: moves to {@code next} unless the connection is already down. */
    synchronized void moveTo(State next) {
        if (state != State.DOWN) {
            state = next;
        }
    }

    /**
     * Queues a copy of a frame until the connection is up.
     *
     * @param bounded   whether the queue's bound applies (user messages and calls); signals and replies are
     *                  queued past it, since they cannot be refused to their sender
     * @param limitBytes the bound
     */
    private synchronized Queued enqueue(int stream, DirectBuffer buffer, int length, boolean bounded, long limitBytes) {
        if (state == State.UP) {
            return Queued.IS_UP;
        }
        if (state == State.DOWN) {
            return Queued.IS_DOWN;
        }
        if (bounded && pending.bytes() + length > limitBytes) {
            return Queued.FULL;
        }
        pending.add(stream, buffer, length);
        return Queued.ACCEPTED;
    }

    /** Agent: sends what is queued, in order, without waiting; once none is left in {@code FLUSHING}, it is up. */
    synchronized int flush(FrameWriter writer) {
        if (state != State.FLUSHING) {
            return 0;
        }
        int sent = 0;
        while (!pending.isEmpty()) {
            int stream = pending.oldestStream();
            if (stream == PeerPublications.CONTROL
                && barrier.offerIfDue(this, writer, connections.counters().agentOutbound) < 0) {
                return sent;
            }
            if (!offerOnce(stream, pending.oldest(), pending.oldestLength())) {
                return sent;
            }
            pending.removeOldest();
            sent++;
        }
        state = State.UP;
        return sent + 1;
    }

    /**
     * Agent: the connection is over; what was queued is dropped (its calls fail through the node-down that follows).
     * @return how many queued frames were dropped, or -1 if it was already down
     */
    synchronized int markDown() {
        if (state == State.DOWN) {
            return -1;
        }
        state = State.DOWN;
        return pending.clear();
    }

    /**
     * Agent only: this connection never came up and {@code next} takes its place: the frames queued here go ahead of
     * any queued there, and this one is down, with {@link #successor} naming {@code next} for senders that still
     * hold this one.
     *
     * @return how many frames moved, or -1 if this one was already down
     */
    int handOverTo(Association next) {
        synchronized (this) {
            if (state == State.DOWN) {
                return -1;
            }
            int moved;
            synchronized (next) {
                moved = pending.moveInFrontOf(next.pending);
            }
            successor = next;
            next.carried |= carried;
            state = State.DOWN;
            return moved;
        }
    }

    @Override
    public String toString() {
        return "Association[" + name + ", " + state + ", " + role + "]";
    }
}
