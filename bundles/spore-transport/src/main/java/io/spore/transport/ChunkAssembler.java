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
 * So a peer can make this hold one largest frame per stream, never more; a buffer that grew past
 * {@link BoundedFragmentAssembler#KEPT_CAPACITY} is let go once its frame is handed on.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class ChunkAssembler {
    private final int maxFrameLength;
    private final LongAdder rejected;
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
        this.maxFrameLength = maxFrameLength;
        this.rejected = rejected;
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
            if (totalLength <= 0 || totalLength > maxFrameLength || pieceLength <= 0 || pieceLength > totalLength) {
                rejected.increment();
                return 0;
            }
            if (buffer.capacity() < totalLength) {
                buffer = new ExpandableArrayBuffer(totalLength);
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
        buffer.putBytes(received, source, offset, pieceLength);
        received += pieceLength;
        nextIndex++;
        if (received < totalLength) {
            return 0;
        }
        joining = false;
        return totalLength;
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
        if (joining) {
            rejected.add(nextIndex);
            joining = false;
        }
        if (more > 0) {
            rejected.add(more);
        }
        shrink();
    }

    /** @return where the last frame joined is, from 0, until {@link #handedOn()} */
    DirectBuffer buffer() {
        return buffer;
    }

    /** After a joined frame was handled: a buffer that grew for a large frame is let go. */
    void handedOn() {
        shrink();
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
