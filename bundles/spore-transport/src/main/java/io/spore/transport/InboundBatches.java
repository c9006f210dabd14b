package io.spore.transport;

import io.spore.wire.Batches;
import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.MalformedFrameException;
import io.spore.wire.PackedBatches;
import io.spore.wire.sbe.BatchDecoder;
import org.agrona.DirectBuffer;

/**
 * Reads the inner frames of a {@code Batch} or a {@code PackedBatch} that came from an authenticated peer on its data
 * or control stream, and hands each on as if it had arrived alone on that stream.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class InboundBatches {
    /** Where each inner frame goes. */
    @FunctionalInterface
    interface InnerFrames {
        void onInnerFrame(DirectBuffer buffer, int offset, int length, int sessionId, int stream);
    }

    private final InnerFrames frames;
    /** Rebuilds the frames of packed batches; a frame that came in one is handled before the next is read. */
    private final PackedBatches.Reader packed = new PackedBatches.Reader();

    InboundBatches(InnerFrames frames) {
        this.frames = frames;
    }

    /**
     * Hands on each inner frame of the batch {@code reader} has just read. An inner frame that is malformed is the
     * handler's to drop and count, and the rest are read.
     *
     * @param type   {@link FrameType#BATCH} or {@link FrameType#PACKED_BATCH}
     * @param stream the stream it came on, which its frames came on
     * @throws MalformedFrameException when the lengths run past the batch, or a packed frame shares more than the frame
     *                                 before it had: the rest of the batch is dropped
     */
    void read(FrameType type, FrameReader reader, int sessionId, int stream) {
        if (type == FrameType.PACKED_BATCH) {
            packed.wrap(reader.packedBatch());
            while (packed.next()) {
                frames.onInnerFrame(packed.buffer(), 0, packed.length(), sessionId, stream);
            }
            return;
        }
        BatchDecoder batch = reader.batch();
        DirectBuffer buffer = batch.buffer();
        int end = Batches.end(batch);
        int at = Batches.firstFrame(batch);
        while (at < end) {
            int length = Batches.frameLength(buffer, at, end);
            frames.onInnerFrame(buffer, at + Batches.FRAME_PREFIX_LENGTH, length, sessionId, stream);
            at = Batches.next(at, length);
        }
    }
}
