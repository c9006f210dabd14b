package io.spore.core;

import io.spore.api.Pid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One timer of a process ({@code sendAfter}, {@code sendEvery}, a receive timeout): what to send to whom when it
 * fires, and where it stands. It is its own entry everywhere it waits (the process's list of timers started this
 * turn, the timer service's request stack, the {@link TimerWheel}), linked through its own fields, so that a timer
 * costs this one object; one that was cancelled is used again by its process once nothing else holds it.
 *
 * <p>Its state moves {@link #STAGED} (started this turn, the process's alone) to {@link #QUEUED} (handed to the timer
 * thread) to {@link #WHEEL} (in the wheel), and from any of them once to {@link #FIRED} or {@link #CANCELLED} (a
 * periodic timer stays in the wheel until cancelled). Between threads it moves by compare-and-set, so a cancel and
 * a firing that race agree on which one won.
 *
 * <p>Threading: {@link #state} is any thread's. The rest is written by the process while staged and handed over
 * with the request stack's compare-and-set; from then on the links and the slot are the timer thread's, except
 * {@link #nextRequest}, which the process takes back only after cancelling the timer in the wheel.
 */
final class ProcessTimer {
    /** Started on the process's current turn; not yet handed to the timer thread. */
    static final int STAGED = 0;
    /** Handed to the timer thread, which has not taken it yet. */
    static final int QUEUED = 1;
    /** In the timer thread's wheel. */
    static final int WHEEL = 2;
    static final int FIRED = 3;
    static final int CANCELLED = 4;

    /** {@link #cancel()}: it had fired or was cancelled already. */
    static final int NOT_CANCELLED = 0;
    /** {@link #cancel()}: cancelled, and nothing holds it that must let go. */
    static final int CANCELLED_LOOSE = 1;
    /** {@link #cancel()}: cancelled in the wheel, which must be told to let go of it. */
    static final int CANCELLED_IN_WHEEL = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ProcessTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The timers of the process it belongs to, which use it again once nothing else holds it. */
    final ProcessTimers home;
    /** The id of the ref that names it to its process; 0 for a receive timeout, which no ref names. */
    long refId;
    Pid owner;
    Pid to;
    Object message;
    /** 0 for a timer that fires once; else the period, in nanoseconds. */
    long periodNs;
    /** Whether it is its owner's receive timeout, which goes straight to the owner's mailbox when it fires. */
    boolean receiveTimeout;
    /** While staged, the delay; from its hand-over on, the node time at which it is due. */
    long deadlineNs;
    private volatile int state;

    /** The next timer in the process's staged or free list, or in the timer service's request stack. */
    ProcessTimer nextRequest;
    /** At the top of the request stack: how many requests the stack held when this one was pushed. */
    int requestDepth;

    // The timer thread's, while the wheel holds it.
    ProcessTimer previous;
    ProcessTimer next;
    /** The tick whose slot holds it. */
    long slotTick;
    /** Whether the wheel holds it. */
    boolean linked;

    ProcessTimer(ProcessTimers home) {
        this.home = home;
    }

    /** Own turn: makes this (new or used again) the staged timer described, due {@code delayNs} from its hand-over. */
    ProcessTimer reset(long refId, Pid owner, Pid to, Object message, long delayNs, long periodNs,
                       boolean receiveTimeout) {
        this.refId = refId;
        this.owner = owner;
        this.to = to;
        this.message = message;
        this.deadlineNs = delayNs;
        this.periodNs = periodNs;
        this.receiveTimeout = receiveTimeout;
        STATE.set(this, STAGED); // plain: nothing else sees it until its hand-over publishes it
        return this;
    }

    /** Own turn: it goes back to its process's free list and must not keep its message alive. */
    void clear() {
        owner = null;
        to = null;
        message = null;
    }

    int state() {
        return state;
    }

    /** Own turn: a staged timer, cancelled before anything else saw it. */
    void cancelStaged() {
        STATE.set(this, CANCELLED);
    }

    /** Own turn, at the end of it: the timer thread may take it now. */
    void handOver() {
        STATE.set(this, QUEUED); // published by the request stack's compare-and-set
    }

    /**
     * Any thread, for a timer handed over: cancels it unless it fired.
     *
     * @return {@link #NOT_CANCELLED}, {@link #CANCELLED_LOOSE} (the timer thread had not taken it: it drops it when
     *         it does) or {@link #CANCELLED_IN_WHEEL} (the wheel must be asked to let go)
     */
    int cancel() {
        while (true) {
            int now = state;
            if (now == QUEUED && STATE.compareAndSet(this, QUEUED, CANCELLED)) {
                return CANCELLED_LOOSE;
            }
            if (now == WHEEL && STATE.compareAndSet(this, WHEEL, CANCELLED)) {
                return CANCELLED_IN_WHEEL;
            }
            if (now != QUEUED && now != WHEEL) {
                return NOT_CANCELLED; // a failed compare-and-set means it moved on: look again
            }
        }
    }

    /** Timer thread: @return whether it goes into the wheel (false: it was cancelled while queued) */
    boolean admit() {
        return STATE.compareAndSet(this, QUEUED, WHEEL);
    }

    /** Timer thread: @return whether it may fire now (a periodic one stays in the wheel for its next time) */
    boolean fire() {
        return periodNs > 0 ? state == WHEEL : STATE.compareAndSet(this, WHEEL, FIRED);
    }

    /** @return whether it may still fire */
    boolean isPending() {
        return state <= WHEEL;
    }
}
