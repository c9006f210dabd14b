package io.spore.wire;

import io.spore.wire.sbe.ChunkDecoder;
import io.spore.wire.sbe.ChunkEncoder;
import io.spore.wire.sbe.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The layout of a {@code Chunk} frame, a piece of a frame too long for one Aeron message: the SBE header, the fixed
 * block (message id, index, total length) and the {@code piece} field, whose bytes are the frame's next ones.
 *
 * <p>A writer puts {@link #HEADER_LENGTH} bytes of header with {@link #putHeader} and the piece right after them; a
 * reader finds the piece of a chunk that {@link FrameReader#read} has checked with {@link #pieceOffset} and
 * {@code pieceLength()}.
 *
 * <p>Thread-safe: stateless.
 */
public final class Chunks {
    /** The SBE header, the fixed block and the length of the {@code piece} field: what a chunk adds to its piece. */
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ChunkEncoder.BLOCK_LENGTH
        + ChunkEncoder.pieceHeaderLength();

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private Chunks() {
    }

    /**
     * Writes, at {@code offset}, the header of a chunk whose piece of {@code pieceLength} bytes follows it. Field by
     * field, with the generated constants, so that a sender cuts frames without allocating encoders.
     */
    public static void putHeader(MutableDirectBuffer buffer, int offset, long messageId, int index, int totalLength,
                                 int pieceLength) {
        buffer.putShort(offset + MessageHeaderEncoder.blockLengthEncodingOffset(),
            (short) ChunkEncoder.BLOCK_LENGTH, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.templateIdEncodingOffset(),
            (short) ChunkEncoder.TEMPLATE_ID, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.schemaIdEncodingOffset(), (short) ChunkEncoder.SCHEMA_ID, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.versionEncodingOffset(),
            (short) ChunkEncoder.SCHEMA_VERSION, ORDER);
        int block = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(block + ChunkEncoder.messageIdEncodingOffset(), messageId, ORDER);
        buffer.putInt(block + ChunkEncoder.indexEncodingOffset(), index, ORDER);
        buffer.putInt(block + ChunkEncoder.totalLengthEncodingOffset(), totalLength, ORDER);
        buffer.putInt(offset + HEADER_LENGTH - ChunkEncoder.pieceHeaderLength(), pieceLength, ORDER);
    }

    /** @return the offset of the piece's first byte in the chunk {@code frame} wraps */
    public static int pieceOffset(ChunkDecoder frame) {
        return frame.limit() + ChunkDecoder.pieceHeaderLength();
    }
}
