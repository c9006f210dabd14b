package io.spore.transport;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import io.spore.wire.Chunks;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connected peer that sends hostile chunk sequences, through its real, sealed publications: a first chunk that
 * announces 2 GiB, pieces for no frame, and first chunks that announce the largest frame and never finish. Each is
 * dropped and counted before anything is allocated for what it announced, and the node keeps answering; while one
 * unfinished largest frame holds the peer's budget, a largest frame on another of its streams is dropped too, and
 * once it went, a real message of the largest size goes through.
 */
@Timeout(120)
class ChunkBoundsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_MESSAGE = 8 * 1024 * 1024;

    @TempDir
    Path dir;
    private TestCluster cluster;

    @BeforeEach
    void makeCluster() {
        cluster = new TestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void hostileChunksAreDroppedAndCountedAndTheNodeCarriesOn() throws Exception {
        Member hostile = cluster.start(cluster.context("hostile").maxMessageSize(MAX_MESSAGE));
        Member target = cluster.start(cluster.context("target").maxMessageSize(MAX_MESSAGE));
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", hostile.node().call(echo, "up", TIMEOUT));
        TransportCounters counters = target.transport().counters();
        Association connection = hostile.transport().connection(target.name());
        int maxFrame = target.transport().context().maxFrameLength();

        offer(connection, chunk(1, 0, Integer.MAX_VALUE, 1000)); // 2 GiB announced
        offer(connection, chunk(2, 0, -1, 1000));
        offer(connection, chunk(3, 5, 5000, 1000)); // a piece of no frame
        Await.until("three chunks dropped", TIMEOUT, () -> counters.rejectedChunks() == 3);
        for (int i = 0; i < 50; i++) {
            offer(connection, chunk(10 + i, 0, maxFrame, 1000)); // the largest frame, never finished
        }
        Await.until("each unfinished frame dropped by the next", TIMEOUT, () -> counters.rejectedChunks() == 3 + 49);
        assertEquals("still here", hostile.node().call(echo, "still here", TIMEOUT));

        // The last unfinished frame holds the peer's budget: a largest frame on its large stream is refused meanwhile.
        byte[] largest = new byte[MAX_MESSAGE - 64];
        largest[largest.length - 1] = 7;
        long before = counters.rejectedChunks();
        assertThrows(SporeException.class, () -> hostile.node().call(echo, largest, Duration.ofSeconds(3)));
        assertTrue(counters.rejectedChunks() > before, "the large frame's chunks were dropped");
        assertEquals("still here", hostile.node().call(echo, "still here", TIMEOUT));

        offer(connection, chunk(99, 0, 2000, 1000)); // a short frame begins: the unfinished largest one goes
        Object reply = hostile.node().call(echo, largest, TIMEOUT);
        assertTrue(reply instanceof byte[] bytes && bytes.length == largest.length && bytes[largest.length - 1] == 7,
            "a real message of the largest size goes through again");
        assertEquals(0, counters.errors(), counters.toString());
    }

    private static byte[] chunk(long messageId, int index, int totalLength, int pieceLength) {
        byte[] frame = new byte[Chunks.HEADER_LENGTH + pieceLength];
        Chunks.putHeader(new UnsafeBuffer(frame), 0, messageId, index, totalLength, pieceLength);
        return frame;
    }

    /** On the control stream, which sends each frame alone (the data stream may batch, and a batch holds none). */
    private static void offer(Association connection, byte[] frame) {
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (connection.publications().offer(PeerPublications.CONTROL, buffer, 0, frame.length) < 0) {
            assertTrue(System.nanoTime() - deadlineNs < 0, "the frame was not taken");
            Thread.onSpinWait();
        }
    }
}
