package io.spore.transport;

import io.spore.wire.FrameType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-thread tallies keep what threads that ended counted (moved here from the core's TrafficTallies test). */
class ThreadTalliesTest {
    @Test
    void countsOfEndedThreadsAreKept() throws InterruptedException {
        ThreadTallies tallies = new ThreadTallies();
        UnsafeBuffer sendToPid = frameOf(FrameType.SEND_TO_PID);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                Tally mine = tallies.newTally(Thread.currentThread());
                for (int i = 0; i < 1000; i++) {
                    mine.sent(sendToPid, 40);
                }
                mine.received(FrameType.CALL_REQUEST);
            }));
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // This thread registers after the others ended: their tallies are retired.
        tallies.newTally(Thread.currentThread()).sent(frameOf(FrameType.SPAWN_REQUEST), 100);

        assertEquals(4000, tallies.out(FrameType.SEND_TO_PID));
        assertEquals(4, tallies.in(FrameType.CALL_REQUEST));
        assertEquals(1, tallies.out(FrameType.SPAWN_REQUEST));
        assertEquals(0, tallies.in(FrameType.SEND_TO_PID));
        assertEquals(4000 * 40 + 100, tallies.sum(Tally.BYTES_OUT));
        assertEquals(4001, tallies.sum(Tally.OUT, Tally.OUT + Tally.TYPES), "a second sum, after retiring, is the same");
    }

    private static UnsafeBuffer frameOf(FrameType type) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putShort(2, (short) type.templateId(), java.nio.ByteOrder.LITTLE_ENDIAN);
        return buffer;
    }
}
