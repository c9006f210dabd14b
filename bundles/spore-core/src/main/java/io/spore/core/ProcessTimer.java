package io.spore.core;

import io.spore.api.Pid;
import io.spore.api.Ref;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One timer of a process ({@code sendAfter}, {@code sendEvery}, a receive timeout): what to send to whom when it
 * fires, and whether it still may. Its state moves once from pending to fired or cancelled (a periodic one stays
 * pending until cancelled), by compare-and-set, so a cancel and a firing that race agree on which one won.
 *
 * <p>It is also its own entry in the {@link TimerWheel}: the links and the slot are the timer thread's alone.
 *
 * <p>Threading: the state is any thread's; the rest is set before the timer is handed to the timer thread.
 */
final class ProcessTimer {
    static final int PENDING = 0;
    static final int FIRED = 1;
    static final int CANCELLED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ProcessTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Ref ref;
    final Pid owner;
    final Pid to;
    final Object message;
    /** 0 for a timer that fires once; else the period, in nanoseconds. */
    final long periodNs;
    /** Whether it is its owner's receive timeout, which goes straight to the owner's mailbox when it fires. */
    final boolean receiveTimeout;
    private volatile int state = PENDING;

    // The timer thread's.
    long deadlineNs;
    ProcessTimer previous;
    ProcessTimer next;
    /** The tick whose slot holds it. */
    long slotTick;
    /** Whether the wheel holds it. */
    boolean linked;

    ProcessTimer(Ref ref, Pid owner, Pid to, Object message, long deadlineNs, long periodNs) {
        this(ref, owner, to, message, deadlineNs, periodNs, false);
    }

    private ProcessTimer(Ref ref, Pid owner, Pid to, Object message, long deadlineNs, long periodNs,
                         boolean receiveTimeout) {
        this.ref = ref;
        this.owner = owner;
        this.to = to;
        this.message = message;
        this.deadlineNs = deadlineNs;
        this.periodNs = periodNs;
        this.receiveTimeout = receiveTimeout;
    }

    /** @return the receive timeout of {@code owner}, whose message is {@code timeout}, due at {@code deadlineNs} */
    static ProcessTimer receiveTimeout(Ref ref, Pid owner, Object timeout, long deadlineNs) {
        return new ProcessTimer(ref, owner, owner, timeout, deadlineNs, 0, true);
    }

    /** @return whether this call cancelled it: it had not fired (a periodic timer: it fires no more) */
    boolean cancel() {
        return STATE.compareAndSet(this, PENDING, CANCELLED);
    }

    /** Timer thread: @return whether it may fire now (a periodic one stays pending for its next time) */
    boolean fire() {
        return periodNs > 0 ? state == PENDING : STATE.compareAndSet(this, PENDING, FIRED);
    }

    boolean isPending() {
        return state == PENDING;
    }
}
