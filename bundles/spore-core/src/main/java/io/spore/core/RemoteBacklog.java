package io.spore.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many messages and calls from other nodes wait in one process's mailbox, against its mailbox limit
 * ({@link io.spore.api.ProcessOptions#withMailboxLimit}). Made only for a process that has a limit, so a process
 * without one pays one null reference.
 *
 * <p>Two counters with one writer each, so neither side does an atomic read-modify-write: the receiving thread (one
 * at a time, under the transport's receive lock) counts what it delivers, the process's turn counts what it took,
 * once per turn. What waits is their difference.
 */
final class RemoteBacklog {
    private static final VarHandle TAKEN;

    static {
        try {
            TAKEN = MethodHandles.lookup().findVarHandle(RemoteBacklog.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int limit;
    /** Written by the receiving thread only. */
    private long delivered;
    /** Written by the process's turn only; read by the receiving thread. */
    @SuppressWarnings("unused") // through TAKEN
    private volatile long taken;

    RemoteBacklog(int limit) {
        this.limit = limit;
    }

    /** @return a backlog for {@code limit}, or {@code null} when there is none (0) */
    static RemoteBacklog of(int limit) {
        return limit > 0 ? new RemoteBacklog(limit) : null;
    }

    /**
     * The receiving thread delivered one more.
     *
     * @return whether the process can take more: false once the limit is reached
     */
    boolean delivered() {
        return ++delivered - (long) TAKEN.getAcquire(this) < limit;
    }

    /** The process's turn took {@code count} of them. */
    void took(int count) {
        TAKEN.setRelease(this, (long) TAKEN.getOpaque(this) + count);
    }

    /** @return whether the limit is reached: nothing more from other nodes is taken now */
    boolean isFull() {
        return delivered - (long) TAKEN.getAcquire(this) >= limit;
    }

    /** @return the limit */
    int limit() {
        return limit;
    }

    /** @return whether the process has taken enough that its senders may be read again: half its limit waits */
    boolean hasRoom() {
        return delivered - (long) TAKEN.getAcquire(this) <= limit / 2;
    }
}
