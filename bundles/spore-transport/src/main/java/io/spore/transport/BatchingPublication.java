package io.spore.transport;

import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.spore.transport.seal.SealedLayout;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data publication to one peer, which packs small frames into {@code Batch} frames while the media driver is
 * busy, so that they share Aeron's per-message header and the driver's per-datagram work.
 *
 * <p>Why: a small message's frame is about 40 to 70 bytes, and Aeron adds a 32-byte header and aligns each message
 * to 32 bytes, so one message took 96 to 128 bytes of the log, and the drivers (a send and a receive system call per
 * datagram, on both nodes) were most of the CPU a stream of small messages cost. In a batch a frame costs its bytes
 * and a 2-byte length.
 *
 * <p>When: a frame is offered at once, as before, when nothing is in flight (the driver has sent everything up to
 * the publication's position), so a lone message waits for nothing. While the driver is still sending, frames are
 * staged (up to one MTU's payload); the next offer that finds the driver caught up, or a full stage, sends them as
 * one Aeron message. The receive agent sends what a burst left staged ({@link #flushIfDue}), as soon as the driver
 * has caught up and in any case within {@link #MAX_STAGED_NS}. Order is kept: everything goes through the stage in
 * the order offered, and a frame too large to stage is sent after what was staged before it.
 *
 * <p>What a sender sees does not change: a staged frame is accepted (the offer returns a positive value); if the
 * stage cannot be sent because of back-pressure, the frame that found it full is not accepted and the sender waits
 * and retries as before. Frames staged when the connection fails are lost with it, like frames in the log.
 *
 * <p>Only to a peer that said in its handshake that it reads batches ({@link #batchTo}); until then, and to older
 * peers, every frame is offered alone. To a peer that reads packed batches, a staged frame leaves out the header
 * bytes it shares with the frame staged before it ({@link BatchStage}): a run of small messages between the same two
 * processes then takes about half the bytes, so fewer datagrams and fewer bytes to seal.
 *
 * <p>A frame longer than one Aeron message goes in chunks ({@link FrameChunker}); what back-pressure left of it waits
 * as a staged batch does (sent first by the next offer or flush, or by the agent), and the stage is empty meanwhile.
 *
 * <p>Threading: any thread, under a {@link SpinLock} (held for one copy or one offer, never while a sender waits).
 */
final class BatchingPublication {
    private static final VarHandle BATCHES;

    static {
        try {
            BATCHES = MethodHandles.lookup().findVarHandle(BatchingPublication.class, "batches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The longest a frame stays staged while the driver is busy before the agent sends it anyway. */
    static final long MAX_STAGED_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /**
     * How old a batch must be before the agent looks at it: a burst's last frames wait this much longer (a lone
     * frame is never staged), and in exchange the agent does not fight an active sender for the lock.
     */
    static final long AGENT_GRACE_NS = TimeUnit.MICROSECONDS.toNanos(20);
    /** What an offer returns for a frame it staged: accepted, position not yet known. */
    static final long STAGED = 1;

    private final ExclusivePublication publication;
    private final CountersReader counters;
    private final StagedFlushes flushes;
    private final SpinLock lock = new SpinLock();
    private final BatchStage stage;
    /** Frames longer than this are never staged: at least two fit in one batch. */
    private final int maxStagedFrame;
    private volatile boolean batching;
    /** Cheap to read without the lock: whether the agent has anything to look at. */
    private volatile boolean hasStaged;

    // Guarded by lock.
    private int senderPositionId = CountersReader.NULL_COUNTER_ID;
    /** When the oldest staged frame was staged; volatile for {@link #stagedLongerThanDue}, read without the lock. */
    private volatile long stagedSinceNs;
    /** Batches sent; written under the lock (one writer at a time), published with an opaque store. */
    private long batches;
    /**
     * Messages accepted (sent or staged), as {@link MessageFrames} counts them; written under the lock, published
     * with an opaque store. Compared with what the peer says it read, it tells what a failed connection lost; its
     * own small object, so a record of a connection that went down keeps it and not the stage.
     */
    private final AtomicLong messages = new AtomicLong();
    /** Every frame accepted (sent or staged) and its bytes, for the per-peer figures; written under the lock. */
    private final SentFrames sent = new SentFrames();
    /** Seals each Aeron message once the connection's handshake completed, if it does; guarded by the lock. */
    private SealedStream seal;
    /** Cuts frames longer than one Aeron message; guarded by the lock. */
    private final FrameChunker chunker;

    /**
     * @param sealed whether the connection's messages will be sealed: a batch then leaves room for the seal's
     *               overhead, so that a sealed batch still fits one datagram
     */
    BatchingPublication(ExclusivePublication publication, CountersReader counters, StagedFlushes flushes,
                        boolean sealed) {
        this.publication = publication;
        this.counters = counters;
        this.flushes = flushes;
        this.stage = new BatchStage(publication.maxPayloadLength() - (sealed ? SealedLayout.OVERHEAD : 0));
        this.maxStagedFrame = stage.maxFrameLength();
        this.chunker = new FrameChunker(this::offerSealed, publication.maxMessageLength());
        flushes.track(this);
    }

    /**
     * Lets frames be staged from now on in the form of batch the peer reads, or not. The agent calls it once the
     * handshake has said; it also finds the driver's counter of how far it has sent.
     */
    void batchTo(BatchForm form) {
        lock.lock();
        try {
            senderPositionId = counters.findByTypeIdAndRegistrationId(
                AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID, publication.registrationId());
            stage.packed(form == BatchForm.PACKED);
            batching = form != BatchForm.NONE && senderPositionId != CountersReader.NULL_COUNTER_ID;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers one frame: sends it, or stages it while the driver is busy.
     *
     * @return a positive value when the frame was accepted (the position, or {@link #STAGED}), else one of Aeron's
     *         negative results, and the frame was not accepted
     */
    long offer(DirectBuffer buffer, int offset, int length) {
        lock.lock();
        try {
            if (!batching || length > maxStagedFrame || chunker.hasRest()) {
                long flushed = flushLocked();
                return flushed < 0 ? flushed : counted(offerWhole(buffer, offset, length), buffer, offset, length);
            }
            if (stage.frames() > 0 && !stage.fits(length)) {
                long flushed = flushLocked();
                if (flushed < 0) {
                    return flushed;
                }
            }
            int mark = stage.append(buffer, offset, length);
            if (driverCaughtUp()) {
                long flushed = flushLocked();
                if (flushed < 0) {
                    stage.takeBack(mark); // not accepted: the sender waits and offers it again
                    hasStaged = stage.frames() > 0;
                }
                return counted(flushed, buffer, offset, length);
            }
            stage.keep(buffer, offset, length);
            if (stage.frames() == 1) {
                stagedSinceNs = System.nanoTime();
                hasStaged = true;
                flushes.staged();
            }
            return counted(STAGED, buffer, offset, length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends what is staged, then {@code buffer} alone, and returns the position after it: for the last frame on
     * the stream (a goodbye), whose position the closing thread waits for.
     */
    long offerLast(DirectBuffer buffer, int offset, int length) {
        lock.lock();
        try {
            long flushed = flushLocked();
            return flushed < 0 ? flushed : offerWhole(buffer, offset, length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends what is staged, and returns the position after everything offered so far: what a DataBarrier names.
     *
     * @return the position, or Aeron's negative result when the staged frames could not be sent
     */
    long flushedPosition() {
        lock.lock();
        try {
            long flushed = flushLocked();
            return flushed < 0 ? flushed : publication.position();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Agent: sends what is staged if the driver has caught up or it has waited {@link #MAX_STAGED_NS}. Skips the
     * publication while a sender holds it (that sender flushes or signals again).
     *
     * @return 1 if a batch left, else 0
     */
    int flushIfDue(long nowNs) {
        // Checked before taking the lock: while its sender keeps sending, a batch is younger than the grace and
        // the agent keeps off the lock and the publication, which the sender writes for every frame.
        if (!hasStaged || nowNs - stagedSinceNs < AGENT_GRACE_NS || !lock.tryLock()) {
            return 0;
        }
        try {
            if (chunker.hasRest()) {
                flushLocked();
                return chunker.stalled() ? 0 : 1;
            }
            if (stage.frames() == 0 || !(driverCaughtUp() || nowNs - stagedSinceNs > MAX_STAGED_NS)) {
                return 0;
            }
            return flushLocked() > 0 ? 1 : 0;
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock: counts the frame at {@code offset} if {@code result} accepted it (as a message if one). */
    private long counted(long result, DirectBuffer buffer, int offset, int length) {
        if (result > 0) {
            sent.sent(length);
            if (MessageFrames.isMessage(buffer, offset)) {
                messages.setOpaque(messages.getPlain() + 1);
            }
        }
        return result;
    }

    /** @return every frame accepted so far and their bytes (read from any thread) */
    SentFrames sent() {
        return sent;
    }

    /** @return the messages accepted so far (read it with {@code getOpaque} from any thread; may lag by one) */
    AtomicLong messagesWritten() {
        return messages;
    }

    /** @return the batches of two or more frames sent so far (read from any thread; may lag by one) */
    long batchesSent() {
        return (long) BATCHES.getOpaque(this);
    }

    /** @return whether frames wait in the stage (racy: for the agent's idle decision) */
    boolean hasStaged() {
        return hasStaged;
    }

    /**
     * @return whether frames have waited in the stage past {@link #MAX_STAGED_NS}: the publication is
     *         back-pressured, so the agent may back off as usual between its attempts rather than keep yielding
     */
    boolean stagedLongerThanDue(long nowNs) {
        return hasStaged && (chunker.hasRest() ? chunker.stalled() : nowNs - stagedSinceNs > MAX_STAGED_NS);
    }

    /** @return the publication's position: everything offered so far, not what is staged */
    long position() {
        return publication.position();
    }

    ExclusivePublication publication() {
        return publication;
    }

    /** Sends what is staged if it can, once, then closes; later offers get {@code CLOSED}. */
    void close() {
        lock.lock();
        try {
            if (!publication.isClosed()) {
                flushLocked();
            }
            stage.clear();
            chunker.discard();
            hasStaged = false;
            batching = false;
            if (seal != null) {
                seal.destroy();
                seal = null;
            }
            CloseHelper.quietClose(publication);
            flushes.retire(this);
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock. @return positive when nothing is staged any more, else Aeron's negative result */
    private long flushLocked() {
        if (chunker.hasRest()) {
            long rest = chunker.flush();
            if (rest < 0) {
                return rest;
            }
            hasStaged = stage.frames() > 0;
        }
        if (stage.frames() == 0) {
            return STAGED;
        }
        long result;
        if (stage.frames() == 1) {
            result = offerSealed(stage.buffer(), stage.aloneOffset(), stage.aloneLength());
        } else {
            result = offerSealed(stage.buffer(), 0, stage.batchLength());
            if (result > 0) {
                BATCHES.setOpaque(this, batches + 1);
            }
        }
        if (result > 0) {
            stage.clear();
            hasStaged = false;
        }
        return result;
    }

    /**
     * Guarded by lock, with nothing staged: offers a frame alone, in chunks if it is longer than one Aeron message;
     * what back-pressure left of it is staged.
     */
    private long offerWhole(DirectBuffer buffer, int offset, int length) {
        long result = chunker.offer(buffer, offset, length);
        if (chunker.hasRest()) {
            stagedSinceNs = System.nanoTime();
            hasStaged = true;
            flushes.staged();
        }
        return result;
    }

    /** Guarded by lock: offers one Aeron message, sealed once the connection seals. */
    private long offerSealed(DirectBuffer buffer, int offset, int length) {
        SealedStream stream = seal;
        return stream == null ? publication.offer(buffer, offset, length)
            : stream.offer(publication, buffer, offset, length);
    }

    /** Every message offered from now on is sealed by {@code stream}. */
    void sealWith(SealedStream stream) {
        lock.lock();
        try {
            seal = stream;
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock. @return whether the driver has sent everything in the log, so nothing is in flight */
    private boolean driverCaughtUp() {
        return counters.getCounterValue(senderPositionId) >= publication.position();
    }

    @Override
    public String toString() {
        return "BatchingPublication[session " + publication.sessionId() + ", stream " + publication.streamId()
            + (batching ? ", batching" : "") + "]";
    }
}
