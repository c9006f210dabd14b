package io.spore.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Bounded waits for the node to catch up with what a benchmark thread asked of it, so a score counts work done,
 * not work queued. The waiter spins briefly, then yields: on two cores a spinning waiter would steal the worker
 * it waits for.
 */
final class Await {
    /** Far longer than any batch takes; reaching it means the node lost work, which must fail the run. */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int SPINS = 100;

    private Await() {
    }

    /** Waits until {@code value} reaches at least {@code target}. @throws IllegalStateException after the timeout */
    static void atLeast(LongSupplier value, long target, String what) {
        long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        int spins = 0;
        long current;
        while ((current = value.getAsLong()) < target) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                checkDeadline(deadlineNs, what, current, target);
                Thread.yield();
            }
        }
    }

    /** Waits until {@code value} falls to at most {@code target}. @throws IllegalStateException after the timeout */
    static void atMost(LongSupplier value, long target, String what) {
        long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        int spins = 0;
        long current;
        while ((current = value.getAsLong()) > target) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                checkDeadline(deadlineNs, what, current, target);
                Thread.yield();
            }
        }
    }

    private static void checkDeadline(long deadlineNs, String what, long current, long target) {
        if (System.nanoTime() - deadlineNs > 0) {
            throw new IllegalStateException(what + " stuck at " + current + ", expected " + target + " within "
                + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NS) + " s: the node lost work");
        }
    }
}
