package io.spore.core;

import java.util.Arrays;

/**
 * The processes that a batch of deliveries from one thread left to be woken, woken once when the batch ends.
 *
 * <p>Why: waking an idle worker is a futex call that costs the waker microseconds. A transport's receiving thread
 * that woke the target for each message it took off the wire spent most of its time there (60% of it in a profile
 * of one-way sends), because the worker drains the mailbox, goes idle and must be woken again for the next message.
 * Collected over a batch, the target is woken once and its turn takes the whole batch. A message waits at most
 * for the rest of the batch it arrived in (a bounded poll of the subscriptions), never for another batch.
 *
 * <p>Threading: one thread at a time, the one between {@link #begin()} and {@link #end()}; deliveries from other
 * threads meanwhile wake their targets as usual (see {@link #isHeldByCurrentThread()}).
 */
final class DeferredWakeups {
    private Mailbox[] pending = new Mailbox[16];
    private int size;
    private volatile Thread owner;

    /** From now until {@link #end()}, deliveries on the calling thread leave their wake-up here. */
    void begin() {
        owner = Thread.currentThread();
    }

    /** @return whether the calling thread is in a batch, so its deliveries should not wake their targets */
    boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** Remembers that {@code mailbox} was idle when an entry was added to it in this batch. */
    void add(Mailbox mailbox) {
        if (size > 0 && pending[size - 1] == mailbox) {
            return; // the common case: a run of messages to one process
        }
        if (size == pending.length) {
            pending = Arrays.copyOf(pending, size * 2);
        }
        pending[size++] = mailbox;
    }

    /** Wakes every mailbox the batch left idle, in the order they were first given an entry, and ends the batch. */
    void end() {
        owner = null;
        for (int i = 0; i < size; i++) {
            pending[i].wake(); // a duplicate finds its mailbox scheduled already: one volatile read
            pending[i] = null;
        }
        size = 0;
    }
}
