package io.spore.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lock a publication is offered under: one compare-and-set to take, a release store to give back.
 *
 * <p>Why not {@code synchronized}: the lock is held for one offer or one copy (well under a microsecond) and is
 * almost never contended, and a monitor costs two atomic operations, more once it has been inflated; a profile of
 * one-way sends showed a monitor taking a third of the sending thread's time. A thread that finds it taken spins
 * briefly, then yields, since the holder may have lost its core.
 *
 * <p>Threading: any thread; not reentrant.
 */
final class SpinLock {
    private static final VarHandle LOCKED;
    private static final int SPINS_BEFORE_YIELD = 100;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through LOCKED
    private volatile int locked;

    void lock() {
        int spins = 0;
        while (!LOCKED.compareAndSet(this, 0, 1)) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** @return whether the lock was free and is now the caller's */
    boolean tryLock() {
        return LOCKED.compareAndSet(this, 0, 1);
    }

    void unlock() {
        LOCKED.setRelease(this, 0);
    }
}
