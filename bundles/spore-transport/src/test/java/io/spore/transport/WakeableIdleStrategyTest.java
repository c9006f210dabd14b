package io.spore.transport;

import io.spore.testsupport.Await;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WakeableIdleStrategyTest {
    private static final long LONG_PARK_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    @Timeout(30)
    void aWakeCutsAParkShort() throws InterruptedException {
        // Parks 30 s once its (no) spins and yields are spent: an idle cycle ends within seconds only if woken.
        WakeableIdleStrategy idle = new WakeableIdleStrategy(new BackoffIdleStrategy(0, 0, LONG_PARK_NS,
            LONG_PARK_NS), 0, () -> {
            });
        AtomicInteger cycles = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                idle.idle(0);
                cycles.incrementAndGet();
            }
        });
        thread.start();
        try {
            Await.until("the thread parks", Duration.ofSeconds(10),
                () -> thread.getState() == Thread.State.TIMED_WAITING);
            int before = cycles.get();
            idle.wake();
            Await.until("the woken thread ends its idle cycle", Duration.ofSeconds(10), () -> cycles.get() > before);
        } finally {
            stop.set(true);
            idle.wake();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(thread.isAlive(), "still parked after the last wake");
    }

    @Test
    @Timeout(20)
    void aWakeBetweenTheLastLookAndThePark() {
        // One yield, then 30 s parks; the wake comes after the yield cycle, as a frame offered after the thread's
        // last look for work and before its park would: the park must not last.
        WakeableIdleStrategy idle = new WakeableIdleStrategy(new BackoffIdleStrategy(0, 1, LONG_PARK_NS,
            LONG_PARK_NS), 1, () -> {
            });
        idle.idle(0);
        idle.wake();
        long start = System.nanoTime();
        idle.idle(0);
        long parkedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(parkedMs < 10_000, "the park after the wake lasted " + parkedMs + " ms");
    }

    @Test
    void theCallbackRunsOnWorkAfterAQuietWhileOnly() {
        AtomicInteger worked = new AtomicInteger();
        WakeableIdleStrategy idle = new WakeableIdleStrategy(new BackoffIdleStrategy(1, 1, 1_000, 1_000), 3,
            worked::incrementAndGet);
        idle.idle(5);
        idle.idle(0);
        idle.idle(0);
        idle.idle(2);
        assertEquals(0, worked.get(), "work while the thread was still spinning or yielding");
        for (int i = 0; i < 4; i++) {
            idle.idle(0);
        }
        idle.idle(3);
        assertEquals(1, worked.get(), "work after the thread may have parked");
        idle.idle(1);
        assertEquals(1, worked.get(), "busy again");
    }

    @Test
    @Timeout(20)
    void noWakeIsOwedBeforeTheStrategyMayPark() throws InterruptedException {
        // Before its spins and yields are spent a thread needs no wake, and a waker leaves it alone: the unpark
        // it would have given is not there when the thread parks later on its own.
        WakeableIdleStrategy idle = new WakeableIdleStrategy(new BackoffIdleStrategy(), Long.MAX_VALUE, () -> {
        });
        AtomicLong parkedNs = new AtomicLong();
        Thread thread = new Thread(() -> {
            idle.idle(0);
            idle.wake();
            long start = System.nanoTime();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            parkedNs.set(System.nanoTime() - start);
        });
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(parkedNs.get() >= TimeUnit.MILLISECONDS.toNanos(150), "parked only " + parkedNs.get() + " ns");
    }
}
