package io.spore.wire;

import io.spore.wire.sbe.BatchDecoder;
import io.spore.wire.sbe.BatchEncoder;
import io.spore.wire.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The layout of a {@code Batch} frame, which carries several frames of the data stream in one Aeron message: the
 * SBE header, then the {@code frames} field, whose bytes are the frames one after another, each preceded by its
 * length as a little-endian uint16.
 *
 * <p>A writer leaves {@link #HEADER_LENGTH} bytes at the start of its buffer, appends each frame after a
 * {@link #FRAME_PREFIX_LENGTH}-byte length with {@link #putFrameLength}, and fills the header in with
 * {@link #putHeader} once it knows the total. A reader iterates a batch that {@link FrameReader#read} has checked with
 * {@link #firstFrame}, {@link #frameLength} and {@link #next}.
 *
 * <p>Thread-safe: stateless.
 */
public final class Batches {
    /** The SBE header, the (empty) fixed block and the length of the {@code frames} field. */
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + BatchEncoder.BLOCK_LENGTH
        + BatchEncoder.framesHeaderLength();
    /** Each inner frame's length, before it. */
    public static final int FRAME_PREFIX_LENGTH = 2;
    /** The longest frame a batch can hold. */
    public static final int MAX_FRAME_LENGTH = 0xFFFF;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private Batches() {
    }

    /**
     * Writes, at {@code offset}, the header of a batch whose frames (prefixes included) take {@code framesLength}.
     * Field by field, with the generated constants, so that a sender writes batches without allocating encoders.
     */
    public static void putHeader(MutableDirectBuffer buffer, int offset, int framesLength) {
        buffer.putShort(offset + MessageHeaderEncoder.blockLengthEncodingOffset(),
            (short) BatchEncoder.BLOCK_LENGTH, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.templateIdEncodingOffset(),
            (short) BatchEncoder.TEMPLATE_ID, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.schemaIdEncodingOffset(), (short) BatchEncoder.SCHEMA_ID, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.versionEncodingOffset(),
            (short) BatchEncoder.SCHEMA_VERSION, ORDER);
        buffer.putInt(offset + HEADER_LENGTH - BatchEncoder.framesHeaderLength(), framesLength, ORDER);
    }

    /** Writes the prefix of a frame of {@code frameLength} bytes at {@code offset}; the frame follows it. */
    public static void putFrameLength(MutableDirectBuffer buffer, int offset, int frameLength) {
        buffer.putShort(offset, (short) frameLength, ORDER);
    }

    /** @return the offset of the first inner frame's prefix in the batch {@code frame} wraps */
    public static int firstFrame(BatchDecoder frame) {
        return frame.limit() + BatchDecoder.framesHeaderLength();
    }

    /** @return the offset just past the batch's last inner frame */
    public static int end(BatchDecoder frame) {
        return firstFrame(frame) + (int) frame.framesLength();
    }

    /**
     * @param buffer the batch's buffer
     * @param offset an inner frame's prefix
     * @param end    {@link #end}
     * @return the length of the inner frame at {@code offset}, whose bytes start after its prefix
     * @throws MalformedFrameException when the prefix or the frame runs past the batch's end
     */
    public static int frameLength(DirectBuffer buffer, int offset, int end) {
        if (end - offset < FRAME_PREFIX_LENGTH) {
            throw new MalformedFrameException(MalformedFrameException.Problem.TRUNCATED,
                "a batch ends inside the length of an inner frame");
        }
        int length = buffer.getShort(offset, ORDER) & 0xFFFF;
        if (length > end - offset - FRAME_PREFIX_LENGTH) {
            throw new MalformedFrameException(MalformedFrameException.Problem.TRUNCATED,
                "an inner frame of " + length + " bytes runs past the end of its batch");
        }
        return length;
    }

    /** @return the offset of the prefix after the inner frame at {@code offset} of {@code length} bytes */
    public static int next(int offset, int length) {
        return offset + FRAME_PREFIX_LENGTH + length;
    }
}
