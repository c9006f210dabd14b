package io.spore.transport;

import io.spore.wire.FrameType;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.ByteOrder;

/**
 * The counts one thread takes on every frame, per frame type: frames it got into a publication and their bytes, or
 * frames it received. The transport's one counter mechanism for per-frame counts: each sending thread owns one (with
 * its {@link FrameWriter}), the agent owns one for what it sends, the receiving work owns one, and
 * {@link ThreadTallies} sums them when asked.
 *
 * <p>Why not a {@link java.util.concurrent.atomic.LongAdder} or an Agrona {@code AtomicCounter}: even uncontended,
 * their increment is a locked read-modify-write, and a profile of the send path showed such increments costing a
 * fifth of a sender's time. A tally has one writer, so an increment is a plain read and an opaque store; its counts
 * sit between pads so that tallies of different threads never share a cache line.
 *
 * <p>Threading: counted by its owning thread (or under the lock that makes one thread at a time its writer, as the
 * receive lock does); read from any thread, lagging the writer by a few counts at most, never going backwards.
 */
final class Tally {
    /** Frame types are indexed by SBE template id, which the schema keeps below this. */
    static final int TYPES = 64;
    /** Frames offered and accepted, by template id (a staged frame counts when staged). */
    static final int OUT = 0;
    /** Frames received from authenticated peers, by template id (a batch counts the frames it holds). */
    static final int IN = OUT + TYPES;
    static final int BYTES_OUT = IN + TYPES;
    static final int BYTES_IN = BYTES_OUT + 1;
    /** Whole frames received, valid or not, authenticated or not. */
    static final int FRAMES_IN = BYTES_IN + 1;
    static final int SLOTS = FRAMES_IN + 1;

    private static final int PAD = 8; // 64 bytes of longs on either side
    private static final int TEMPLATE_ID_OFFSET = 2; // in SBE's message header: blockLength, then templateId
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts = new long[PAD + SLOTS + PAD];
    /** The owning thread, whose end makes the counts final; {@code null} for a tally that lives with its set. */
    private final WeakReference<Thread> owner;

    /** A tally of no set, owned by no thread in particular (tests, tools). */
    Tally() {
        this(null);
    }

    Tally(Thread owner) {
        this.owner = owner == null ? null : new WeakReference<>(owner);
    }

    /** Owner only: the frame in {@code buffer}, {@code length} bytes from offset 0, left. */
    void sent(DirectBuffer buffer, int length) {
        add(OUT + (buffer.getShort(TEMPLATE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & (TYPES - 1)), 1);
        add(BYTES_OUT, length);
    }

    /** Owner only: a whole frame of {@code length} bytes arrived (before it is read). */
    void arrived(int length) {
        add(BYTES_IN, length);
    }

    /** Owner only: one more frame read, valid or not. */
    void frameIn() {
        add(FRAMES_IN, 1);
    }

    /** Owner only: a frame of {@code type} from an authenticated peer, to be handled. */
    void received(FrameType type) {
        add(IN + (type.templateId() & (TYPES - 1)), 1);
    }

    /** @return the count in {@code slot}, as last published by the owner */
    long get(int slot) {
        return (long) COUNTS.getOpaque(counts, PAD + slot);
    }

    /** @return whether the owning thread has ended, so that the counts are final */
    boolean ownerEnded() {
        if (owner == null) {
            return false;
        }
        Thread thread = owner.get();
        return thread == null || !thread.isAlive();
    }

    private void add(int slot, long delta) {
        int at = PAD + slot;
        COUNTS.setOpaque(counts, at, counts[at] + delta);
    }
}
