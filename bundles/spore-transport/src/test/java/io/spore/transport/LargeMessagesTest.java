package io.spore.transport;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages of the largest size (1 MiB, the default) between two real transports whose terms are the default 512 KiB,
 * so that each travels in chunks of 64 KiB Aeron messages, interleaved with small ones, in every wire security mode:
 * everything arrives, whole and in order, and calls and replies of that size travel the control stream the same way.
 */
@Timeout(120)
class LargeMessagesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** The largest payload a 1 MiB message body holds, with room for the list and tags around it. */
    private static final int LARGE = TransportContext.DEFAULT_MAX_MESSAGE_SIZE - 64;
    private static final int MESSAGES = 120;

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

    private Member start(String name, WireSecurity security) {
        return cluster.start(cluster.context(name).maxMessageSize(TransportContext.DEFAULT_MAX_MESSAGE_SIZE)
            .wireSecurity(security).insecureNetwork(security == WireSecurity.NONE));
    }

    private static byte[] large(int seed) {
        byte[] bytes = new byte[LARGE];
        for (int i = 0; i < bytes.length; i += 4096) {
            bytes[i] = (byte) (seed + i / 4096);
        }
        bytes[bytes.length - 1] = (byte) seed;
        return bytes;
    }

    /**
     * Sends, trying again while the peer back-pressures: 40 MiB back to back outrun a receiver that shares two cores
     * with the rest of the build, and a send refused with BACK_PRESSURED was not sent (the order still holds).
     */
    private static void sendPatiently(Member from, Pid to, Object message) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                from.node().send(to, message);
                return;
            } catch (SporeException e) {
                assertEquals(SporeException.Reason.BACK_PRESSURED, e.reason(), e.getMessage());
                assertTrue(System.nanoTime() - deadlineNs < 0, "still back-pressured after " + TIMEOUT);
                Thread.sleep(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WireSecurity.class)
    void mebibyteMessagesInterleavedWithSmallOnesArriveWholeAndInOrder(WireSecurity security) throws Exception {
        Member a = start("a", security);
        Member b = start("b", security);
        assertEquals(TransportContext.DEFAULT_TERM_BUFFER_LENGTH, b.transport().context().termBufferLength());
        BlockingQueue<List<?>> inbox = new LinkedBlockingQueue<>();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> inbox.add((List<?>) message), ProcessOptions.DEFAULTS);
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", TIMEOUT));

        for (int i = 0; i < MESSAGES; i++) {
            sendPatiently(a, sink, i % 3 == 0 ? List.of(i, large(i)) : List.of(i, "small " + i));
        }
        for (int i = 0; i < MESSAGES; i++) {
            List<?> message = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, "message " + i + " arrived");
            assertEquals(i, ((Number) message.get(0)).intValue(), "in order");
            if (i % 3 == 0) {
                assertArrayEquals(large(i), (byte[]) message.get(1), "message " + i + " whole");
            } else {
                assertEquals("small " + i, message.get(1));
            }
        }

        byte[] request = large(7);
        Object reply = a.node().call(echo, request, TIMEOUT);
        assertTrue(reply instanceof byte[] && Arrays.equals(request, (byte[]) reply), "a 1 MiB call and reply");

        TransportCounters counters = b.transport().counters();
        assertEquals(0, counters.rejectedChunks(), counters.toString());
        assertEquals(0, counters.malformedFrames(), counters.toString());
        assertEquals(0, a.transport().counters().rejectedChunks());
        assertEquals(0, a.transport().counters().errors());
    }
}
