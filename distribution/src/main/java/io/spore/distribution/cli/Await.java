package io.spore.distribution.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: for things that happen on other threads. */
public final class Await {
    private static final long POLL_MS = 20;

    private Await() {
    }

    /**
     * @param timeout   how long to wait at most
     * @param condition checked at once, then every {@value #POLL_MS} ms
     * @return whether the condition held before the deadline
     */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadlineNs >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
