package io.spore.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The frames one publication to a peer accepted, and their bytes: the sending half of the per-peer figures
 * ({@link PeerStatistics}).
 *
 * <p>Why here: a publication is offered under its own lock, so whoever holds it is the one writer, and counting is a
 * plain add and an opaque store on a line the offer touches anyway; no atomic read-modify-write is added to the send
 * path (as in {@link Tally}, whose per-thread counts do not know the peer).
 *
 * <p>Threading: counted under the publication's lock; read from any thread, lagging by a count at most.
 */
final class SentFrames {
    private static final VarHandle FRAMES;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FRAMES = lookup.findVarHandle(SentFrames.class, "frames", long.class);
            BYTES = lookup.findVarHandle(SentFrames.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long frames;
    private long bytes;

    /** Under the publication's lock: a frame of {@code length} bytes was accepted (sent, or staged to be). */
    void sent(int length) {
        FRAMES.setOpaque(this, frames + 1);
        BYTES.setOpaque(this, bytes + length);
    }

    /** @return the frames accepted so far */
    long frames() {
        return (long) FRAMES.getOpaque(this);
    }

    /** @return their bytes */
    long bytes() {
        return (long) BYTES.getOpaque(this);
    }
}
