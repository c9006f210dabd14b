package io.spore.transport;

import io.aeron.Publication;
import io.spore.transport.seal.SealedLayout;
import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.sbe.ChunkDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cutting of long frames into chunks ({@link FrameChunker}) and their joining ({@link ChunkAssembler}), without
 * Aeron: a sink that records each message and back-pressures on demand, and hostile chunk sequences.
 */
class ChunkingTest {
    /** What Aeron carries in one message at the default 256 KiB term. */
    private static final int MAX_MESSAGE = 32 * 1024;
    private static final int MAX_FRAME = 1024 * 1024 + TransportContext.FRAME_HEADROOM;

    /** Records what it takes; refuses while {@link #refuseAfter} messages have been taken. */
    private static final class Sink implements FrameChunker.Sink {
        final List<byte[]> messages = new ArrayList<>();
        int refuseAfter = Integer.MAX_VALUE;
        long position;

        @Override
        public long offer(DirectBuffer buffer, int offset, int length) {
            assertTrue(length <= MAX_MESSAGE - SealedLayout.OVERHEAD, "a message of " + length + " bytes");
            if (messages.size() >= refuseAfter) {
                return Publication.BACK_PRESSURED;
            }
            byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(copy);
            position += length;
            return position;
        }
    }

    private final Sink sink = new Sink();
    private final FrameChunker chunker = new FrameChunker(sink, MAX_MESSAGE);
    private final LongAdder rejected = new LongAdder();
    private final ChunkAssembler assembler = new ChunkAssembler(MAX_FRAME, rejected);
    private final FrameReader reader = new FrameReader();

    private static byte[] frame(int length, int seed) {
        byte[] frame = new byte[length];
        new Random(seed).nextBytes(frame);
        return frame;
    }

    /** Feeds every message the sink took to the assembler. @return the frames joined */
    private List<byte[]> join(List<byte[]> messages) {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] message : messages) {
            assertEquals(FrameType.CHUNK, reader.read(new UnsafeBuffer(message), 0, message.length));
            int length = assembler.onChunk(reader.chunk());
            if (length > 0) {
                byte[] whole = new byte[length];
                assembler.buffer().getBytes(0, whole);
                assembler.handedOn();
                frames.add(whole);
            }
        }
        return frames;
    }

    @Test
    void aFrameThatFitsOneMessageGoesWhole() {
        byte[] small = frame(chunker.maxWhole(), 1);
        assertTrue(chunker.offer(new UnsafeBuffer(small), 0, small.length) > 0);
        assertEquals(1, sink.messages.size());
        assertArrayEquals(small, sink.messages.get(0), "the frame itself, not a chunk");
    }

    @Test
    void aOneMebibyteFrameIsCutAndJoinedBack() {
        byte[] big = frame(1024 * 1024, 2);
        assertTrue(chunker.offer(new UnsafeBuffer(big), 0, big.length) > 0);
        assertFalse(chunker.hasRest());
        assertTrue(sink.messages.size() > 1024 * 1024 / MAX_MESSAGE, sink.messages.size() + " chunks");
        List<byte[]> joined = join(sink.messages);
        assertEquals(1, joined.size());
        assertArrayEquals(big, joined.get(0));
        assertEquals(0, rejected.sum());
    }

    @Test
    void backPressureAfterTheFirstChunkLeavesARestThatIsSentBeforeAnythingElse() {
        byte[] big = frame(200_000, 3);
        sink.refuseAfter = 2;
        UnsafeBuffer bigBuffer = new UnsafeBuffer(big);
        assertEquals(FrameChunker.ACCEPTED, chunker.offer(bigBuffer, 0, big.length), "accepted: two chunks went");
        Arrays.fill(big, (byte) 0); // the caller reuses its buffer: the rest was copied
        assertTrue(chunker.hasRest());
        assertEquals(Publication.BACK_PRESSURED, chunker.flush());
        assertTrue(chunker.stalled(), "nothing went: the peer back-pressures");
        sink.refuseAfter = Integer.MAX_VALUE;
        assertTrue(chunker.flush() > 0);
        assertFalse(chunker.hasRest());
        byte[] next = frame(100, 4);
        assertTrue(chunker.offer(new UnsafeBuffer(next), 0, next.length) > 0);

        List<byte[]> chunks = sink.messages.subList(0, sink.messages.size() - 1);
        List<byte[]> joined = join(chunks);
        assertArrayEquals(frame(200_000, 3), joined.get(0));
        assertArrayEquals(next, sink.messages.get(sink.messages.size() - 1), "the small frame came after");
    }

    @Test
    void theAgentsFlushSendsOneChunkAtATimeAndTheFrameStillJoins() {
        byte[] big = frame(200_000, 9);
        sink.refuseAfter = 1;
        assertEquals(FrameChunker.ACCEPTED, chunker.offer(new UnsafeBuffer(big), 0, big.length));
        sink.refuseAfter = Integer.MAX_VALUE;
        int chunks = sink.messages.size();
        int flushes = 0;
        while (chunker.hasRest()) {
            long result = chunker.flush(1);
            flushes++;
            assertEquals(chunks + flushes, sink.messages.size(), "one chunk per flush");
            assertEquals(chunker.hasRest() ? 0 : 1, Long.signum(result), "0 while chunks are left, then positive");
            assertFalse(chunker.stalled(), "a chunk went: not stalled");
        }
        assertTrue(flushes > 1, flushes + " flushes");
        assertArrayEquals(big, join(sink.messages).get(0));
    }

    @Test
    void aFirstChunkRefusedMeansTheFrameWasNotAccepted() {
        sink.refuseAfter = 0;
        byte[] big = frame(100_000, 5);
        assertEquals(Publication.BACK_PRESSURED, chunker.offer(new UnsafeBuffer(big), 0, big.length));
        assertFalse(chunker.hasRest());
        sink.refuseAfter = Integer.MAX_VALUE;
        assertTrue(chunker.offer(new UnsafeBuffer(big), 0, big.length) > 0);
        assertArrayEquals(big, join(sink.messages).get(0));
    }

    @Test
    void framesOneAfterAnotherHaveTheirOwnIds() {
        byte[] first = frame(70_000, 6);
        byte[] second = frame(90_000, 7);
        chunker.offer(new UnsafeBuffer(first), 0, first.length);
        chunker.offer(new UnsafeBuffer(second), 0, second.length);
        List<byte[]> joined = join(sink.messages);
        assertEquals(2, joined.size());
        assertArrayEquals(first, joined.get(0));
        assertArrayEquals(second, joined.get(1));
    }

    // ---- hostile sequences ----

    private final UnsafeBuffer piece = new UnsafeBuffer(new byte[64 * 1024]);

    private int chunk(long id, int index, int total, int length) {
        return assembler.onChunk(id, index, total, piece, 0, length);
    }

    @Test
    void aChunkForNoFrameIsDroppedAndCounted() {
        assertEquals(0, chunk(1, 1, 100, 50));
        assertEquals(1, rejected.sum());
        assertFalse(assembler.isJoining());
    }

    @Test
    void aChunkOutOfOrderDropsItAndTheFrameBeingJoined() {
        assertEquals(0, chunk(1, 0, 300, 100));
        assertEquals(0, chunk(1, 2, 300, 100)); // index 1 skipped
        assertEquals(2, rejected.sum(), "the chunk and the one joined before it");
        assertEquals(0, chunk(1, 1, 300, 100), "the rest of that frame is dropped too");
        assertEquals(3, rejected.sum());

        assertEquals(0, chunk(2, 0, 300, 100));
        assertEquals(0, chunk(3, 1, 300, 100)); // another message id
        assertEquals(5, rejected.sum());
        assertEquals(0, chunk(4, 0, 300, 100));
        assertEquals(0, chunk(4, 1, 301, 100)); // another total
        assertEquals(7, rejected.sum());
    }

    @Test
    void aTotalOverTheLargestFrameIsRefusedBeforeAnythingIsKept() {
        assertEquals(0, chunk(1, 0, MAX_FRAME + 1, 100));
        assertEquals(0, chunk(1, 0, Integer.MAX_VALUE, 100));
        assertEquals(0, chunk(1, 0, -5, 100));
        assertEquals(3, rejected.sum());
        assertFalse(assembler.isJoining());
        assertTrue(assembler.buffer().capacity() <= BoundedFragmentAssembler.KEPT_CAPACITY, "nothing grew");
    }

    /** A first chunk that announces the largest frame makes this hold its piece, not the frame it announces. */
    @Test
    void memoryGrowsWithWhatArrivedNotWithWhatWasAnnounced() {
        int total = 256 * 1024 * 1024;
        ChunkAssembler large = new ChunkAssembler(total, rejected);
        assertEquals(0, large.onChunk(1, 0, total, piece, 0, 60_000));
        assertTrue(large.isJoining());
        assertTrue(large.buffer().capacity() <= 2 * 60_000, large.buffer().capacity() + " bytes held");
        for (int index = 1; index < 10; index++) {
            assertEquals(0, large.onChunk(1, index, total, piece, 0, 60_000));
        }
        assertTrue(large.buffer().capacity() <= 2 * 600_000, "at most twice what arrived");
        assertEquals(0, rejected.sum());
    }

    /** The streams of one peer share a budget: one largest frame between them, not one each. */
    @Test
    void aPeersStreamsShareOneBudget() {
        ChunkAssembler.Budget budget = new ChunkAssembler.Budget(1000);
        ChunkAssembler data = new ChunkAssembler(1000, rejected, budget);
        ChunkAssembler large = new ChunkAssembler(1000, rejected, budget);
        assertEquals(0, data.onChunk(1, 0, 800, piece, 0, 100));
        assertEquals(800, budget.reservedBytes());
        assertEquals(0, large.onChunk(1, 0, 300, piece, 0, 100), "past the budget: dropped before anything is kept");
        assertEquals(1, rejected.sum());
        assertFalse(large.isJoining());
        for (int index = 1; index < 8; index++) {
            data.onChunk(1, index, 800, piece, 0, 100);
        }
        assertEquals(0, budget.reservedBytes(), "a joined frame gives its bytes back");
        assertEquals(0, large.onChunk(2, 0, 300, piece, 0, 100));
        assertEquals(300, large.onChunk(2, 1, 300, piece, 0, 200));
        assertEquals(0, data.onChunk(3, 0, 500, piece, 0, 100));
        data.discard();
        assertEquals(0, budget.reservedBytes(), "a stream that goes away gives its bytes back");
        assertEquals(1, rejected.sum());
    }

    @Test
    void piecesThatRunPastTheTotalOrAreEmptyAreDropped() {
        assertEquals(0, chunk(1, 0, 150, 100));
        assertEquals(0, chunk(1, 1, 150, 51));
        assertEquals(2, rejected.sum());
        assertEquals(0, chunk(2, 0, 150, 100));
        assertEquals(0, chunk(2, 1, 150, 0));
        assertEquals(4, rejected.sum());
        assertEquals(0, chunk(3, 0, 150, 0));
        assertEquals(5, rejected.sum());
    }

    @Test
    void aNewFrameWhileOneIsJoinedDropsTheOldOneAndJoinsTheNew() {
        assertEquals(0, chunk(1, 0, 300, 100));
        assertEquals(0, chunk(1, 1, 300, 100));
        assertEquals(0, chunk(2, 0, 200, 100));
        assertEquals(2, rejected.sum(), "the two chunks of the frame left half joined");
        assertEquals(200, chunk(2, 1, 200, 100));
        assertEquals(2, rejected.sum());
    }

    @Test
    void aChunkInsideABatchOrAJoinedFrameIsRejectedWithTheFrameBeingJoined() {
        assertEquals(0, chunk(1, 0, 300, 100));
        assertEquals(0, assembler.reject());
        assertEquals(2, rejected.sum());
        assertFalse(assembler.isJoining());
    }

    @Test
    void aBufferGrownForALargeFrameIsLetGoOnceItIsHandedOn() {
        int total = 1024 * 1024;
        int at = 0;
        int index = 0;
        int length = 0;
        while (at < total) {
            int piece = Math.min(60_000, total - at);
            length = chunk(9, index++, total, piece);
            at += piece;
        }
        assertEquals(total, length);
        assertTrue(assembler.buffer().capacity() >= total);
        assembler.handedOn();
        assertTrue(assembler.buffer().capacity() <= BoundedFragmentAssembler.KEPT_CAPACITY);
        assertEquals(0, rejected.sum());
    }

    /**
     * The large stream's assembler keeps what it grew for the next frame: a peer sending large messages one after
     * another makes it allocate once, not a buffer per message; a frame that goes wrong still lets go of it.
     */
    @Test
    void theLargeStreamKeepsItsBufferForTheNextFrameUntilAFrameGoesWrong() {
        int total = 1024 * 1024;
        ChunkAssembler large = new ChunkAssembler(MAX_FRAME, rejected, new ChunkAssembler.Budget(MAX_FRAME), true);
        assertEquals(total, joinWhole(large, 1, total));
        large.handedOn();
        DirectBuffer kept = large.buffer();
        assertTrue(kept.capacity() >= total, "kept: " + kept.capacity() + " bytes");
        assertEquals(total, joinWhole(large, 2, total));
        assertSame(kept, large.buffer(), "the second frame was joined in the same buffer");
        large.handedOn();

        assertEquals(0, large.onChunk(3, 0, total, piece, 0, 60_000));
        assertEquals(0, large.onChunk(4, 2, total, piece, 0, 60_000), "out of order: the frame is dropped");
        assertTrue(large.buffer().capacity() <= BoundedFragmentAssembler.KEPT_CAPACITY, "and what it grew let go");
        assertEquals(2, rejected.sum());
    }

    /** Feeds {@code assembler} a whole frame of {@code total} bytes. @return the last chunk's answer */
    private int joinWhole(ChunkAssembler assembler, long id, int total) {
        int at = 0;
        int index = 0;
        int length = 0;
        while (at < total) {
            int pieceLength = Math.min(60_000, total - at);
            length = assembler.onChunk(id, index++, total, piece, 0, pieceLength);
            at += pieceLength;
        }
        return length;
    }

    @Test
    void aRealChunkFrameReadsBack() {
        byte[] big = frame(40_000, 8);
        chunker.offer(new UnsafeBuffer(big), 0, big.length);
        byte[] first = sink.messages.get(0);
        assertEquals(FrameType.CHUNK, reader.read(new UnsafeBuffer(first), 0, first.length));
        ChunkDecoder decoder = reader.chunk();
        assertEquals(0, decoder.index());
        assertEquals(40_000, decoder.totalLength());
        assertEquals(first.length - io.spore.wire.Chunks.HEADER_LENGTH, decoder.pieceLength());
    }
}
