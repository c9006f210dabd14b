package io.spore.transport;

import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * An exclusive publication that many threads may offer to, one at a time, under a {@link SpinLock}. A frame longer
 * than one Aeron message goes in chunks ({@link FrameChunker}); what back-pressure left of one is sent before the
 * next frame, or by the receive agent ({@link #flushRest}).
 *
 * <p>Threading: any thread.
 */
final class GuardedPublication {
    /**
     * What {@link #offer} returns once {@link #retire} was called: the publication is being closed, and the frame was
     * not sent. Unlike Aeron's {@code CLOSED} it does not mean the connection is over: another publication of the
     * same stream may take the frame.
     */
    static final long RETIRED = -100;

    final ExclusivePublication publication;
    private final StagedFlushes flushes;
    private final SpinLock lock = new SpinLock();
    /** What it accepted, counted under the lock. */
    private final SentFrames sent = new SentFrames();
    /** Cuts long frames; guarded by the lock. */
    private final FrameChunker chunker;
    /** Seals each Aeron message once the connection's handshake completed, if it does; guarded by the lock. */
    private SealedStream seal;
    /** Set by {@link #retire}; guarded by the lock. */
    private boolean retired;

    /** @param flushes told when part of a frame waits, so that the receive agent sends it */
    GuardedPublication(ExclusivePublication publication, StagedFlushes flushes) {
        this.publication = publication;
        this.flushes = flushes;
        this.chunker = new FrameChunker(this::offerSealed, publication.maxMessageLength());
    }

    /**
     * @return a positive value when the frame was accepted (the position, or {@link FrameChunker#ACCEPTED} while part
     *         of it waits), else {@link ExclusivePublication#offer}'s negative result or {@link #RETIRED}, and
     *         nothing of it went
     */
    long offer(DirectBuffer buffer, int offset, int length) {
        lock.lock();
        try {
            if (retired) {
                return RETIRED;
            }
            long result = chunker.flush();
            if (result > 0) {
                result = chunker.offer(buffer, offset, length);
                if (chunker.hasRest()) {
                    flushes.staged();
                }
            }
            if (result > 0) {
                sent.sent(length);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether part of a frame waits (racy: for the agent's idle decision) */
    boolean hasRest() {
        return chunker.hasRest();
    }

    /** @return whether the last attempt to send what waits sent nothing: the peer back-pressures (racy) */
    boolean restStalled() {
        return chunker.stalled();
    }

    /**
     * Agent: sends the next chunk of what waits of a long frame, if the publication takes it; skips while a sender
     * holds the lock (that sender sends it first). One chunk per duty cycle, sealed in some tens of microseconds: a
     * 50 MiB message's rest, sent as far as the publication took it, kept the agent from its polls (and the threads
     * waiting to help it) for hundreds of microseconds at a time, and so delayed every call's answer meanwhile.
     *
     * @return 1 if some of it left, else 0
     */
    int flushRest() {
        if (!chunker.hasRest() || !lock.tryLock()) {
            return 0;
        }
        try {
            chunker.flush(1);
            return chunker.stalled() ? 0 : 1;
        } finally {
            lock.unlock();
        }
    }

    /** @return the frames it accepted and their bytes (read from any thread) */
    SentFrames sent() {
        return sent;
    }

    /** Guarded by lock: offers one Aeron message, sealed once the connection seals. */
    private long offerSealed(DirectBuffer buffer, int offset, int length) {
        SealedStream stream = seal;
        return stream == null ? publication.offer(buffer, offset, length)
            : stream.offer(publication, buffer, offset, length);
    }

    /** Every frame offered from now on is sealed by {@code stream}. */
    void sealWith(SealedStream stream) {
        lock.lock();
        try {
            seal = stream;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no more frames: an offer under way ends first, and later offers get {@link #RETIRED}, sent neither
     * sealed nor in the clear. Why not drop the seal instead: a sender that read this publication before it was
     * retired would then offer its frame unsealed, in the clear, on a connection that seals. The sealing stream is
     * let go, not destroyed: it runs on with the stream's next publication, or its owner destroys it. Idempotent.
     */
    void retire() {
        lock.lock();
        try {
            retired = true;
            seal = null;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the publication once no offer is under way; later offers get {@code CLOSED}. */
    void close() {
        lock.lock();
        try {
            chunker.discard();
            if (seal != null) {
                seal.destroy();
                seal = null;
            }
            CloseHelper.quietClose(publication);
        } finally {
            lock.unlock();
        }
    }
}
