package io.spore.testsupport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitTest {
    @Test
    void aConditionThatHoldsLaterIsSeen() {
        long startNs = System.nanoTime();
        assertTrue(Await.until(Duration.ofSeconds(10), () -> System.nanoTime() - startNs > 50_000_000L));
    }

    @Test
    void aConditionThatNeverHoldsFailsAtTheDeadlineNamingWhatWasAwaited() {
        assertFalse(Await.until(Duration.ofMillis(50), () -> false));
        AssertionError failed = assertThrows(AssertionError.class,
            () -> Await.until("the impossible", Duration.ofMillis(50), () -> false));
        assertTrue(failed.getMessage().endsWith("waiting for: the impossible"), failed.getMessage());
    }

    @Test
    void anInterruptEndsTheWait() {
        Thread.currentThread().interrupt();
        try {
            assertFalse(Await.until(Duration.ofSeconds(10), () -> false));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void countersAreAwaitedBothWays() {
        AtomicLong counter = new AtomicLong();
        Thread counting = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                counter.incrementAndGet();
            }
        });
        counting.start();
        Await.atLeast(counter::get, 1000, "the count");
        Await.atMost(() -> 1000 - counter.get(), 0, "the count left");
    }
}
