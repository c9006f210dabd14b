package io.spore.transport;

import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.PackedBatches;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.SendToPidEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a BatchingPublication stages reads back as the frames it was given, in both layouts. */
class BatchStageTest {
    private static final int CAPACITY = 1376;

    @Test
    void aPackedStageLeavesOutTheHeaderFramesShareAndReadsBackWhole() {
        BatchStage stage = new BatchStage(CAPACITY);
        stage.packed(true);
        List<byte[]> frames = List.of(send(1, 2, "a"), send(1, 2, "b"), send(1, 3, "c"), send(1, 3, "d"));
        int plainLength = PackedBatches.HEADER_LENGTH;
        for (byte[] frame : frames) {
            keep(stage, frame);
            plainLength += PackedBatches.ENTRY_PREFIX_LENGTH + frame.length;
        }
        int length = stage.batchLength();
        // The 2nd and 4th repeat header, sender and target (32 bytes); the 3rd header and sender (8 + 12).
        assertEquals(plainLength - 32 - 20 - 32, length);
        assertFrames(frames, readBack(stage.buffer(), length));
    }

    @Test
    void aFrameTakenBackIsNotWhatTheNextSharesWith() {
        BatchStage stage = new BatchStage(CAPACITY);
        stage.packed(true);
        byte[] first = send(1, 2, "a");
        byte[] refused = send(7, 8, "b");
        byte[] next = send(1, 2, "c");
        keep(stage, first);
        stage.takeBack(stage.append(new UnsafeBuffer(refused), 0, refused.length));
        keep(stage, next);
        assertEquals(2, stage.frames());
        assertFrames(List.of(first, next), readBack(stage.buffer(), stage.batchLength()));
    }

    @Test
    void aLoneFrameIsSentAsItCameAndAClearedStageSharesNothing() {
        for (boolean packed : new boolean[] {false, true}) {
            BatchStage stage = new BatchStage(CAPACITY);
            stage.packed(packed);
            byte[] frame = send(1, 2, "alone");
            keep(stage, frame);
            byte[] alone = new byte[stage.aloneLength()];
            stage.buffer().getBytes(stage.aloneOffset(), alone);
            assertArrayEquals(frame, alone);
            stage.clear();
            stage.append(new UnsafeBuffer(frame), 0, frame.length);
            alone = new byte[stage.aloneLength()];
            stage.buffer().getBytes(stage.aloneOffset(), alone);
            assertArrayEquals(frame, alone, "the first frame after a clear is whole");
        }
    }

    @Test
    void aFullStageSaysSo() {
        BatchStage stage = new BatchStage(CAPACITY);
        stage.packed(true);
        byte[] frame = send(1, 2, "x".repeat(100));
        assertTrue(frame.length <= stage.maxFrameLength());
        int kept = 0;
        while (stage.fits(frame.length)) {
            keep(stage, frame);
            kept++;
        }
        assertTrue(kept > CAPACITY / (frame.length + PackedBatches.ENTRY_PREFIX_LENGTH), "sharing fits more in");
        assertTrue(stage.batchLength() <= CAPACITY);
        assertFalse(stage.fits(frame.length));
    }

    /** A SendToPid frame from {@code sender} to {@code target} whose payload field holds the text's bytes. */
    private static byte[] send(long sender, long target, String text) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        SendToPidEncoder e = new SendToPidEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.sender().id(sender).creation(1);
        e.target().id(target).creation(2);
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        e.putPayload(payload, 0, payload.length);
        byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength()];
        buffer.getBytes(0, frame);
        return frame;
    }

    /** Reads a packed batch back with the receiver's reader, checking each frame reads as a SendToPid. */
    private static List<byte[]> readBack(DirectBuffer stage, int length) {
        FrameReader reader = new FrameReader();
        assertSame(FrameType.PACKED_BATCH, reader.read(stage, 0, length));
        PackedBatches.Reader packed = new PackedBatches.Reader();
        packed.wrap(reader.packedBatch());
        List<byte[]> frames = new ArrayList<>();
        FrameReader inner = new FrameReader();
        while (packed.next()) {
            assertSame(FrameType.SEND_TO_PID, inner.read(packed.buffer(), 0, packed.length()));
            byte[] frame = new byte[packed.length()];
            packed.buffer().getBytes(0, frame);
            frames.add(frame);
        }
        return frames;
    }

    private static void keep(BatchStage stage, byte[] frame) {
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        stage.append(buffer, 0, frame.length);
        stage.keep(buffer, 0, frame.length);
    }

    private static void assertFrames(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "frame " + i);
        }
    }
}
