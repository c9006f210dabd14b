package io.spore.transport;

import io.spore.wire.Batches;
import io.spore.wire.PackedBatches;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a {@link BatchingPublication} gathers the frames of its next batch, laid out as the batch will be sent: a
 * {@code Batch}, or a {@code PackedBatch} to a peer that reads them ({@link PackedBatches}), in which a frame leaves
 * out the header bytes it has in common with the frame before it.
 *
 * <p>Threading: the publication's, under its lock.
 */
final class BatchStage {
    /** A frame's prefix in the larger of the two layouts: what a frame may need beside its own bytes. */
    static final int MAX_PREFIX_LENGTH = Math.max(Batches.FRAME_PREFIX_LENGTH, PackedBatches.ENTRY_PREFIX_LENGTH);

    private final UnsafeBuffer buffer;
    private final PackedBatches.Previous previous = new PackedBatches.Previous();
    private boolean packed;
    private int frames;
    private int end = Batches.HEADER_LENGTH;

    /** @param capacity the longest batch: one Aeron message's payload, less a seal's overhead if sealed */
    BatchStage(int capacity) {
        if (Batches.HEADER_LENGTH != PackedBatches.HEADER_LENGTH) {
            throw new IllegalStateException("the two batch layouts must start their frames at the same offset");
        }
        this.buffer = new UnsafeBuffer(new byte[capacity]);
    }

    /** Whether batches from now on are packed; only while the stage is empty (the handshake has just said). */
    void packed(boolean packed) {
        if (frames == 0) {
            this.packed = packed;
        }
    }

    /** @return the longest frame the stage takes, so that at least two fit in one batch */
    int maxFrameLength() {
        return Math.min(Batches.MAX_FRAME_LENGTH, (buffer.capacity() - Batches.HEADER_LENGTH) / 2 - MAX_PREFIX_LENGTH);
    }

    /** @return the frames staged */
    int frames() {
        return frames;
    }

    /** @return whether a frame of {@code length} bytes fits behind those staged */
    boolean fits(int length) {
        return end + MAX_PREFIX_LENGTH + length <= buffer.capacity();
    }

    /**
     * Appends a frame; the caller checked that it {@link #fits}. Then either {@link #keep} it, or {@link #takeBack}
     * it, or send the batch and {@link #clear} the stage.
     *
     * @return a mark for {@link #takeBack}
     */
    int append(DirectBuffer frame, int offset, int length) {
        int at = end;
        if (packed) {
            end = PackedBatches.putEntry(buffer, at, previous, frame, offset, length);
        } else {
            Batches.putFrameLength(buffer, at, length);
            buffer.putBytes(at + Batches.FRAME_PREFIX_LENGTH, frame, offset, length);
            end = Batches.next(at, length);
        }
        frames++;
        return at;
    }

    /** The frame just appended stays: the next may share bytes with it. */
    void keep(DirectBuffer frame, int offset, int length) {
        if (packed) {
            previous.remember(frame, offset, length);
        }
    }

    /** Takes the frame just appended back out: it was not accepted. */
    void takeBack(int mark) {
        end = mark;
        frames--;
    }

    /** @return the stage's bytes, for offering what {@link #sendAlone} or {@link #sendBatch} said */
    DirectBuffer buffer() {
        return buffer;
    }

    /** @return where the one frame staged starts, to send it alone (a first frame shares nothing) */
    int aloneOffset() {
        return Batches.HEADER_LENGTH + (packed ? PackedBatches.ENTRY_PREFIX_LENGTH : Batches.FRAME_PREFIX_LENGTH);
    }

    /** @return the length of the one frame staged */
    int aloneLength() {
        return end - aloneOffset();
    }

    /** Writes the batch's header. @return the batch's length, from offset 0 */
    int batchLength() {
        if (packed) {
            PackedBatches.putHeader(buffer, 0, end - PackedBatches.HEADER_LENGTH);
        } else {
            Batches.putHeader(buffer, 0, end - Batches.HEADER_LENGTH);
        }
        return end;
    }

    /** Empties the stage: its frames were sent, or are dropped. */
    void clear() {
        frames = 0;
        end = Batches.HEADER_LENGTH;
        previous.reset();
    }
}
