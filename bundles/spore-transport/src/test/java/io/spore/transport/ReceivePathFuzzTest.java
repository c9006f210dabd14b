package io.spore.transport;

import io.spore.testsupport.Await;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.transport.TestCluster.Member;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames mutated from valid ones, sent by a peer that holds the cookie through its real session into a live node's
 * receive path: the node reads each one or drops it as malformed, no handling throws anything unexpected (the
 * transport's error counter stays at 0), and the node still answers a call. Mutations leave the SBE header alone (a
 * different template would be another attack, a valid Goodbye for one, which the frame-level fuzz covers) and change
 * anything after it.
 *
 * <p>The count comes from {@code spore.fuzz.count} (default 50,000, the build's run; the full run is 1,000,000).
 */
@Timeout(600)
class ReceivePathFuzzTest {
    private static final int COUNT = Integer.getInteger("spore.fuzz.count", 50_000);
    private static final long SEED = Long.getLong("spore.fuzz.seed", System.nanoTime());
    private static final int MAX_MESSAGE = 1 << 20;
    /** The SBE message header: block length, template, schema, version. */
    private static final int HEADER = 8;

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
    void mutatedFramesFromAPeerAreReadOrDroppedAndTheNodeCarriesOn() {
        Member hostile = cluster.start(cluster.context("hostile").maxMessageSize(MAX_MESSAGE));
        Member target = cluster.start(cluster.context("target").maxMessageSize(MAX_MESSAGE));
        Pid sink = target.node().spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        target.node().register(Name.of("sink"), sink);
        Pid echo = target.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", hostile.node().call(echo, "up", Duration.ofSeconds(10)));
        TransportCounters counters = target.transport().counters();
        long framesBefore = counters.framesIn();

        List<byte[]> valid = validFrames(hostile, sink);
        Random random = new Random(SEED);
        byte[] scratch = new byte[MAX_MESSAGE + 4096];
        Association connection = hostile.transport().connection(target.name());
        for (int round = 0; round < COUNT; round++) {
            byte[] base = valid.get(random.nextInt(valid.size()));
            if (base.length > 4096 && random.nextInt(200) != 0) {
                base = valid.get(0); // the largest frames now and then only
            }
            System.arraycopy(base, 0, scratch, 0, base.length);
            int length = mutate(random, scratch, base.length);
            offer(connection, scratch, length);
        }
        Await.until("the target read every frame", Duration.ofSeconds(120),
            () -> counters.framesIn() - framesBefore >= COUNT);
        assertEquals("still here", hostile.node().call(echo, "still here", Duration.ofSeconds(10)));
        assertEquals(0, counters.errors(), "a frame's handling threw something unexpected: " + counters);
        assertTrue(counters.malformedFrames() > 0, counters.toString());
        System.out.println("fuzz: " + COUNT + " mutated frames (seed " + SEED + ") through a live node: "
            + counters.malformedFrames() + " dropped as malformed, 0 errors, the node answers calls");
    }

    private static List<byte[]> validFrames(Member hostile, Pid sink) {
        FrameWriter writer = new FrameWriter(hostile.transport().typeRegistry(), MAX_MESSAGE,
            new BusySpinIdleStrategy(), new Tally());
        Pid from = new Pid(hostile.name(), 7, hostile.node().creation());
        Ref ref = new Ref(hostile.name(), 9, hostile.node().creation());
        List<byte[]> frames = new ArrayList<>();
        frames.add(copy(writer, writer.sendToPid(from, sink, List.of("a", 1L, Map.of("k", from), new byte[16]))));
        frames.add(copy(writer, writer.sendToName(from, Name.of("sink"), List.of(ref, 2.5, "text"))));
        frames.add(copy(writer, writer.sendImportant(from, sink, ref, 0, Map.of("x", List.of(1, 2, 3)))));
        frames.add(copy(writer, writer.monitor(ref, from, sink)));
        frames.add(copy(writer, writer.demonitor(ref, from, sink)));
        frames.add(copy(writer, writer.sendToPid(from, sink, new byte[MAX_MESSAGE - 256])));
        return frames;
    }

    private static byte[] copy(FrameWriter writer, int length) {
        byte[] frame = new byte[length];
        writer.buffer().getBytes(0, frame);
        return frame;
    }

    private static int mutate(Random random, byte[] frame, int length) {
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = HEADER + random.nextInt(length - HEADER);
                    frame[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                for (int writes = 1 + random.nextInt(4); writes > 0; writes--) {
                    frame[HEADER + random.nextInt(length - HEADER)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> length = HEADER + random.nextInt(length - HEADER);
            case 3 -> {
                int extra = 1 + random.nextInt(64);
                for (int i = 0; i < extra; i++) {
                    frame[length + i] = (byte) random.nextInt(256);
                }
                length += extra;
            }
            default -> {
                // valid
            }
        }
        return length;
    }

    private static void offer(Association connection, byte[] frame, int length) {
        UnsafeBuffer buffer = new UnsafeBuffer(frame, 0, length);
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (connection.publications().offer(PeerPublications.DATA, buffer, 0, length) < 0) {
            assertTrue(System.nanoTime() - deadlineNs < 0, "the frame was not taken");
            Thread.onSpinWait();
        }
    }
}
