package io.spore.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Hands items from a receiving thread to the node's workers without waking a worker for each one.
 *
 * <p>Why: a task given to the pool per item makes the pool wake a parked worker per item whenever its workers are
 * quicker than the items come, which is the rule for remote spawn requests: the transport decodes one in a few
 * microseconds and a worker handles it in fewer, then parks again. With pipelined spawns a third of the transport
 * agent's CPU went into those wake-ups (futex calls), and the workers' into parking. Here items wait in one queue,
 * and at most {@code maxTakers} pool tasks take them off it, each until the queue is empty and up to
 * {@link #LINGER_NS} more: a giver that gives a burst at once ({@link #giveLater}, then {@link #flush}) wakes at
 * most that many workers, however many items the burst brings, and the next burst finds them still taking.
 *
 * <p>Items are taken in the order they were given. A taker hands its worker back to the pool after {@link #TURN}
 * items, and its successor is queued behind the work already waiting on that worker (the pool is FIFO), so a stream
 * of items does not keep the processes' turns waiting for long; a taker stops lingering as soon as other work waits
 * in the pool. While one taker is held by a slow item, the others go on taking, as separate tasks did; with every
 * taker held, the queue waits, as tasks did when every worker was busy.
 *
 * <p>Threading: {@link #give} from any thread; {@link #giveLater} and {@link #flush} from one thread at a time,
 * which flushes its burst before another thread begins one (the transport's receiving work is done by one thread at
 * a time, under its lock); the handler runs on the pool's workers.
 *
 * @param <T> the items
 */
final class WorkerHandOff<T> {
    /** Items one taker handles before it gives its worker back to the pool, for the processes' turns waiting. */
    static final int TURN = 32;
    /**
     * How long a taker whose queue ran dry waits for more before it ends ({@code Taker.lingered}): as long as a
     * worker lingers on a process in a conversation, which also covers a requester's next spawn after its answer
     * (a round trip is 60 to 80 µs here; at 50 µs every back-to-back spawn woke a worker and made a taker).
     */
    static final long LINGER_NS = ProcessCell.LINGER_NS;

    private final ForkJoinPool pool;
    private final int maxTakers;
    private final Consumer<T> handler;
    private final Consumer<T> refused;
    private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    /** Takers scheduled or running; never more than {@link #maxTakers}. */
    private final AtomicInteger takers = new AtomicInteger();
    /**
     * Items given later since the last flush. Counted rather than read off the queue, whose size is a walk of it:
     * bursts do not overlap (one thread gives and flushes each, see the threading note).
     */
    private int givenLater;
    /** Runs when a taker has found the queue empty, before it ends: a seam for tests of that moment. */
    private Runnable runningDry = () -> { };

    /**
     * @param pool      the workers
     * @param maxTakers how many workers may take items at once (the pool's parallelism: each may be held by one)
     * @param handler   handles one item on a worker, reporting its own failures; what it throws all the same goes to
     *                  the worker's uncaught-exception handler, and the taker carries on with the next item
     * @param refused   answers an item that no worker will take because the pool is shutting down, on the thread
     *                  that found it so
     */
    WorkerHandOff(ForkJoinPool pool, int maxTakers, Consumer<T> handler, Consumer<T> refused) {
        this.pool = pool;
        this.maxTakers = Math.max(1, maxTakers);
        this.handler = handler;
        this.refused = refused;
    }

    /** Queues {@code item} for a worker, and schedules a taker when fewer than the maximum are at work. */
    void give(T item) {
        waiting.offer(item);
        if (reserveTaker()) {
            schedule();
        }
    }

    /**
     * Queues {@code item} without scheduling a taker: the giver is in the middle of a burst and calls
     * {@link #flush} at its end, so that the burst wakes as few workers as it needs rather than one per item.
     */
    void giveLater(T item) {
        waiting.offer(item);
        givenLater++;
    }

    /** Schedules takers for the burst given later: one per item, up to the maximum at work. */
    void flush() {
        if (givenLater == 0) {
            return; // the common batch: messages only
        }
        int wanted = Math.min(givenLater, maxTakers);
        givenLater = 0;
        while (takers.get() < wanted && reserveTaker()) {
            schedule();
        }
    }

    /** Tests: {@code action} runs each time a taker has found the queue empty and is about to end. */
    void onRunningDry(Runnable action) {
        runningDry = action;
    }

    /** @return how many items wait for a worker now (a snapshot, for tests and tools) */
    int waiting() {
        return waiting.size();
    }

    private boolean reserveTaker() {
        return BoundedCounts.incrementIfBelow(takers, maxTakers);
    }

    /** Starts a taker for a reservation already made; if the pool refuses, answers what waits, as refused. */
    private void schedule() {
        try {
            pool.execute(new Taker());
        } catch (RejectedExecutionException stopping) {
            takers.decrementAndGet();
            for (T item = waiting.poll(); item != null; item = waiting.poll()) {
                refused.accept(item);
            }
        }
    }

    /**
     * One worker taking items until the queue is empty or its turn is up. A task of the pool itself, as a lambda
     * given to {@code execute} would be wrapped in a second object.
     */
    private final class Taker extends ForkJoinTask<Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
        }

        @Override
        protected boolean exec() {
            int handled = 0;
            while (true) {
                T item = waiting.poll();
                if (item == null && lingered()) {
                    continue;
                }
                if (item == null) {
                    runningDry.run();
                    takers.decrementAndGet();
                    // An item given after the poll may have found every taker reserved (this one too): look again,
                    // now that the count is down, so that no item waits without a taker.
                    if (waiting.isEmpty() || !reserveTaker()) {
                        return true;
                    }
                    continue;
                }
                try {
                    handler.accept(item);
                } catch (Throwable unexpected) {
                    Thread worker = Thread.currentThread();
                    worker.getUncaughtExceptionHandler().uncaughtException(worker, unexpected);
                }
                if (++handled == TURN && !waiting.isEmpty()) {
                    schedule(); // this taker's reservation passes to its successor, behind the pool's other work
                    return true;
                }
            }
        }

        /**
         * Waits up to {@link #LINGER_NS} for the next item before the taker ends, as long as no other work waits in the
         * pool: the giver's next burst then finds it running, rather than waking a worker that has just parked
         * (a burst of remote spawn requests comes every poll of the transport). Spins briefly, then yields, so it
         * takes no core from a thread that has work.
         *
         * @return whether an item came meanwhile
         */
        private boolean lingered() {
            long startNs = System.nanoTime();
            while (true) {
                if (!waiting.isEmpty()) {
                    return true;
                }
                if (ForkJoinTask.getQueuedTaskCount() > 0 || pool.hasQueuedSubmissions()) {
                    return false;
                }
                long lingeredNs = System.nanoTime() - startNs;
                if (lingeredNs >= LINGER_NS) {
                    return false;
                }
                if (lingeredNs < ProcessCell.LINGER_SPIN_NS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }
}
