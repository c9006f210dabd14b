package io.spore.transport;

import io.spore.wire.Chunks;
import io.spore.wire.sbe.ChunkDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.atomic.LongAdder;

/**
 * Joins the {@code Chunk} frames of one peer's stream into the frame a {@link FrameChunker} cut, bounded in bytes.
 *
 * <p>One frame at a time: Aeron keeps a stream's order, and a sender offers a frame's chunks with nothing between
 * them, so a well-behaved peer never interleaves two. Whatever else arrives is dropped and counted in
 * {@code rejected}, one per chunk, without ending the connection: a chunk for no frame being joined, out of order
 * (another message id, index or total length), with an empty piece or one that runs past the total, or a first chunk
 * whose total is over the largest frame this node accepts (checked before anything is allocated); the frame being
 * joined is dropped with it, its chunks counted too. A new first chunk while a frame is being joined drops that frame.
 *
 * <p>Bounded before allocation, twice: a first chunk's total must fit the largest frame and what is left of the
 * peer's {@link Budget} (shared by its streams, so a peer cannot join a largest frame on each of them at once), and
 * the buffer grows with the bytes that arrived (at most twice them), never with the total a first chunk announces:
 * a peer that announces 2 GiB, or the largest frame, and sends one piece makes this hold one piece. A buffer that
 * grew past {@link BoundedFragmentAssembler#KEPT_CAPACITY} is let go once its frame is handed on, except the large
 * stream's, which is kept for the stream's next frame while the stream lasts ({@link #handedOn()}).
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class ChunkAssembler {
    /**
     * The bytes one peer's frames being joined may announce in all, over its streams.
     *
     * <p>Threading: the thread doing the receiving work only.
     */
    static final class Budget {
        private final long limitBytes;
        private long reservedBytes;

        /** @param limitBytes the most the totals of the frames being joined may add up to */
        Budget(long limitBytes) {
            this.limitBytes = limitBytes;
        }

        private boolean reserve(int bytes) {
            if (bytes > limitBytes - reservedBytes) {
                return false;
            }
            reservedBytes += bytes;
            return true;
        }

        private void release(int bytes) {
            reservedBytes -= bytes;
        }

        /** @return the bytes announced by the frames being joined now */
        long reservedBytes() {
            return reservedBytes;
        }
    }

    private final int maxFrameLength;
    private final LongAdder rejected;
    private final Budget budget;
    /** Whether a grown buffer is kept for the next frame once one is handed on (the large stream's). */
    private final boolean keepsBuffer;
    private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private boolean joining;
    private long messageId;
    private int nextIndex;
    private int totalLength;
    private int received;

    /**
     * @param maxFrameLength the longest frame a peer may send this node
     * @param rejected       where the chunks dropped are counted
     */
    ChunkAssembler(int maxFrameLength, LongAdder rejected) {
        this(maxFrameLength, rejected, new Budget(maxFrameLength));
    }

    /**
     * @param maxFrameLength the longest frame a peer may send this node
     * @param rejected       where the chunks dropped are counted
     * @param budget         the peer's, shared with the assemblers of its other streams
     */
    ChunkAssembler(int maxFrameLength, LongAdder rejected, Budget budget) {
        this(maxFrameLength, rejected, budget, false);
    }

    /**
     * @param maxFrameLength the longest frame a peer may send this node
     * @param rejected       where the chunks dropped are counted
     * @param budget         the peer's, shared with the assemblers of its other streams
     * @param keepsBuffer    whether a grown buffer is kept for the next frame after one is handed on: for the large
     *                       stream, which carries nothing but long frames
     */
    ChunkAssembler(int maxFrameLength, LongAdder rejected, Budget budget, boolean keepsBuffer) {
        this.maxFrameLength = maxFrameLength;
        this.rejected = rejected;
        this.budget = budget;
        this.keepsBuffer = keepsBuffer;
    }

    /**
     * Takes the chunk {@code chunk} wraps (checked by {@code FrameReader}).
     *
     * @return the joined frame's length when this chunk completed it (the frame is in {@link #buffer()} from 0, until
     *         the next call), else 0
     */
    int onChunk(ChunkDecoder chunk) {
        return onChunk(chunk.messageId(), chunk.index(), chunk.totalLength(), chunk.buffer(), Chunks.pieceOffset(chunk),
            (int) chunk.pieceLength());
    }

    /** As {@link #onChunk(ChunkDecoder)}, field by field. */
    int onChunk(long messageId, int index, int totalLength, DirectBuffer source, int offset, int pieceLength) {
        if (index == 0) {
            drop(0);
            if (totalLength <= 0 || totalLength > maxFrameLength || pieceLength <= 0 || pieceLength > totalLength
                || !budget.reserve(totalLength)) {
                rejected.increment();
                return 0;
            }
            joining = true;
            this.messageId = messageId;
            this.totalLength = totalLength;
            received = 0;
            nextIndex = 0;
        } else if (!joining || messageId != this.messageId || index != nextIndex || totalLength != this.totalLength
            || pieceLength <= 0 || pieceLength > totalLength - received) {
            drop(1);
            return 0;
        }
        growFor(received + pieceLength);
        buffer.putBytes(received, source, offset, pieceLength);
        received += pieceLength;
        nextIndex++;
        if (received < totalLength) {
            return 0;
        }
        joining = false;
        budget.release(totalLength);
        return totalLength;
    }

    /** Grows the buffer to hold {@code length} bytes: doubling, never past the frame's total. */
    private void growFor(int length) {
        int capacity = buffer.capacity();
        if (length <= capacity) {
            return;
        }
        int grown = (int) Math.min(totalLength, Math.max(length, 2L * capacity));
        ExpandableArrayBuffer larger = new ExpandableArrayBuffer(grown);
        larger.putBytes(0, buffer, 0, received);
        buffer = larger;
    }

    /**
     * A chunk that may not be joined (it came inside a batch or a joined frame): dropped and counted, with the frame
     * being joined.
     *
     * @return 0
     */
    int reject() {
        drop(1);
        return 0;
    }

    /** Drops the frame being joined, if any, counting its chunks and {@code more} besides. */
    private void drop(int more) {
        boolean dropsSomething = joining || more > 0;
        if (joining) {
            rejected.add(nextIndex);
            joining = false;
            budget.release(totalLength);
        }
        if (more > 0) {
            rejected.add(more);
        }
        if (dropsSomething || !keepsBuffer) {
            shrink(); // a frame that went wrong lets go of what it grew, kept buffer or not
        }
    }

    /** Its stream went away: the frame being joined goes, uncounted, and gives its bytes back to the budget. */
    void discard() {
        if (joining) {
            joining = false;
            budget.release(totalLength);
        }
        shrink();
    }

    /** @return where the last frame joined is, from 0, until {@link #handedOn()} */
    DirectBuffer buffer() {
        return buffer;
    }

    /**
     * After a joined frame was handled: a buffer that grew for a large frame is let go, unless this assembler keeps
     * it (the large stream's). Why the large stream keeps it: a peer sending 50 MiB messages one after another made
     * this grow a buffer from 4 KiB to 50 MiB for each (about 100 MiB of garbage, all of it past the collector's
     * humongous-object size), and G1 answered each with a pause, at the start of the next message, of 1 to 2 ms on
     * two cores: a call sent beside it waited through that pause. Kept, it costs what the peer last sent (at most the
     * largest frame, which the peer's {@link Budget} allows anyway) until the stream's image goes away, which it does
     * once the sender closes the idle stream ({@code TransportContext.largeStreamIdle}, 10 s by default).
     */
    void handedOn() {
        if (!keepsBuffer) {
            shrink();
        }
    }

    private void shrink() {
        if (!joining && buffer.capacity() > BoundedFragmentAssembler.KEPT_CAPACITY) {
            buffer = new ExpandableArrayBuffer(4096);
        }
    }

    /** @return whether a frame is being joined, for tests */
    boolean isJoining() {
        return joining;
    }
}
