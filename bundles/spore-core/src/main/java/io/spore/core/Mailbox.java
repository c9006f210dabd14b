package io.spore.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * A process's mailbox and its place in the scheduler.
 *
 * <p>The queue is an intrusive multi-producer, single-consumer linked list (Vyukov's): a producer swaps itself
 * into {@code tail} with one atomic exchange; only the process's own turn reads from {@code head}. The mailbox is
 * also the task the worker pool runs: a producer that finds it idle flips it to scheduled and submits it, so an
 * idle process costs no thread and a busy one is on at most one thread at a time. Like Akka's mailbox, the task
 * never completes ({@link #exec()} returns {@code false}), so the same object is submitted again and again without
 * allocating.
 */
abstract class Mailbox extends ForkJoinTask<Void> {
    private static final long serialVersionUID = 1L;
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle SCHEDULE_STATE;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(Mailbox.class, "tail", Envelope.class);
            HEAD = lookup.findVarHandle(Mailbox.class, "head", Envelope.class);
            SCHEDULE_STATE = lookup.findVarHandle(Mailbox.class, "scheduleState", int.class);
            NEXT = lookup.findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Envelope head;
    private volatile Envelope tail;
    @SuppressWarnings("unused") // accessed through SCHEDULE_STATE
    private volatile int scheduleState = SCHEDULED; // held until init has run: no turn before that
    private final transient ForkJoinPool pool;

    Mailbox(ForkJoinPool pool) {
        this.pool = pool;
        Envelope stub = new Envelope(Envelope.WAKE, null, null);
        this.head = stub;
        this.tail = stub;
    }

    /** Appends {@code envelope} and makes sure a turn will see it. Safe from any thread; never blocks. */
    final void enqueue(Envelope envelope) {
        Envelope previous = (Envelope) TAIL.getAndSet(this, envelope);
        // A release store is enough: it publishes the envelope's fields; the exchange above already ordered
        // producers among themselves. A volatile store here would cost a second full fence per send.
        NEXT.setRelease(previous, envelope);
        schedule();
    }

    /**
     * Appends {@code envelope} without scheduling a turn: for a thread that delivers a batch and wakes each
     * mailbox once at the end of it ({@link DeferredWakeups}), rather than paying a worker's wake-up for every
     * message. Safe from any thread; never blocks.
     *
     * @return whether the mailbox was idle: the caller must then call {@link #wake()} (soon) or the entry may wait
     *         for the next sender. When false, a turn is scheduled or running and will see the entry, as
     *         {@link #release()} looks again before going idle.
     */
    final boolean enqueueWithoutWaking(Envelope envelope) {
        Envelope previous = (Envelope) TAIL.getAndSet(this, envelope);
        NEXT.setRelease(previous, envelope);
        return (int) SCHEDULE_STATE.getVolatile(this) == IDLE;
    }

    /** Schedules a turn unless one is scheduled or running. Safe from any thread. */
    final void wake() {
        schedule();
    }

    /** Takes the oldest entry, or {@code null}. Only the process's own turn calls this. */
    final Envelope poll() {
        Envelope next = next(head);
        if (next != null) {
            advanceHead(next);
        }
        return next;
    }

    /**
     * The consumer's position: the last entry taken (a stub whose message is already consumed). A turn walks
     * from it with {@link #next} and stores the new position once with {@link #advanceHead}, so the consumer
     * does not write this object's cache line, which producers keep taking for {@code tail}, per message.
     */
    final Envelope head() {
        return head;
    }

    /** @return the entry after {@code current}, or {@code null} when {@code current} is the last one */
    final Envelope next(Envelope current) {
        Envelope next = (Envelope) NEXT.getAcquire(current);
        if (next == null) {
            if (current == tail) {
                return null;
            }
            // A producer swapped the tail but has not linked it yet: it is between two instructions.
            while ((next = (Envelope) NEXT.getAcquire(current)) == null) {
                Thread.onSpinWait();
            }
        }
        return next;
    }

    /** Records that every entry up to and including {@code newHead} has been taken. */
    final void advanceHead(Envelope newHead) {
        Envelope old = head;
        if (old != newHead) {
            old.message = null; // the old stub must not keep a consumed message alive
            HEAD.setRelease(this, newHead);
        }
    }

    /**
     * @return whether an entry after the consumer's position has been linked; the process's own thread only. Reads
     *         the link field of the last entry taken, which a producer writes once, rather than {@code tail}, which
     *         every producer swaps: a consumer polling this does not fight the producers for a cache line.
     */
    final boolean hasLinkedNext() {
        return NEXT.getAcquire(head) != null;
    }

    /** @return whether the queue holds nothing (exact only on the process's own turn) */
    final boolean isEmpty() {
        return head == tail;
    }

    /** @return the number of waiting entries, walked from the head; approximate from other threads */
    final int size() {
        int count = 0;
        Envelope e = (Envelope) NEXT.getAcquire((Envelope) HEAD.getAcquire(this));
        while (e != null && count < Integer.MAX_VALUE) {
            count++;
            e = (Envelope) NEXT.getAcquire(e);
        }
        return count;
    }

    /** Ends the hold taken at construction: from now on sends schedule turns. */
    final void open() {
        SCHEDULE_STATE.setVolatile(this, IDLE);
        if (!isEmpty()) {
            schedule();
        }
    }

    /** Called at the end of a turn: go idle, unless something arrived meanwhile. */
    final void release() {
        SCHEDULE_STATE.setVolatile(this, IDLE);
        if (!isEmpty()) {
            schedule();
        }
    }

    private void schedule() {
        if ((int) SCHEDULE_STATE.getVolatile(this) == IDLE && SCHEDULE_STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            if (ForkJoinTask.getPool() == pool) {
                fork(); // from a worker: its local queue, no wake-up of another thread
            } else {
                pool.execute(this);
            }
        }
    }

    /** @return the pool this mailbox's turns run on */
    final ForkJoinPool pool() {
        return pool;
    }

    /** @return whether a turn is scheduled or running */
    final boolean isScheduled() {
        return (int) SCHEDULE_STATE.getVolatile(this) == SCHEDULED;
    }

    /** Runs one turn: handles up to the node's throughput of entries, then calls {@link #release()}. */
    abstract void runTurn();

    @Override
    protected final boolean exec() {
        runTurn();
        // A worker drains its own queue before it looks at tasks submitted from outside the pool, so processes
        // that keep one another busy would starve messages sent by outside threads (the shell, a transport).
        // Moving one outside task into this worker's FIFO queue per turn gives them a fair place in line.
        ForkJoinTask<?> outside = pollSubmission();
        if (outside != null) {
            outside.fork();
        }
        return false; // never complete: the same task is submitted again for the next turn
    }

    @Override
    public final Void getRawResult() {
        return null;
    }

    @Override
    protected final void setRawResult(Void value) {
    }
}
