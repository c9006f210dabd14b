package io.spore.core;

/**
 * One reusable {@link ReplyTable.Slot} per thread that waits for remote answers itself (a blocking call or spawn
 * from outside the workers), so such a wait allocates no future and no wait of its own.
 *
 * <p>A slot is in use from {@link #take()} to {@link #release}; a thread that needs a second slot meanwhile (it
 * would have to wait for two answers at once, which no path does today) gets a fresh one, so a slot is never armed
 * twice.
 *
 * <p>Threading: each thread its own slot.
 *
 * @param <T> the value an answer carries
 */
final class WaitSlots<T> {
    private final ThreadLocal<ReplyTable.Slot<T>> slots =
        ThreadLocal.withInitial(() -> new ReplyTable.Slot<>(Thread.currentThread()));

    /** @return this thread's slot, or a fresh one while it is in use */
    ReplyTable.Slot<T> take() {
        ReplyTable.Slot<T> slot = slots.get();
        if (slot.inUse) {
            slot = new ReplyTable.Slot<>(Thread.currentThread());
        }
        slot.inUse = true;
        return slot;
    }

    /** Gives {@code slot} back once its answer is read (and it is out of the table), dropping what it held. */
    void release(ReplyTable.Slot<T> slot) {
        slot.arm(null, null);
        slot.inUse = false;
    }
}
