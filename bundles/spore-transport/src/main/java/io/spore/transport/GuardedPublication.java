package io.spore.transport;

import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An exclusive publication that many threads may offer to, one at a time.
 *
 * <p>Why a lock of its own rather than {@code synchronized}: the lock is held for one {@code offer} (well under a
 * microsecond) and is almost never contended, and here it costs a single compare-and-set to take and a plain
 * release store to give back, where a monitor costs two atomic operations, and more once it has been inflated. A
 * profile of one-way sends showed the monitor taking a third of the sending thread's time. A thread that finds it
 * taken spins briefly, then yields, since the holder may have lost its core.
 *
 * <p>Threading: any thread.
 */
final class GuardedPublication {
    private static final VarHandle LOCKED;
    private static final int SPINS_BEFORE_YIELD = 100;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(GuardedPublication.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ExclusivePublication publication;
    @SuppressWarnings("unused") // through LOCKED
    private volatile int locked;

    GuardedPublication(ExclusivePublication publication) {
        this.publication = publication;
    }

    /** @return {@link ExclusivePublication#offer}'s result */
    long offer(DirectBuffer buffer, int offset, int length) {
        lock();
        try {
            return publication.offer(buffer, offset, length);
        } finally {
            LOCKED.setRelease(this, 0);
        }
    }

    /** Closes the publication once no offer is under way; later offers get {@code CLOSED}. */
    void close() {
        lock();
        try {
            CloseHelper.quietClose(publication);
        } finally {
            LOCKED.setRelease(this, 0);
        }
    }

    private void lock() {
        int spins = 0;
        while (!LOCKED.compareAndSet(this, 0, 1)) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
