package io.spore.core;

import io.spore.api.SporeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Waits for a future on behalf of a blocking API method. On a worker thread the wait goes through
 * {@link ForkJoinPool#managedBlock}, so the pool starts a spare thread meanwhile and other processes keep running.
 */
final class Blocking {
    /** How long a blocked outside thread spins before it starts yielding (see {@link #waitBriefly}). */
    private static final long SPIN_BEFORE_YIELD_NS = TimeUnit.MICROSECONDS.toNanos(5);
    /** How long a blocked outside thread spins and yields before it parks. */
    private static final long WAIT_BEFORE_PARK_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private Blocking() {
    }

    /** For {@link #waitBriefly}: a wait with nothing to do meanwhile. */
    static final IntSupplier NO_HELP = () -> 0;

    /**
     * Waits a little without parking: an answer often comes within microseconds, and parking and waking a thread
     * costs tens of them on small virtual machines. It spins for the first few microseconds, then yields: the
     * threads that produce the answer (a worker; for a remote one the drivers and transport agents) need a core,
     * and on a two-core machine a spinning waiter would hold one of the two. Bounded, so a slow answer costs
     * little CPU before the caller parks. Returns when {@code future} is done or the bound has passed. It runs
     * {@code help} on every turn of the wait: a remote answer's waiter receives it itself when it can
     * ({@link io.spore.core.spi.RemoteRouter#helpReceive()}).
     *
     * @param clock the node's clock, which measures the bound
     */
    static void waitBriefly(NanoClock clock, CompletableFuture<?> future, IntSupplier help) {
        long startNs = clock.nanoTime();
        while (!future.isDone()) {
            boolean received = help.getAsInt() > 0;
            long waitedNs = clock.nanoTime() - startNs;
            if (waitedNs >= WAIT_BEFORE_PARK_NS) {
                return;
            }
            if (received) {
                continue; // perhaps the answer: look again before waiting
            }
            if (waitedNs < SPIN_BEFORE_YIELD_NS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * As {@link #waitBriefly(NanoClock, CompletableFuture, IntSupplier)}, for a reusable {@link ReplyTable.Slot}; then
     * parks until the slot is answered or {@code deadlineNs} (the clock's) has passed, or the thread is interrupted.
     *
     * @return whether the slot is answered
     */
    static boolean awaitSlot(NanoClock clock, ReplyTable.Slot<?> slot, long deadlineNs, IntSupplier help) {
        long startNs = clock.nanoTime();
        while (!slot.isDone()) {
            boolean received = help.getAsInt() > 0;
            long waitedNs = clock.nanoTime() - startNs;
            if (waitedNs >= WAIT_BEFORE_PARK_NS) {
                break;
            }
            if (received) {
                continue;
            }
            if (waitedNs < SPIN_BEFORE_YIELD_NS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        while (!slot.isDone()) {
            long leftNs = deadlineNs - clock.nanoTime();
            if (leftNs <= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(slot, leftNs);
        }
        return true;
    }

    /**
     * @param clock     the node's clock, for the brief wait of an outside thread (see {@link #waitBriefly})
     * @param future    completed by someone else (normally before {@code timeoutMs}, by its own timeout task)
     * @param timeoutMs a safety bound: past it the wait ends with {@code TIMEOUT}
     * @param what      names the operation in messages
     * @param help      what an outside thread runs while it waits briefly, as {@link #waitBriefly} does; or
     *                  {@link #NO_HELP}
     * @return the value
     * @throws SporeException the future's failure, rethrown fresh so the stack shows where it waited
     */
    static <T> T await(NanoClock clock, CompletableFuture<T> future, long timeoutMs, Supplier<String> what,
                       IntSupplier help) {
        boolean managed = !future.isDone() && Thread.currentThread() instanceof ForkJoinWorkerThread;
        if (!managed) {
            waitBriefly(clock, future, help);
        }
        if (managed) {
            try {
                ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                    @Override
                    public boolean block() {
                        try {
                            future.get(timeoutMs, TimeUnit.MILLISECONDS);
                        } catch (ExecutionException | TimeoutException e) {
                            // read below
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return true;
                    }

                    @Override
                    public boolean isReleasable() {
                        return future.isDone();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            return future.get(managed ? 0 : timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SporeException spore) {
                throw new SporeException(spore.reason(), spore.getMessage(), spore);
            }
            throw new SporeException(SporeException.Reason.INIT_FAILED, what.get() + " failed: " + e.getCause(),
                e.getCause());
        } catch (TimeoutException e) {
            throw new SporeException(SporeException.Reason.TIMEOUT, what.get() + " got no answer within " + timeoutMs
                + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SporeException(SporeException.Reason.TIMEOUT, "interrupted while " + what.get(), e);
        }
    }
}
