package io.spore.wire;

import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.PackedBatchDecoder;
import io.spore.wire.sbe.PackedBatchEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The layout of a {@code PackedBatch} frame: a {@code Batch} whose inner frames may begin with bytes of the inner
 * frame before them. Each inner frame is a {@link #ENTRY_PREFIX_LENGTH}-byte prefix (a little-endian uint16 length of
 * the bytes that follow, then a uint8 count of the bytes shared with the frame before), then its own bytes.
 *
 * <p>Why: messages in a burst mostly go from one process to one other, so consecutive {@code SendToPid} frames repeat
 * their 32 bytes of SBE header, sender and target. Not repeating them makes the frame of a 32-byte message about 40
 * bytes instead of 70: fewer datagrams for the media drivers and fewer bytes to seal and open. A writer shares at most
 * the frame's SBE header and fixed block ({@link #shareable}), never its variable fields, so what it saves does not
 * depend on what the messages say.
 *
 * <p>A writer leaves {@link #HEADER_LENGTH} bytes at the start of its buffer, appends each frame with
 * {@link #putEntry}, remembering the frame before with a {@link Previous}, and fills the header in with
 * {@link #putHeader}. A reader iterates a batch that {@link FrameReader#read} has checked with a {@link Reader}, which
 * rebuilds each inner frame in a buffer of its own.
 *
 * <p>Thread-safe: the static methods are stateless; a {@link Previous} or a {@link Reader} belongs to one thread.
 */
public final class PackedBatches {
    /** The SBE header, the (empty) fixed block and the length of the {@code frames} field. */
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PackedBatchEncoder.BLOCK_LENGTH
        + PackedBatchEncoder.framesHeaderLength();
    /** Each inner frame's length of own bytes (uint16) and count of shared bytes (uint8), before them. */
    public static final int ENTRY_PREFIX_LENGTH = 3;
    /** The most bytes a frame may share with the frame before it. */
    public static final int MAX_SHARED = 0xFF;
    /** The longest frame a packed batch can hold. */
    public static final int MAX_FRAME_LENGTH = Batches.MAX_FRAME_LENGTH;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private PackedBatches() {
    }

    /** Writes, at {@code offset}, the header of a packed batch whose entries (prefixes included) take that many. */
    public static void putHeader(MutableDirectBuffer buffer, int offset, int framesLength) {
        buffer.putShort(offset + MessageHeaderEncoder.blockLengthEncodingOffset(),
            (short) PackedBatchEncoder.BLOCK_LENGTH, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.templateIdEncodingOffset(),
            (short) PackedBatchEncoder.TEMPLATE_ID, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.schemaIdEncodingOffset(),
            (short) PackedBatchEncoder.SCHEMA_ID, ORDER);
        buffer.putShort(offset + MessageHeaderEncoder.versionEncodingOffset(),
            (short) PackedBatchEncoder.SCHEMA_VERSION, ORDER);
        buffer.putInt(offset + HEADER_LENGTH - PackedBatchEncoder.framesHeaderLength(), framesLength, ORDER);
    }

    /**
     * Appends the frame at {@code offset} of {@code frame} as an entry at {@code at}, sharing what it can with the
     * frame {@code previous} remembers. Once the entry stays in the batch, {@link Previous#remember} the frame: not
     * before, so that a writer that takes an entry back (the batch could not be sent) shares with the right frame.
     *
     * @return where the next entry goes
     */
    public static int putEntry(MutableDirectBuffer buffer, int at, Previous previous, DirectBuffer frame, int offset,
                               int length) {
        int shared = previous.sharedWith(frame, offset, length);
        int own = length - shared;
        buffer.putShort(at, (short) own, ORDER);
        buffer.putByte(at + 2, (byte) shared);
        buffer.putBytes(at + ENTRY_PREFIX_LENGTH, frame, offset + shared, own);
        return at + ENTRY_PREFIX_LENGTH + own;
    }

    /**
     * @return the offset of the first entry's own bytes, for sending a batch's first frame alone: a first entry
     *         shares nothing, so its bytes are the whole frame
     */
    public static int firstFrameOffset(int batchOffset) {
        return batchOffset + HEADER_LENGTH + ENTRY_PREFIX_LENGTH;
    }

    /**
     * @return how many of the frame's leading bytes a writer may share: its SBE header and fixed block, as its header
     *         says, and at most {@link #MAX_SHARED}
     */
    public static int shareable(DirectBuffer frame, int offset, int length) {
        if (length < MessageHeaderEncoder.ENCODED_LENGTH) {
            return 0;
        }
        int block = frame.getShort(offset + MessageHeaderEncoder.blockLengthEncodingOffset(), ORDER) & 0xFFFF;
        return Math.min(Math.min(MAX_SHARED, length), MessageHeaderEncoder.ENCODED_LENGTH + block);
    }

    /**
     * The leading bytes of the frame a writer appended last, as many as a frame may share. Reset it when a new
     * batch starts: the first frame of a batch shares nothing.
     */
    public static final class Previous {
        private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[MAX_SHARED]);
        private int length;

        /** The next frame starts a batch. */
        public void reset() {
            length = 0;
        }

        /** @return how many leading bytes the frame at {@code offset} has in common with the remembered one */
        int sharedWith(DirectBuffer frame, int offset, int frameLength) {
            int limit = Math.min(length, shareable(frame, offset, frameLength));
            int same = 0;
            while (same + Long.BYTES <= limit && bytes.getLong(same) == frame.getLong(offset + same)) {
                same += Long.BYTES;
            }
            while (same < limit && bytes.getByte(same) == frame.getByte(offset + same)) {
                same++;
            }
            return same;
        }

        /** The frame at {@code offset} is the one the next frame may share bytes with. */
        public void remember(DirectBuffer frame, int offset, int frameLength) {
            length = Math.min(MAX_SHARED, frameLength);
            bytes.putBytes(0, frame, offset, length);
        }
    }

    /**
     * Reads the inner frames of a packed batch one by one, each rebuilt whole in this reader's buffer (valid until
     * the next call of {@link #next}).
     */
    public static final class Reader {
        private final UnsafeBuffer frame = new UnsafeBuffer(new byte[MAX_SHARED + MAX_FRAME_LENGTH]);
        private DirectBuffer batch;
        private int at;
        private int end;
        private int length = -1;

        /** Starts reading the batch that {@code decoder} wraps, which {@link FrameReader#read} has checked. */
        public void wrap(PackedBatchDecoder decoder) {
            batch = decoder.buffer();
            at = decoder.limit() + PackedBatchDecoder.framesHeaderLength();
            end = at + (int) decoder.framesLength();
            length = -1;
        }

        /**
         * @return whether another inner frame was read; it is in {@link #buffer()} at 0, {@link #length()} bytes
         * @throws MalformedFrameException when an entry runs past the batch's end or shares more bytes than the frame
         *                                 before it had: the rest of the batch cannot be read
         */
        public boolean next() {
            if (at >= end) {
                return false;
            }
            if (end - at < ENTRY_PREFIX_LENGTH) {
                throw new MalformedFrameException(MalformedFrameException.Problem.TRUNCATED,
                    "a packed batch ends inside the prefix of an inner frame");
            }
            int own = batch.getShort(at, ORDER) & 0xFFFF;
            int shared = batch.getByte(at + 2) & 0xFF;
            if (own > end - at - ENTRY_PREFIX_LENGTH) {
                throw new MalformedFrameException(MalformedFrameException.Problem.TRUNCATED,
                    "an inner frame of " + own + " bytes runs past the end of its packed batch");
            }
            if (shared > Math.max(length, 0)) {
                throw new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE, "an inner frame shares "
                    + shared + " bytes with a frame before it of " + Math.max(length, 0));
            }
            // The shared bytes are already at the start of the buffer: they are the previous frame's.
            frame.putBytes(shared, batch, at + ENTRY_PREFIX_LENGTH, own);
            length = shared + own;
            at += ENTRY_PREFIX_LENGTH + own;
            return true;
        }

        /** @return the buffer the last inner frame was rebuilt in, from offset 0 */
        public DirectBuffer buffer() {
            return frame;
        }

        /** @return the last inner frame's length */
        public int length() {
            return length;
        }
    }
}
