package io.spore.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WorkerHandOff} on a real pool, FIFO as the node's: every item is handled exactly once, in order with one
 * taker; no more takers run at once than allowed; a slow item holds only its own taker; a throw reaches the
 * worker's handler and the items after it are still handled; a pool that is shutting down gets its items refused.
 */
@Timeout(30)
class WorkerHandOffTest {
    private final ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    private final ForkJoinPool pool = new ForkJoinPool(2, ForkJoinPool.defaultForkJoinWorkerThreadFactory,
        (thread, error) -> uncaught.add(error), true);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void oneTakerHandlesEveryItemOnceInTheOrderGiven() throws InterruptedException {
        int items = 10 * WorkerHandOff.TURN + 7; // several turns, each ending with a successor
        List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(items);
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 1, item -> {
            handled.add(item);
            all.countDown();
        }, refusedIsAFailure());
        for (int i = 0; i < items; i++) {
            handOff.give(i);
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "handled " + handled.size() + " of " + items);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            expected.add(i);
        }
        assertEquals(expected, handled);
        assertEquals(0, handOff.waiting());
    }

    @Test
    void noMoreTakersThanAllowedRunAtOnceAndNoItemIsLeftBehind() throws InterruptedException {
        int items = 20_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(items);
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 2, item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            handled.incrementAndGet();
            running.decrementAndGet();
            all.countDown();
        }, refusedIsAFailure());
        // Two giving threads and pauses between bursts, so takers often find the queue empty and end while items
        // are still being given: the race an item must not be lost to.
        Thread[] givers = new Thread[2];
        for (int g = 0; g < givers.length; g++) {
            int first = g * items / 2;
            givers[g] = new Thread(() -> {
                for (int i = first; i < first + items / 2; i++) {
                    handOff.give(i);
                    if (i % 500 == 0) {
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                }
            });
            givers[g].start();
        }
        for (Thread giver : givers) {
            giver.join();
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "handled " + handled.get() + " of " + items);
        assertEquals(items, handled.get());
        assertTrue(most.get() <= 2, "at most two takers at once, saw " + most.get());
    }

    @Test
    void anItemGivenWhileTheLastTakerEndsIsStillHandled() throws InterruptedException {
        // The moment an item could be lost: the only taker has found the queue empty but still counts as at work, so
        // the item given then reserves no taker of its own. The taker must see it before it ends.
        CountDownLatch both = new CountDownLatch(2);
        AtomicInteger dry = new AtomicInteger();
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 1, item -> both.countDown(), refusedIsAFailure());
        handOff.onRunningDry(() -> {
            if (dry.getAndIncrement() == 0) {
                handOff.give(2);
            }
        });
        handOff.give(1);
        assertTrue(both.await(5, TimeUnit.SECONDS), "the item given as the taker ended waits with no taker: "
            + handOff.waiting());
    }

    @Test
    void aBurstGivenLaterWaitsForItsFlushAndThenWakesNoMoreTakersThanItNeeds() throws InterruptedException {
        int items = 40;
        CountDownLatch all = new CountDownLatch(items);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 2, item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            all.countDown();
        }, refusedIsAFailure());
        for (int i = 0; i < items; i++) {
            handOff.giveLater(i);
        }
        assertEquals(items, handOff.waiting(), "nothing is taken before the flush");
        handOff.flush();
        assertTrue(all.await(5, TimeUnit.SECONDS), "handled " + (items - all.getCount()) + " of " + items);
        assertTrue(most.get() <= 2, "at most two takers at once, saw " + most.get());

        CountDownLatch one = new CountDownLatch(1);
        WorkerHandOff<Integer> single = new WorkerHandOff<>(pool, 2, item -> one.countDown(), refusedIsAFailure());
        single.giveLater(1);
        single.flush();
        single.flush(); // a second flush with a taker already reserved for the one item schedules no other
        assertTrue(one.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aSlowItemHoldsOnlyItsOwnTaker() throws InterruptedException {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(50);
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 2, item -> {
            if (item == 0) {
                slowStarted.countDown();
                await(release);
            } else {
                othersDone.countDown();
            }
        }, refusedIsAFailure());
        handOff.give(0);
        assertTrue(slowStarted.await(5, TimeUnit.SECONDS));
        for (int i = 1; i <= 50; i++) {
            handOff.give(i);
        }
        assertTrue(othersDone.await(5, TimeUnit.SECONDS), "the items after the slow one waited for it");
        release.countDown();
    }

    @Test
    void aThrowReachesTheWorkersHandlerAndTheNextItemsAreHandled() throws InterruptedException {
        CountDownLatch after = new CountDownLatch(3);
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 1, item -> {
            if (item == 0) {
                throw new IllegalStateException("item 0 fails on purpose");
            }
            after.countDown();
        }, refusedIsAFailure());
        for (int i = 0; i < 4; i++) {
            handOff.give(i);
        }
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertEquals(1, uncaught.size(), uncaught.toString());
        assertEquals("item 0 fails on purpose", uncaught.peek().getMessage());
    }

    @Test
    void aPoolThatIsShuttingDownGetsItsItemsRefused() {
        pool.shutdown();
        List<Integer> refused = new ArrayList<>();
        WorkerHandOff<Integer> handOff = new WorkerHandOff<>(pool, 2, item -> {
            throw new AssertionError("handled " + item + " on a pool that was shut down");
        }, refused::add);
        handOff.give(1);
        handOff.give(2);
        assertEquals(List.of(1, 2), refused);
        assertEquals(0, handOff.waiting());
    }

    private static Consumer<Integer> refusedIsAFailure() {
        return item -> {
            throw new AssertionError("item " + item + " refused by a running pool");
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
