package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table's rules for both kinds of wait: a future's, and a thread's reusable slot. */
class ReplyTableTest {
    private static final int CREATION = 7;
    private static final NodeName B = NodeName.parse("b@localhost");
    private static final NodeName C = NodeName.parse("c@localhost");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ReplyTable<Object> table = new ReplyTable<>(timer, CREATION,
        wait -> new SporeException(SporeException.Reason.NODE_DOWN, wait.target + " went down"));

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aSlotTakesItsAnswerOnceAndOnlyFromTheNodeAsked() {
        ReplyTable.Slot<Object> slot = new ReplyTable.Slot<>(Thread.currentThread());
        slot.arm(B, null);
        table.open(11, slot);
        assertEquals(ReplyTable.Answer.NOT_ASKED, table.complete(C, 11, CREATION, "forged", null));
        assertFalse(slot.isDone());
        assertEquals(ReplyTable.Answer.LATE, table.complete(B, 11, CREATION + 1, "old incarnation", null));
        assertEquals(ReplyTable.Answer.TAKEN, table.complete(B, 11, CREATION, "answer", null));
        assertTrue(slot.isDone());
        assertSame("answer", slot.value());
        assertNull(slot.error());
        assertEquals(ReplyTable.Answer.LATE, table.complete(B, 11, CREATION, "again", null));
        assertFalse(table.forget(11), "answered: nothing left to forget");
    }

    @Test
    void aSlotForgottenBeforeItsAnswerIsNotCompleted() {
        ReplyTable.Slot<Object> slot = new ReplyTable.Slot<>(Thread.currentThread());
        slot.arm(B, null);
        table.open(12, slot);
        assertTrue(table.forget(12));
        assertEquals(ReplyTable.Answer.LATE, table.complete(B, 12, CREATION, "late", null));
        assertFalse(slot.isDone(), "the owner may arm it again at once");
    }

    @Test
    void aNodeGoingDownFailsTheSlotsAndFuturesWaitingOnItAlone() {
        ReplyTable.Slot<Object> onB = new ReplyTable.Slot<>(Thread.currentThread());
        onB.arm(B, null);
        table.open(21, onB);
        CompletableFuture<Object> futureOnB = new CompletableFuture<>();
        table.open(new io.spore.api.Ref(B, 22, CREATION), B, futureOnB, null);
        CompletableFuture<Object> futureOnC = new CompletableFuture<>();
        table.open(new io.spore.api.Ref(C, 23, CREATION), C, futureOnC, null);
        table.failNode(B);
        assertTrue(onB.isDone());
        assertEquals(SporeException.Reason.NODE_DOWN, onB.error().reason());
        assertTrue(futureOnB.isCompletedExceptionally());
        assertFalse(futureOnC.isDone());
        assertTrue(table.forget(23));
    }

    @Test
    void aReusedSlotIsClearedForItsNextWait() {
        WaitSlots<Object> slots = new WaitSlots<>();
        ReplyTable.Slot<Object> first = slots.take();
        first.arm(B, null);
        table.open(31, first);
        table.complete(31, "one", null);
        ReplyTable.Slot<Object> meanwhile = slots.take();
        assertFalse(meanwhile == first, "a slot in use is never handed out twice");
        slots.release(meanwhile);
        slots.release(first);
        assertNull(first.value(), "released: it holds no answer any more");
        assertSame(first, slots.take(), "the thread's own slot again");
    }

    private CompletableFuture<Object> openWithDeadline(long refId, long timeoutMs) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        table.open(refId, new ReplyTable.Waiting<>(B, result, "ref " + refId));
        table.expireAfter(refId, timeoutMs, (expired, ms) -> new SporeException(SporeException.Reason.TIMEOUT,
            expired.subject + " after " + ms + " ms"));
        return result;
    }

    /**
     * Deadlines set out of order: a short one set after a long one still fails on time (it schedules its own sweep),
     * an answered wait never fails, and the long one fails with its own reason when its time comes.
     */
    @Test
    void deadlinesFailTheirWaitsOnTimeInAnyOrderAndAnsweredOnesNever() throws Exception {
        CompletableFuture<Object> slow = openWithDeadline(41, 1_500);
        CompletableFuture<Object> answered = openWithDeadline(42, 50);
        CompletableFuture<Object> quick = openWithDeadline(43, 50);
        assertTrue(table.complete(42, "in time", null));
        long startNs = System.nanoTime();
        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, () -> quick.get(5, TimeUnit.SECONDS));
        long quickMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertEquals("ref 43 after 50 ms", failed.getCause().getMessage());
        assertTrue(quickMs < 1_000, "the short deadline did not wait for the long one's sweep: " + quickMs + " ms");
        assertSame("in time", answered.get());
        assertFalse(slow.isDone(), "the long one waits on");
        failed = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
            () -> slow.get(5, TimeUnit.SECONDS));
        assertEquals("ref 41 after 1500 ms", failed.getCause().getMessage());
        assertFalse(table.forget(41), "expired: gone from the table");
    }

    /** Many waits with deadlines schedule one sweep between them, not a timer task each, and let go of none early. */
    @Test
    void manyWaitsShareOneSweep() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor counted =
            new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            ReplyTable<Object> shared = new ReplyTable<>(counted, CREATION,
                wait -> new SporeException(SporeException.Reason.NODE_DOWN, wait.target + " went down"));
            java.util.List<CompletableFuture<Object>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                CompletableFuture<Object> result = new CompletableFuture<>();
                shared.open(100 + i, new ReplyTable.Waiting<>(B, result, null));
                shared.expireAfter(100 + i, 60_000 + i, (expired, ms) -> new SporeException(
                    SporeException.Reason.TIMEOUT, "late"));
                results.add(result);
            }
            assertEquals(1, counted.getQueue().size(), "one sweep scheduled, for the earliest deadline");
            for (int i = 0; i < 1_000; i++) {
                assertTrue(shared.complete(100 + i, i, null));
            }
            for (CompletableFuture<Object> result : results) {
                assertFalse(result.isCompletedExceptionally());
            }
        } finally {
            counted.shutdownNow();
        }
    }
}
