package io.spore.core;

import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * The timers of one process: those it can cancel, by the id of their ref, so that they end with it; and those it
 * started or cancelled on its current turn, which reach the timer thread together at the turn's end
 * ({@link #flush()}), with one compare-and-set and no wake-up unless one is due before the thread means to wake.
 *
 * <p>A timer cancelled on the turn that started it (a timeout set and cleared while handling a batch of messages,
 * a receive timeout re-armed by each message) never reaches the timer thread at all, and its object is used again
 * for the next timer: schedule and cancel then cost a few field writes and allocate nothing. A timer handed over and
 * cancelled later costs one compare-and-set on it, and its removal from the wheel goes with the turn's hand-over;
 * once the wheel has let go of it, the timer thread gives it back ({@link #giveBack}) for re-use. Either way only
 * the {@code Ref} the API returns is new per timer.
 * Its deadline is counted from the hand-over, so a timer never fires early, and late by at most the rest of the
 * turn that started it (microseconds; a timer fires within a millisecond tick anyway).
 *
 * <p>A timer that fired stays in the table until the table grows past twice what it held after the last
 * clean-up, then is dropped, so a process that keeps starting timers holds only those still pending, plus as many
 * again at most.
 *
 * <p>Threading: the process's own turn only (its handlers, its {@code init}, its end).
 */
final class ProcessTimers {
    /** The shortest period of {@code sendEvery}: a timer fires at most once a tick. */
    static final Duration MIN_PERIOD = Duration.ofNanos(TimerWheel.TICK_NS);
    /**
     * Cancelled timer objects a process keeps for re-use: as many as it had cancelled at once, up to this, so a
     * process with up to this many timers in flight starts them without allocating; more would hold memory that a
     * process which once had a burst of timers does not need.
     */
    static final int SPARES_MAX = 1024;
    private static final VarHandle RETURNED;

    static {
        try {
            RETURNED = MethodHandles.lookup().findVarHandle(ProcessTimers.class, "returned", ProcessTimer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Duration FOREVER = Duration.ofDays(365 * 100);
    private static final long FOREVER_NS = FOREVER.toNanos();

    private final NodeServices services;
    private final TimerService service;
    private final TimerTable byRef = new TimerTable();
    private int cleanAt = 16;
    /** Started this turn, newest first. */
    private ProcessTimer staged;
    /** Cancelled this turn while in the wheel, which must let go of them. */
    private ProcessTimer removals;
    private ProcessTimer removalsTail;
    private int removalCount;
    private ProcessTimer free;
    private int freeCount;
    /** Timers the timer thread let go of after this process cancelled them, linked through {@code nextRequest}. */
    @SuppressWarnings("unused") // through RETURNED
    private volatile ProcessTimer returned;

    ProcessTimers(NodeServices services) {
        this.services = services;
        this.service = services.timers;
    }

    /**
     * Starts a timer from {@code owner}; {@code periodNs} 0 for one that fires once.
     *
     * @return the ref that names it
     */
    Ref start(Pid owner, Pid to, Object message, long delayNs, long periodNs) {
        if (byRef.size() >= cleanAt) {
            byRef.removeSpent();
            cleanAt = Math.max(16, byRef.size() * 2);
        }
        Ref ref = services.newRef();
        byRef.put(stage(ref.id(), owner, to, message, delayNs, periodNs, false));
        return ref;
    }

    /** Starts a receive timeout: no ref names it, it is cancelled through {@link #cancel(ProcessTimer)}. */
    ProcessTimer startReceiveTimeout(Pid owner, Object timeout, long delayNs) {
        return stage(0, owner, owner, timeout, delayNs, 0, true);
    }

    private ProcessTimer stage(long refId, Pid owner, Pid to, Object message, long delayNs, long periodNs,
                               boolean receiveTimeout) {
        if (free == null && returned != null) {
            takeBack();
        }
        ProcessTimer timer = free;
        if (timer != null) {
            free = timer.nextRequest;
            freeCount--;
        } else {
            timer = new ProcessTimer(this);
        }
        timer.reset(refId, owner, to, message, delayNs, periodNs, receiveTimeout);
        timer.nextRequest = staged;
        staged = timer;
        return timer;
    }

    /** @return whether the timer {@code ref} was cancelled before it fired (a ref of another node names none here) */
    boolean cancel(Ref ref) {
        if (ref.creation() != services.creation || !ref.node().equals(services.name)) {
            return false;
        }
        ProcessTimer timer = byRef.remove(ref.id());
        return timer != null && cancel(timer);
    }

    /** @return whether {@code timer}, one of this process's, was cancelled by this call, before it fired */
    boolean cancel(ProcessTimer timer) {
        if (timer.state() == ProcessTimer.STAGED) {
            timer.cancelStaged();
            if (staged == timer) { // the usual case, a timer cancelled soon after it started: used again at once
                staged = timer.nextRequest;
                recycle(timer);
            } // else the hand-over skips it
            return true;
        }
        int outcome = timer.cancel();
        if (outcome == ProcessTimer.CANCELLED_IN_WHEEL) {
            timer.nextRequest = null;
            if (removals == null) {
                removals = timer;
            } else {
                removalsTail.nextRequest = timer;
            }
            removalsTail = timer;
            removalCount++;
        }
        return outcome != ProcessTimer.NOT_CANCELLED;
    }

    /**
     * End of a turn (or of {@code init}): hands the timers started and cancelled on it to the timer thread, in one
     * request; the new ones are due from now.
     */
    void flush() {
        if (staged == null && removals == null) {
            return;
        }
        long nowNs = service.nowNs();
        long earliestNs = Long.MAX_VALUE;
        ProcessTimer first = removals;
        ProcessTimer last = removalsTail;
        int count = removalCount;
        ProcessTimer timer = staged;
        while (timer != null) {
            ProcessTimer next = timer.nextRequest;
            if (timer.state() == ProcessTimer.CANCELLED) {
                recycle(timer);
            } else {
                timer.deadlineNs = nowNs + timer.deadlineNs;
                earliestNs = Math.min(earliestNs, timer.deadlineNs);
                timer.handOver();
                timer.nextRequest = first;
                if (first == null) {
                    last = timer;
                }
                first = timer;
                count++;
            }
            timer = next;
        }
        staged = null;
        removals = null;
        removalsTail = null;
        removalCount = 0;
        if (first != null) {
            service.submit(first, last, count, earliestNs);
        }
    }

    /** The process ended: none of its timers fires any more. */
    void cancelAll() {
        byRef.drain(this::cancel);
        flush();
    }

    /**
     * Timer thread: the wheel is done with {@code timer}, which this process cancelled after handing it over; the
     * process may use it again. A push on a stack that only the process empties, all at once, so no ABA.
     */
    void giveBack(ProcessTimer timer) {
        ProcessTimer top;
        do {
            top = returned;
            timer.nextRequest = top;
        } while (!RETURNED.compareAndSet(this, top, timer));
    }

    private void takeBack() {
        ProcessTimer timer = (ProcessTimer) RETURNED.getAndSet(this, null);
        while (timer != null) {
            ProcessTimer next = timer.nextRequest;
            recycle(timer);
            timer = next;
        }
    }

    private void recycle(ProcessTimer timer) {
        timer.clear();
        if (freeCount < SPARES_MAX) {
            timer.nextRequest = free;
            free = timer;
            freeCount++;
        } else {
            timer.nextRequest = null;
        }
    }

    /** @return the delay in nanoseconds, or INVALID_ARGUMENT for a negative one */
    static long delayNs(Duration delay, String what) {
        if (delay == null || delay.isNegative()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, what + " must be zero or more, not "
                + delay);
        }
        return saturatedNanos(delay);
    }

    /** @return the period in nanoseconds, or INVALID_ARGUMENT for one under {@link #MIN_PERIOD} */
    static long periodNs(Duration period) {
        if (period == null || period.compareTo(MIN_PERIOD) < 0) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the period of sendEvery must be at"
                + " least " + MIN_PERIOD.toMillis() + " ms, not " + period);
        }
        return saturatedNanos(period);
    }

    /** A delay of centuries is as good as forever: capped rather than overflowing the clock's arithmetic. */
    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(FOREVER) > 0 ? FOREVER_NS : duration.toNanos();
    }
}
