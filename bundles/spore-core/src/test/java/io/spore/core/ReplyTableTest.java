package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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
}
