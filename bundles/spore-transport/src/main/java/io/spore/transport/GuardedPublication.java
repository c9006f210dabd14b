package io.spore.transport;

import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * An exclusive publication that many threads may offer to, one at a time, under a {@link SpinLock}.
 *
 * <p>Threading: any thread.
 */
final class GuardedPublication {
    final ExclusivePublication publication;
    private final SpinLock lock = new SpinLock();
    /** What it accepted, counted under the lock. */
    private final SentFrames sent = new SentFrames();
    /** Seals each frame once the connection's handshake completed, if it does; guarded by the lock. */
    private SealedStream seal;

    GuardedPublication(ExclusivePublication publication) {
        this.publication = publication;
    }

    /** @return {@link ExclusivePublication#offer}'s result */
    long offer(DirectBuffer buffer, int offset, int length) {
        lock.lock();
        try {
            long result = seal == null ? publication.offer(buffer, offset, length)
                : publication.offer(seal.buffer(), 0, seal.seal(buffer, offset, length));
            if (result > 0) {
                sent.sent(length);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** @return the frames it accepted and their bytes (read from any thread) */
    SentFrames sent() {
        return sent;
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

    /** Closes the publication once no offer is under way; later offers get {@code CLOSED}. */
    void close() {
        lock.lock();
        try {
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
