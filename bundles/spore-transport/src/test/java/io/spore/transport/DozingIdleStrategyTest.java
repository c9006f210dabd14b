package io.spore.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link WakeableIdleStrategy} dozes once quiet, and how it comes back to its backoff. */
class DozingIdleStrategyTest {
    /** A doze that returns at once and records each call: the test drives the duty cycles itself. */
    private static final class RecordingDoze implements Doze {
        final List<Long> dozes = new ArrayList<>();
        int wakes;
        int ready;

        @Override
        public int doze(long timeoutNs) {
            dozes.add(timeoutNs);
            return ready;
        }

        @Override
        public void wake(Thread sleeper) {
            wakes++;
        }
    }

    /** Counts the calls that reach the backoff: a dozing thread must not spin, yield or park through it. */
    private static final class CountingIdle implements IdleStrategy {
        final BackoffIdleStrategy backoff = new BackoffIdleStrategy(0, 0, 1_000, 1_000);
        int idles;
        int resets;

        @Override
        public void idle(int workCount) {
            if (workCount <= 0) {
                idles++;
            }
            backoff.idle(workCount);
        }

        @Override
        public void idle() {
            backoff.idle();
        }

        @Override
        public void reset() {
            resets++;
            backoff.reset();
        }
    }

    private final RecordingDoze doze = new RecordingDoze();
    private final CountingIdle backoff = new CountingIdle();
    private final AtomicInteger afterWork = new AtomicInteger();
    private final AtomicInteger wentIdle = new AtomicInteger();
    private final AtomicInteger afterBusyWork = new AtomicInteger();
    private final WakeableIdleStrategy idle = new WakeableIdleStrategy(backoff, 0, afterWork::incrementAndGet,
        afterBusyWork::incrementAndGet, wentIdle::incrementAndGet, doze, WakeableIdleStrategy.DOZE_NS);

    /** Idles until the strategy dozes; bounded by the quiet time, with a margin. */
    private void idleUntilDozing() {
        long deadline = System.nanoTime() + WakeableIdleStrategy.QUIET_NS + TimeUnit.SECONDS.toNanos(5);
        while (!idle.isDozing()) {
            assertTrue(System.nanoTime() < deadline, "not dozing long after the quiet time");
            idle.idle(0);
        }
    }

    @Test
    @Timeout(10)
    void aQuietThreadDozesForTheDozeLengthInsteadOfParking() {
        idle.idle(1);
        idleUntilDozing();
        assertTrue(doze.dozes.isEmpty(), "it looks once more before its first doze");
        int parks = backoff.idles;
        idle.idle(0);
        idle.idle(0);
        assertEquals(List.of(WakeableIdleStrategy.AWAKE_DOZE_NS, WakeableIdleStrategy.DOZE_NS), doze.dozes,
            "a short first doze, then full ones");
        assertEquals(parks, backoff.idles, "no backoff while dozing");
    }

    @Test
    @Timeout(10)
    void afterALoneWakeItDozesAgainWithoutSpinningYieldingOrParking() {
        idleUntilDozing();
        idle.idle(0);
        int parks = backoff.idles;
        int dozes = doze.dozes.size();
        idle.idle(1); // a heartbeat arrived
        assertEquals(1, afterWork.get(), "work after a doze tells the other thread (the driver wakes the agent)");
        idle.idle(0); // the look that found nothing was the last: it dozes at once
        assertEquals(1, wentIdle.get(), "the first idle cycle after work (the agent wakes the driver)");
        assertEquals(dozes + 1, doze.dozes.size(), "dozing again");
        assertTrue(idle.isDozing());
        assertEquals(parks, backoff.idles, "no backoff in between");
    }

    /**
     * A wake that comes while the thread works between two dozes leaves an unpark, which a lock's park in the work
     * may take; the doze that follows would then last its whole length with the work waiting (an answer held 100 ms).
     * So a wake since the last doze means one more look, and only then a doze.
     */
    @Test
    @Timeout(10)
    void aWakeWhileItWorksMeansOneMoreLookBeforeTheDoze() {
        idleUntilDozing();
        idle.idle(0);
        int dozes = doze.dozes.size();
        idle.idle(1);
        idle.wake();
        assertEquals(1, doze.wakes, "the wake flag stays up while the thread works between dozes");
        idle.idle(0);
        assertEquals(dozes, doze.dozes.size(), "no doze: it looks once more");
        assertTrue(idle.isDozing(), "still dozing, not backing off");
        idle.idle(0);
        assertEquals(dozes + 1, doze.dozes.size(), "that look found nothing: now it dozes");
    }

    @Test
    @Timeout(10)
    void wakesInQuickSuccessionBringBackTheBackoff() {
        idleUntilDozing();
        int resets = backoff.resets;
        for (int i = 0; i < WakeableIdleStrategy.QUICK_WAKES + 1 && idle.isDozing(); i++) {
            idle.idle(0); // dozes (the recording doze returns at once: the wakes follow each other within µs)
            idle.idle(1);
        }
        assertFalse(idle.isDozing(), "a round trip's worth of wakes, each right after the last, ends the doze");
        assertEquals(resets + 1, backoff.resets, "the backoff starts over from its spins");
        int wakes = doze.wakes;
        idle.wake();
        assertEquals(wakes, doze.wakes, "a busy thread needs no wake");
        int parks = backoff.idles;
        idle.idle(0);
        assertEquals(parks + 1, backoff.idles, "idle cycles go to the backoff again");
    }

    @Test
    @Timeout(10)
    void aWakeReachesTheDozeOnlyWhileTheThreadMayDoze() {
        idle.idle(1);
        idle.wake();
        assertEquals(0, doze.wakes, "a working thread needs no wake");
        idleUntilDozing();
        idle.wake();
        assertEquals(1, doze.wakes);
    }

    @Test
    @Timeout(10)
    void whileAskedToStayAwakeItsDozesAreShort() {
        idleUntilDozing();
        idle.stayAwake(TimeUnit.SECONDS.toNanos(30));
        assertEquals(1, doze.wakes, "asking wakes it");
        idle.idle(0); // the look the wake asks for
        idle.idle(0);
        idle.idle(0);
        assertEquals(List.of(WakeableIdleStrategy.AWAKE_DOZE_NS, WakeableIdleStrategy.AWAKE_DOZE_NS), doze.dozes);
        idle.stayAwake(0);
        idle.idle(0); // the look the wake asks for
        idle.idle(0);
        assertEquals(WakeableIdleStrategy.DOZE_NS, doze.dozes.get(2), "the full doze once the time is up");
    }

    @Test
    @Timeout(10)
    void aSocketReadyWithNothingToDoEndsInAParkNotASpin() {
        idleUntilDozing();
        doze.ready = 1; // the selector keeps reporting a socket that yields no work
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            idle.idle(0);
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(doze.dozes.size() < 8, "some of the dozes parked instead: " + doze.dozes.size());
        assertTrue(elapsed >= WakeableIdleStrategy.AWAKE_DOZE_NS, "the park lasted a while, took " + elapsed + " ns");
    }
}
