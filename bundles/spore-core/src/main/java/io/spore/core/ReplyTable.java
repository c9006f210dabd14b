package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Ref;
import io.spore.api.SporeException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers this node waits for, by the ref that went out with the question: the calls made from outside any process,
 * the acknowledgements of important sends, the answers to remote spawns. Each wait names the node asked, so a node
 * that goes down fails exactly its waits; each may have a deadline; the node's stop fails the rest.
 *
 * <p>Every wait completes exactly once, by whoever removes it from the table first: the answer, the deadline, the
 * node going down, the node stopping, or the waiter giving up.
 *
 * <p>Threading: any thread.
 *
 * @param <T> the value an answer carries
 */
final class ReplyTable<T> {
    private static final System.Logger LOG = System.getLogger(ReplyTable.class.getName());

    /**
     * One wait: the node asked, who waits, what it is about (for messages), and its deadline once set. The answer
     * goes to a future; a {@link Slot} takes it instead for a thread that waits itself.
     */
    static class Waiting<T> {
        NodeName target;
        final CompletableFuture<T> result;
        Object subject;
        /** When it fails unless answered ({@link #NO_DEADLINE}: never), why, after how long; guarded by the table. */
        private long deadlineNs = NO_DEADLINE;
        private Expiry<T> expiry;
        private long timeoutMs;

        Waiting(NodeName target, CompletableFuture<T> result, Object subject) {
            this.target = target;
            this.result = result;
            this.subject = subject;
        }

        void complete(T value, SporeException error) {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }
    }

    /**
     * A wait that one thread makes again and again, answered into fields instead of a new future: a blocking call
     * or spawn of a thread outside the workers allocates nothing to wait. The thread arms it, opens it in the table
     * under a fresh ref, and reads the answer once {@link #isDone()}; whoever removes it from the table completes it,
     * exactly once, so it is never reused while someone may still complete it (the owner that fails to remove it
     * waits for {@link #isDone()} before reusing it).
     */
    static final class Slot<T> extends Waiting<T> {
        private final Thread owner;
        /** Taken by its owner thread (see {@link WaitSlots}); only that thread reads and writes it. */
        boolean inUse;
        private volatile boolean done;
        private T value;
        private SporeException error;

        Slot(Thread owner) {
            super(null, null, null);
            this.owner = owner;
        }

        /** Readies the slot for the next wait; the table's lock publishes these to whoever completes it. */
        void arm(NodeName target, Object subject) {
            this.target = target;
            this.subject = subject;
            this.value = null;
            this.error = null;
            this.done = false;
        }

        @Override
        void complete(T value, SporeException error) {
            this.value = value;
            this.error = error;
            done = true;
            LockSupport.unpark(owner);
        }

        boolean isDone() {
            return done;
        }

        /** @return the answer; read after {@link #isDone()} */
        T value() {
            return value;
        }

        /** @return why it failed, or {@code null}; read after {@link #isDone()} */
        SporeException error() {
            return error;
        }
    }

    /** What {@link Waiting#deadlineNs} and {@link #sweepAtNs} hold for none. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Open waits by their ref's id; every ref in it is this node's, of this incarnation. Guarded by itself. */
    private final LongTable<Waiting<T>> waiting = new LongTable<>();
    /** When the earliest sweep for deadlines is scheduled to run; guarded by {@link #waiting}. */
    private long sweepAtNs = NO_DEADLINE;
    private final ScheduledExecutorService timer;
    private final int creation;
    private final Function<Waiting<T>, SporeException> nodeDown;

    /**
     * @param creation the node's creation: an answer naming a ref of another incarnation waited for nothing here
     * @param nodeDown says why a wait fails when its node goes down
     */
    ReplyTable(ScheduledExecutorService timer, int creation, Function<Waiting<T>, SporeException> nodeDown) {
        this.timer = timer;
        this.creation = creation;
        this.nodeDown = nodeDown;
    }

    /** Waits for the answer to {@code ref} from {@code target}; call before the question goes out. */
    void open(Ref ref, NodeName target, CompletableFuture<T> result, Object subject) {
        open(ref.id(), new Waiting<>(target, result, subject));
    }

    /** Waits with {@code wait} for the answer to this node's ref {@code refId}; before the question goes out. */
    void open(long refId, Waiting<T> wait) {
        synchronized (waiting) {
            wait.deadlineNs = NO_DEADLINE; // a slot is opened again and again
            waiting.put(refId, wait);
        }
    }

    /** @return whether someone waited for {@code ref}: it now has the answer */
    boolean complete(Ref ref, T value, SporeException error) {
        return ref.creation() == creation && complete(ref.id(), value, error);
    }

    /** @return whether someone waited for this node's ref {@code refId}: it now has the answer */
    boolean complete(long refId, T value, SporeException error) {
        Waiting<T> found;
        synchronized (waiting) {
            found = waiting.remove(refId);
        }
        if (found == null) {
            return false;
        }
        found.complete(value, error);
        return true;
    }

    /** What became of an answer that came from another node. */
    enum Answer {
        /** Someone waited for it: it has the answer now. */
        TAKEN,
        /** Nobody waits for it (any more): a late answer. */
        LATE,
        /** Someone waits, but for another node's answer: ignored, the wait goes on. */
        NOT_ASKED
    }

    /**
     * An answer to {@code ref} from {@code from}: taken only when {@code from} is the node the question went to,
     * so a third node that learnt or guessed a ref cannot answer in another node's place.
     */
    Answer complete(NodeName from, Ref ref, T value, SporeException error) {
        return complete(from, ref.id(), ref.creation(), value, error);
    }

    /** As {@link #complete(NodeName, Ref, Object, SporeException)}, with the ref's id and creation. */
    Answer complete(NodeName from, long refId, int refCreation, T value, SporeException error) {
        if (refCreation != creation) {
            return Answer.LATE;
        }
        Waiting<T> found;
        synchronized (waiting) {
            found = waiting.get(refId);
            if (found == null) {
                return Answer.LATE;
            }
            if (!found.target.equals(from)) {
                found = null;
            } else {
                waiting.remove(refId);
            }
        }
        if (found == null) {
            // Debug only: a peer that sends these on purpose must not fill the log.
            LOG.log(System.Logger.Level.DEBUG, () -> "ignored an answer to ref " + refId + " from " + from
                + ": the question went to another node");
            return Answer.NOT_ASKED;
        }
        found.complete(value, error);
        return Answer.TAKEN;
    }

    /** The waiter gives up. @return whether it still waited, so nobody else completed it */
    boolean forget(Ref ref) {
        return forget(ref.id());
    }

    /** The waiter gives up. @return whether it still waited, so nobody else completed it */
    boolean forget(long refId) {
        synchronized (waiting) {
            return waiting.remove(refId) != null;
        }
    }

    /**
     * Fails the wait for {@code ref} with {@code why} unless it is answered within {@code timeoutMs}.
     *
     * @param why built only when the deadline wins
     */
    void expireAfter(Ref ref, long timeoutMs, Supplier<SporeException> why) {
        expireAfter(ref.id(), timeoutMs, (expired, ms) -> why.get());
    }

    /** Says why a wait failed at its deadline. */
    @FunctionalInterface
    interface Expiry<T> {
        SporeException why(Waiting<T> expired, long timeoutMs);
    }

    /**
     * Fails the wait for this node's ref {@code refId} as {@code why} says unless it is answered within
     * {@code timeoutMs}; {@code why} is called only when the deadline wins, so a method reference made once will do.
     *
     * <p>Why no timer task per wait: a stream of pipelined calls or spawns scheduled one and cancelled it for every
     * answer, under the timer queue's lock, and that was the busiest code on the requester's receiving thread. The
     * deadline is a field of the wait instead, and one sweep, scheduled for the earliest deadline, fails what is due
     * and schedules itself for the next: an answered wait costs nothing to let go of.
     */
    void expireAfter(long refId, long timeoutMs, Expiry<T> why) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long delayNs;
        synchronized (waiting) {
            Waiting<T> found = waiting.get(refId);
            if (found == null) {
                return; // answered already
            }
            found.deadlineNs = deadlineNs;
            found.expiry = why;
            found.timeoutMs = timeoutMs;
            if (sweepAtNs != NO_DEADLINE && deadlineNs - sweepAtNs >= 0) {
                return; // a sweep at or before it is scheduled; each sweep schedules the next
            }
            sweepAtNs = deadlineNs;
            delayNs = deadlineNs - System.nanoTime();
        }
        timer.schedule(this::sweep, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
    }

    /**
     * On the timer: fails every wait whose deadline passed, and schedules itself for the earliest one left. A sweep
     * that finds a later one already scheduled (an earlier deadline came meanwhile and had its own) leaves it be.
     */
    private void sweep() {
        long nowNs = System.nanoTime();
        long[] earliest = {NO_DEADLINE};
        List<Waiting<T>> expired;
        long delayNs;
        synchronized (waiting) {
            expired = waiting.removeIf(found -> {
                if (found.deadlineNs == NO_DEADLINE) {
                    return false;
                }
                if (nowNs - found.deadlineNs >= 0) {
                    return true;
                }
                if (earliest[0] == NO_DEADLINE || found.deadlineNs - earliest[0] < 0) {
                    earliest[0] = found.deadlineNs;
                }
                return false;
            });
            if (sweepAtNs != NO_DEADLINE && nowNs - sweepAtNs >= 0) {
                sweepAtNs = NO_DEADLINE; // the sweep that was due ran
            }
            if (earliest[0] == NO_DEADLINE || sweepAtNs != NO_DEADLINE && earliest[0] - sweepAtNs >= 0) {
                delayNs = -1;
            } else {
                sweepAtNs = earliest[0];
                delayNs = earliest[0] - nowNs;
            }
        }
        if (delayNs >= 0) {
            timer.schedule(this::sweep, delayNs, TimeUnit.NANOSECONDS);
        }
        // Outside the lock: completing a future runs what its users chained to it.
        for (Waiting<T> found : expired) {
            found.complete(null, found.expiry.why(found, found.timeoutMs));
        }
    }

    /** {@code node} went down: every wait on it fails now. */
    void failNode(NodeName node) {
        fail(found -> node.equals(found.target), nodeDown);
    }

    /** The node stops: every wait still open fails with what {@code why} says. */
    void failAll(Function<Waiting<T>, SporeException> why) {
        fail(found -> true, why);
    }

    /** Fails each wait {@code which} selects, unless someone else removes it first. */
    private void fail(Predicate<Waiting<T>> which, Function<Waiting<T>, SporeException> why) {
        List<Waiting<T>> failed;
        synchronized (waiting) {
            failed = waiting.removeIf(which);
        }
        // Outside the lock: completing a future runs what its users chained to it.
        for (Waiting<T> found : failed) {
            found.complete(null, why.apply(found));
        }
    }
}
