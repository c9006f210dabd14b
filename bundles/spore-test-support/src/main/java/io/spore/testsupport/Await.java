package io.spore.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Polls a condition until it holds or a deadline passes, for what happens on other threads, in other processes or
 * over the network: a test never sleeps a fixed time and hopes.
 *
 * <p>A waiting test spins, then yields, so that what happens at once is seen at once, then parks for growing
 * intervals of at most {@value #MAX_PARK_MS} ms, so that a long wait leaves the cores (two on the build machine) to
 * the threads it waits for. A benchmark's measured thread uses {@link #atLeast} and {@link #atMost} instead, which
 * never park: a timer's granularity would count in the score.
 *
 * <p>Threading: every method waits on the calling thread and may be called from any thread. An interrupt ends a
 * wait as a failure, with the thread's interrupt status kept.
 */
public final class Await {
    /** How long {@link #until(String, BooleanSupplier)} waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a benchmark waits for its node; reaching it means the node lost work, which must fail the run. */
    public static final Duration COUNTER_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_PARK_MS = 10;
    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(10);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(MAX_PARK_MS);

    private Await() {
    }

    /**
     * @param timeout   how long to wait at most
     * @param condition checked at once, then again and again until it holds or the deadline passes
     * @return whether the condition held before the deadline; {@code false} also when the thread is interrupted
     */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        for (int idles = 0; !condition.getAsBoolean(); idles++) {
            if (System.nanoTime() - deadlineNs >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            idle(idles);
        }
        return true;
    }

    /**
     * Waits up to {@link #DEFAULT_TIMEOUT} for {@code condition}.
     *
     * @param what what is awaited, for the failure's message
     * @throws AssertionError when it does not hold in time
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    /**
     * Waits up to {@code timeout} for {@code condition}.
     *
     * @param what what is awaited, for the failure's message
     * @throws AssertionError when it does not hold in time
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        if (!until(timeout, condition)) {
            throw new AssertionError((Thread.currentThread().isInterrupted() ? "interrupted"
                : "timed out after " + timeout) + " waiting for: " + what);
        }
    }

    /**
     * Waits, spinning then yielding, until {@code value} reaches at least {@code target}: for a benchmark that
     * counts work done, not work queued.
     *
     * @throws IllegalStateException after {@link #COUNTER_TIMEOUT}: the node lost work
     */
    public static void atLeast(LongSupplier value, long target, String what) {
        long deadlineNs = System.nanoTime() + COUNTER_TIMEOUT.toNanos();
        int spins = 0;
        long current;
        while ((current = value.getAsLong()) < target) {
            spins = spinThenYield(spins, deadlineNs, what, current, target);
        }
    }

    /**
     * Waits, spinning then yielding, until {@code value} falls to at most {@code target}.
     *
     * @throws IllegalStateException after {@link #COUNTER_TIMEOUT}: the node lost work
     */
    public static void atMost(LongSupplier value, long target, String what) {
        long deadlineNs = System.nanoTime() + COUNTER_TIMEOUT.toNanos();
        int spins = 0;
        long current;
        while ((current = value.getAsLong()) > target) {
            spins = spinThenYield(spins, deadlineNs, what, current, target);
        }
    }

    /** Spins, then yields, then parks for twice as long each time up to the longest park. */
    private static void idle(int idles) {
        if (idles < SPINS) {
            Thread.onSpinWait();
        } else if (idles < SPINS + YIELDS) {
            Thread.yield();
        } else {
            int doublings = Math.min(idles - SPINS - YIELDS, 20);
            LockSupport.parkNanos(Math.min(MIN_PARK_NS << doublings, MAX_PARK_NS));
        }
    }

    /** On two cores a spinning waiter would steal the worker it waits for: it yields after a few spins. */
    private static int spinThenYield(int spins, long deadlineNs, String what, long current, long target) {
        if (spins < SPINS) {
            Thread.onSpinWait();
            return spins + 1;
        }
        if (System.nanoTime() - deadlineNs > 0) {
            throw new IllegalStateException(what + " stuck at " + current + ", expected " + target + " within "
                + COUNTER_TIMEOUT.toSeconds() + " s: the node lost work");
        }
        Thread.yield();
        return spins;
    }
}
