package io.spore.transport;

import io.spore.wire.sbe.DataBarrierEncoder;
import io.spore.wire.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which of a peer's streams each frame takes once large frames have their own ({@link LargeStream}), so that a large
 * message does not delay the small ones and the calls other processes send after it, while every process's frames
 * still arrive in the order it sent them.
 *
 * <p>The rules, for a frame from process P of this node (read from the frame, {@link FrameSenders}):
 * <ol>
 *   <li>A frame longer than the threshold goes on the large stream, after a DataBarrier there naming the data
 *       stream's position, when data went since the last one: the peer reads the large stream no further until it has
 *       read its data stream that far, so the frame follows P's earlier messages and signals.</li>
 *   <li>P is then on the lane: its next frames, of any size and kind, follow on the large stream (behind its large
 *       frame, in the stream's own order) for as long as the large stream has frames the driver has not sent.</li>
 *   <li>Once the large stream is drained (everything sent), P's next frame leaves the lane: a barrier on the data
 *       stream names the large stream's position first (alone, never inside a batch), and the peer reads the data
 *       stream no further until it has read the large stream that far; the frame then takes its own stream. A call or
 *       reply on the control stream is ordered behind the data stream as always ({@link DataBarrier}), and so, through
 *       that barrier, behind the large stream.</li>
 *   <li>A frame whose sender is not known (an acknowledgement, a spawn frame, a ping, the node's own reply) is treated
 *       as if its sender were on the lane whenever the large stream carried frames since the last barrier on the
 *       data stream: it cannot be told apart from one that must follow them. A process's reply is known by its
 *       writer ({@link FrameSenders#senderId(FrameWriter)}), so it waits only if its replier is on the lane.</li>
 * </ol>
 * Frames of processes not on the lane never wait for the large stream: they take the data and control streams as
 * before, and the barriers the switches put on the data stream hold it only for the moment the peer needs to read
 * what the driver already sent.
 *
 * <p>Only a peer whose handshake said it reads the large stream ({@code readsLargeStream}) is sent anything there: to
 * a node of an earlier build, every frame takes its own stream, in chunks when long, as before the large stream. A
 * large frame whose stream does not open within {@link #OPEN_WAIT_NS} takes its own stream too, behind a barrier
 * naming the large stream's end, and so do the large frames after it until the stream opens, without waiting; so do
 * those sent in the second or two after an idle stream closed, while it cannot open again.
 *
 * <p>Why no deadlock: a barrier on one stream names the other's position read before the barrier is offered, so a
 * DataBarrier on the large stream and a barrier on the data stream can never each name a point beyond the other.
 *
 * <p>Threading: {@link #send} on any sending thread (the promise is per process, and a process sends from one
 * thread at a time); {@link #closeIfIdle} on the agent.
 */
final class LargeLane {
    /** How long after the last barrier on the data stream an idle large stream may close: the peer has read it. */
    static final long CLOSE_GRACE_NS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How long a sender waits for the large stream to open before its frame takes its own stream instead. Opening
     * asks the driver for a publication (on the connector's thread) and waits for the peer's driver to answer its
     * setup frame: 2 to 6 ms measured between two nodes on loopback. Aeron sends the setup again every 100 ms while
     * it goes unanswered, so 250 ms allows for two of them lost; a stream slower than that is stuck (the connector
     * busy finding another node, a peer that does not hear the stream), and the frame should not wait longer for it.
     */
    static final long OPEN_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(250);

    /** What {@link #barrierBehindData} returns when the barrier went, or none was due. */
    private static final long BARRIER_DONE = 0;
    /** What it returns when the barrier could not go and the failure was reported as the frame's kind says. */
    private static final long BARRIER_FAILED = -1;

    private static final System.Logger LOG = System.getLogger(LargeLane.class.getName());

    private final PeerPublications out;
    private final LargeStream large;
    private final int threshold;
    private final TransportCounters counters;
    /** Whether the peer's handshake said it reads the large stream; set before the connection is up. */
    private volatile boolean peerReads;
    /** Set when a wait for the large stream to open ran out, until it opens: frames do not wait for it meanwhile. */
    private final AtomicBoolean overdue = new AtomicBoolean();
    /** The processes whose frames follow their large ones on the large stream, by id. */
    private final Set<Long> senders = ConcurrentHashMap.newKeySet();
    /** The data stream's position the last DataBarrier on the large stream named. */
    private final AtomicLong dataNamed = new AtomicLong();
    /** The large stream's position the last barrier on the data stream named. */
    private final AtomicLong largeNamed = new AtomicLong();
    /** The large stream's position after the last frame put on it. */
    private final AtomicLong largeOffered = new AtomicLong();
    /** The agent's own barrier, for closing: a sender's writer is not the agent's to use. */
    private final UnsafeBuffer agentBarrier =
        new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + DataBarrierEncoder.BLOCK_LENGTH]);
    private final DataBarrierEncoder agentEncoder = new DataBarrierEncoder();
    private final MessageHeaderEncoder agentHeader = new MessageHeaderEncoder();
    private long lastBarrierNs = System.nanoTime() - CLOSE_GRACE_NS;

    /**
     * @param out      the peer's publications, whose data stream carries the barriers
     * @param large    the peer's large-message stream
     * @param counters where a wait for the large stream that ran out is counted
     */
    LargeLane(PeerPublications out, LargeStream large, TransportContext context, TransportCounters counters) {
        this.out = out;
        this.large = large;
        this.threshold = context.largeMessageThreshold();
        this.counters = counters;
    }

    /** Agent, once the handshake has said: whether the peer reads the large stream (else nothing goes there). */
    void peerReads(boolean reads) {
        peerReads = reads;
    }

    /**
     * Sender: sends the frame in {@code writer} on the large stream if the rules say so, or the barrier it needs
     * before it takes its own stream.
     *
     * @return true when the frame was sent here (or its failure reported as its kind says); false when it is to be
     *         sent on its own stream as usual
     */
    boolean send(Association peer, FrameWriter writer, int length, SendKind kind) {
        boolean big = length > threshold;
        if (!peerReads || !big && senders.isEmpty() && largeOffered.get() <= largeNamed.get()) {
            return false; // the common case: nothing of this peer's is on the large stream, or it reads none
        }
        long sender = FrameSenders.senderId(writer);
        boolean follows = sender == FrameSenders.UNKNOWN ? largeOffered.get() > largeNamed.get()
            : senders.contains(sender);
        if (!big && !follows) {
            return false;
        }
        if ((big || !large.drained()) && opened(peer, writer.idle())
            && sentOnLarge(peer, writer, length, kind, sender)) {
            return true;
        }
        // Drained, or the large stream could not open or closed meanwhile: the frame takes its own stream, behind
        // the large one.
        if (!barrierOnData(peer, writer, kind)) {
            return true;
        }
        if (sender != FrameSenders.UNKNOWN) {
            senders.remove(sender);
        }
        return false;
    }

    /**
     * Sender: the frame on the large stream, behind a barrier naming the data stream's end if one is due.
     *
     * @return true when it was sent (or its failure reported as its kind says); false when the stream was closed for
     *         idleness after {@link #opened} saw it open and took neither the frame nor its barrier
     */
    private boolean sentOnLarge(Association peer, FrameWriter writer, int length, SendKind kind, long sender) {
        long barrier = barrierBehindData(peer, writer, kind);
        if (barrier == GuardedPublication.RETIRED) {
            return false;
        }
        if (barrier < 0) {
            return true;
        }
        DirectBuffer buffer = writer.buffer();
        long result = large.offer(buffer, 0, length);
        if (result == GuardedPublication.RETIRED) {
            return false;
        }
        if (result < 0 && !peer.waitedOut(kind, writer.idle(), result, () -> large.offer(buffer, 0, length))) {
            return true;
        }
        writer.outbound().sent(buffer, length);
        largeOffered.accumulateAndGet(large.position(), Math::max);
        if (sender != FrameSenders.UNKNOWN) {
            senders.add(sender);
        }
        return true;
    }

    /**
     * Sender: whether the large stream is open and heard by the peer, waiting up to {@link #OPEN_WAIT_NS} for it to
     * open. No wait while an earlier one ran out and the stream has not opened since, nor while it cannot open yet
     * (closed a moment ago, {@link LargeStream#heldByDriver}). A wait that runs out is counted, the first of a series
     * logged.
     */
    private boolean opened(Association peer, IdleStrategy idle) {
        if (large.ready(0, idle)) {
            if (overdue.get()) {
                overdue.set(false);
            }
            return true;
        }
        if (overdue.get() || large.heldByDriver()) {
            return false;
        }
        if (large.ready(OPEN_WAIT_NS, idle)) {
            return true;
        }
        if (!peer.isDown()) {
            counters.largeStreamTimeouts.increment();
            if (overdue.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, () -> "the large-message stream to " + peer.name + " did not open"
                    + " within " + TimeUnit.NANOSECONDS.toMillis(OPEN_WAIT_NS) + " ms; large frames to it take the"
                    + " other streams, in chunks, until it opens");
            }
        }
        return false;
    }

    /**
     * Sender: a DataBarrier on the large stream naming the data stream's end, if data went since the last.
     *
     * @return {@link #BARRIER_DONE} when it went or none was due, {@link GuardedPublication#RETIRED} when the
     *         stream closed meanwhile, {@link #BARRIER_FAILED} when its failure was reported as the frame's kind says
     */
    private long barrierBehindData(Association peer, FrameWriter writer, SendKind kind) {
        long position = out.dataPosition();
        if (position < 0 && !peer.waitedOut(kind, writer.idle(), position, out::dataPosition)) {
            return BARRIER_FAILED;
        }
        position = out.dataPosition();
        if (position <= dataNamed.get()) {
            return BARRIER_DONE;
        }
        int length = writer.dataBarrier(position);
        DirectBuffer barrier = writer.barrierBuffer();
        long result = large.offer(barrier, 0, length);
        if (result == GuardedPublication.RETIRED) {
            return result;
        }
        if (result < 0 && !peer.waitedOut(kind, writer.idle(), result, () -> large.offer(barrier, 0, length))) {
            return BARRIER_FAILED;
        }
        writer.outbound().sent(barrier, length);
        dataNamed.accumulateAndGet(position, Math::max);
        return BARRIER_DONE;
    }

    /** Sender: a barrier on the data stream naming the large stream's end, if frames went there since the last. */
    private boolean barrierOnData(Association peer, FrameWriter writer, SendKind kind) {
        long position = large.position();
        if (position <= largeNamed.get()) {
            return true;
        }
        int length = writer.dataBarrier(position);
        DirectBuffer barrier = writer.barrierBuffer();
        long result = out.offerAlone(PeerPublications.DATA, barrier, length);
        if (result < 0 && !peer.waitedOut(kind, writer.idle(), result,
            () -> out.offerAlone(PeerPublications.DATA, barrier, length))) {
            return false;
        }
        writer.outbound().sent(barrier, length);
        largeNamed.accumulateAndGet(position, Math::max);
        return true;
    }

    /**
     * Agent: closes the large stream once it has carried nothing for the idle time and all of it was sent: first a
     * barrier on the data stream names its end, if one is due (offered once: the agent never waits), so nothing waits
     * for it; then, a moment later, with no process on the lane any more, the publication closes.
     *
     * @return 1 if it did something, else 0
     */
    int closeIfIdle(long nowNs) {
        if (!large.isOpen() || !large.idle(nowNs)) {
            return 0;
        }
        long position = large.position();
        if (position > largeNamed.get()) {
            DataBarrierEncoder e = agentEncoder.wrapAndApplyHeader(agentBarrier, 0, agentHeader);
            e.dataPosition(position);
            int length = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            if (out.offerAlone(PeerPublications.DATA, agentBarrier, length) < 0) {
                return 0;
            }
            largeNamed.accumulateAndGet(position, Math::max);
            lastBarrierNs = nowNs;
            return 1;
        }
        if (nowNs - lastBarrierNs < CLOSE_GRACE_NS) {
            return 0;
        }
        senders.clear();
        return large.closeIfIdle(nowNs) ? 1 : 0;
    }

    /** @return the processes on the lane now, for tests */
    int senders() {
        return senders.size();
    }
}
