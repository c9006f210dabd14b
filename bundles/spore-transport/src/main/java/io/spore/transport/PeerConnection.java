package io.spore.transport;

import io.aeron.Publication;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.transport.security.ClientHandshake;
import io.spore.transport.security.HandshakeMessage;
import io.spore.transport.security.ServerHandshake;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;

/**
 * This node's connection to one other node: its state, its publications, the handshake in progress, and the frames
 * that wait for it.
 *
 * <p>Life: {@code OPENING} (the connector resolves the node and opens the publications) → {@code HANDSHAKING} →
 * ({@code AWAIT_ACK} on the accepting side) → {@code FLUSHING} (the frames queued meanwhile go out, in order) →
 * {@code UP} → {@code DOWN}. Only {@code UP} lets a sender offer directly; in every earlier state its frame joins the
 * pending queue, so that frames leave in the order they were sent. A connection that is down stays down: the next
 * use makes a new one.
 *
 * <p>Threading: the receive agent owns everything but {@link #state}, {@link #publications}, {@link #peerLimit}
 * and the pending queue, which senders read; the state changes and the queue are guarded by this object's monitor,
 * which a sender takes only on the slow path (not yet up).
 */
final class PeerConnection {
    enum State { OPENING, HANDSHAKING, AWAIT_ACK, FLUSHING, UP, DOWN }

    enum Role { CLIENT, SERVER }

    /** What became of a frame offered to the pending queue. */
    enum Queued { ACCEPTED, IS_UP, IS_DOWN, FULL }

    /** A frame copied out of a sender's buffer, waiting for the connection. */
    record OutFrame(int stream, byte[] bytes) {
    }

    static final int NO_SESSION = 0;

    final NodeName name;
    private volatile State state = State.OPENING;
    private volatile PeerPublications publications;
    /** The peer's largest accepted payload, once its hello or challenge said it. */
    volatile long peerLimit = Long.MAX_VALUE;
    /** Whether the peer's handshake said it honours DataBarrier frames; set before the connection is up. */
    volatile boolean peerHonoursBarriers;
    /**
     * The data position the last DataBarrier to the peer named: a call, reply or spawn frame needs a new barrier
     * only when data has been sent since. Senders race on it harmlessly: a lost update costs one barrier more.
     */
    volatile long barrierSent;

    // Owned by the receive agent.
    /** The peer's pids named in its frames lately. */
    final PidCache pids;
    Role role;
    /** Counts the attempts to open publications; a connector result for an older attempt is ignored. */
    long attempt;
    int peerSessionId = NO_SESSION;
    int peerCreation;
    /** Whether the peer's hello or challenge advertised that it accepts remote spawns. */
    boolean peerRemoteSpawn;
    /** Whether the peer's hello or challenge said it reads Batch frames on its data stream. */
    boolean peerReadsBatches;
    /** Receiving: the control frames held behind a DataBarrier of the peer, and where its data stream must get. */
    final HeldControlFrames held = new HeldControlFrames();
    ClientHandshake client;
    /** The nonce of the Hello this node sent (connecting side), which the Welcome must answer. */
    byte[] helloNonce;
    ServerHandshake server;
    HandshakeMessage.Challenge challengeSent;
    /** Where the peer said it listens (server role), {@code address:port}. */
    String peerEndpoint;
    long deadlineNs;
    long lastHeardNs;
    long nextHeartbeatNs;
    long heartbeatSequence;
    boolean announcedUp;
    /** The address a Hello that started this connection came from (accepting side), else {@code null}. */
    String peerSource;
    /**
     * The connection that took this one's place before it came up, with the frames queued here; a sender that finds
     * this one down follows it. Written before the state becomes down.
     */
    volatile PeerConnection successor;
    /** The process whose mailbox limit stopped the reading of this peer's data, else {@code null}. */
    Pid pausedFor;
    /** Whether the agent's list of active connections holds this one. */
    boolean tracked;
    final ArrayDeque<OutFrame> outbox = new ArrayDeque<>();

    // Guarded by this.
    private final ArrayDeque<OutFrame> pending = new ArrayDeque<>();
    private long pendingBytes;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    PeerConnection(NodeName name, Role role) {
        this.name = name;
        this.role = role;
        this.pids = new PidCache(name);
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
    synchronized Queued enqueue(int stream, DirectBuffer buffer, int length, boolean bounded, long limitBytes) {
        if (state == State.UP) {
            return Queued.IS_UP;
        }
        if (state == State.DOWN) {
            return Queued.IS_DOWN;
        }
        if (bounded && pendingBytes + length > limitBytes) {
            return Queued.FULL;
        }
        byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        pending.add(new OutFrame(stream, copy));
        pendingBytes += length;
        return Queued.ACCEPTED;
    }

    /**
     * Agent only: sends what is queued, in order, without waiting; once the queue is empty in {@code FLUSHING}, the
     * connection is {@code UP}.
     *
     * @return the number of frames sent
     */
    synchronized int flush(TransportCounters counters, FrameWriter writer) {
        if (state != State.FLUSHING) {
            return 0;
        }
        int sent = 0;
        PeerPublications out = publications;
        for (OutFrame frame = pending.peek(); frame != null; frame = pending.peek()) {
            if (frame.stream() == PeerPublications.CONTROL && offerBarrierIfDue(writer, counters.agentOutbound) < 0) {
                return sent;
            }
            view.wrap(frame.bytes());
            long result = out.offer(frame.stream(), view, 0, frame.bytes().length);
            if (result < 0) {
                if (result == Publication.BACK_PRESSURED) {
                    counters.backPressureEvents.increment();
                }
                return sent;
            }
            pending.poll();
            pendingBytes -= frame.bytes().length;
            counters.agentOutbound.sent(frame.bytes().length);
            sent++;
        }
        state = State.UP;
        return sent + 1;
    }

    /**
     * Before a call, reply or spawn frame on the control stream: a DataBarrier naming where the data stream ends, when
     * data frames went to the peer since the last one, so that the peer handles the frame after them. A sender calls
     * it before each such frame, the agent before each one it flushes from the queue. Nothing to do (and no cost but
     * flushing what is staged) when no data went since.
     *
     * @param tally where the barrier's frame is counted: the calling thread's
     * @return 0 or more when the frame may follow; Aeron's negative result when the staged data or the barrier could
     *         not be offered now (try again)
     */
    long offerBarrierIfDue(FrameWriter writer, OutboundTally tally) {
        PeerPublications out = publications;
        if (!peerHonoursBarriers || out == null) {
            return 0;
        }
        long position = out.dataPosition();
        if (position < 0) {
            return position;
        }
        if (position <= barrierSent) {
            return 0;
        }
        int length = writer.dataBarrier(position);
        long result = out.offer(PeerPublications.CONTROL, writer.barrierBuffer(), 0, length);
        if (result > 0) {
            barrierSent = position;
            tally.sent(length);
        }
        return result;
    }

    /**
     * Agent only: the connection is over; what was queued is dropped (its calls fail through the node-down that
     * follows).
     *
     * @return how many queued frames were dropped, or -1 if it was already down
     */
    synchronized int markDown() {
        if (state == State.DOWN) {
            return -1;
        }
        state = State.DOWN;
        int dropped = pending.size();
        pending.clear();
        pendingBytes = 0;
        return dropped;
    }

    /**
     * Agent only: this connection never came up and {@code next} takes its place: the frames queued here go ahead of
     * any queued there, and this one is down, with {@link #successor} naming {@code next} for senders that still
     * hold this one.
     *
     * @return how many frames moved, or -1 if this one was already down
     */
    int handOverTo(PeerConnection next) {
        synchronized (this) {
            if (state == State.DOWN) {
                return -1;
            }
            int moved = pending.size();
            synchronized (next) {
                while (!pending.isEmpty()) {
                    next.pending.addFirst(pending.pollLast());
                }
                next.pendingBytes += pendingBytes;
            }
            pendingBytes = 0;
            successor = next;
            state = State.DOWN;
            return moved;
        }
    }

    /** @return bytes waiting in the pending queue */
    synchronized long pendingBytes() {
        return pendingBytes;
    }

    @Override
    public String toString() {
        return "PeerConnection[" + name + ", " + state + ", " + role + "]";
    }
}
