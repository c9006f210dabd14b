package io.spore.core;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hashed timing wheel (Varghese and Lauck's scheme, as in Agrona's {@code DeadlineTimerWheel} and Netty's
 * {@code HashedWheelTimer}): {@link #SLOTS} slots of {@link #TICK_NS} each, a timer in the slot of its deadline's
 * tick, linked through itself, so adding and removing cost the same whatever the number of timers, and a timer
 * costs its own object and nothing more. A timer further away than one turn of the wheel waits in its slot for the
 * turn in which it is due.
 *
 * <p>Each slot remembers the earliest deadline added to it since it was last swept, so the timer thread can sleep
 * until the next deadline instead of waking every tick: a node with a million timers due in an hour sleeps for an
 * hour. A removal leaves that bound as it was; it can only wake the thread early, never late.
 *
 * <p>Threading: the timer thread's alone.
 */
final class TimerWheel {
    /** One tick: timers fire within about this much of their deadline. */
    static final long TICK_NS = 1_000_000;
    /** Slots in the wheel: one turn is 4.096 s. */
    static final int SLOTS = 4096;
    private static final int MASK = SLOTS - 1;

    private final ProcessTimer[] heads = new ProcessTimer[SLOTS];
    private final long[] earliest = new long[SLOTS];
    /** The tick up to which every timer has fired (the current tick's slot may still hold some due later in it). */
    private long sweptTick;
    private int size;

    TimerWheel(long nowNs) {
        this.sweptTick = nowNs / TICK_NS;
        Arrays.fill(earliest, Long.MAX_VALUE);
    }

    /** @return how many timers the wheel holds */
    int size() {
        return size;
    }

    void add(ProcessTimer timer) {
        long tick = Math.max(timer.deadlineNs / TICK_NS, sweptTick + 1);
        int slot = (int) (tick & MASK);
        timer.slotTick = tick;
        ProcessTimer head = heads[slot];
        timer.previous = null;
        timer.next = head;
        if (head != null) {
            head.previous = timer;
        }
        heads[slot] = timer;
        timer.linked = true;
        earliest[slot] = Math.min(earliest[slot], timer.deadlineNs);
        size++;
    }

    void remove(ProcessTimer timer) {
        if (!timer.linked) {
            return;
        }
        int slot = slotOf(timer);
        if (timer.previous == null) {
            heads[slot] = timer.next;
        } else {
            timer.previous.next = timer.next;
        }
        if (timer.next != null) {
            timer.next.previous = timer.previous;
        }
        timer.previous = null;
        timer.next = null;
        timer.linked = false;
        size--;
    }

    /**
     * Takes every timer due at {@code nowNs} out of the wheel and hands it to {@code due}, which may add it again
     * (a periodic timer). Sweeps each tick since the last sweep, at most one whole turn, and the current tick again
     * next time: a timer due later in the current tick stays in its slot, and must not wait a whole turn for it.
     */
    void expire(long nowNs, Consumer<ProcessTimer> due) {
        long nowTick = nowNs / TICK_NS;
        long from = Math.max(sweptTick + 1, nowTick - MASK);
        sweptTick = nowTick - 1;
        for (long tick = from; tick <= nowTick; tick++) {
            sweep((int) (tick & MASK), nowNs, due);
        }
    }

    private void sweep(int slot, long nowNs, Consumer<ProcessTimer> due) {
        ProcessTimer timer = heads[slot];
        earliest[slot] = Long.MAX_VALUE; // recomputed from what stays, and from what due adds back here
        while (timer != null) {
            ProcessTimer next = timer.next;
            if (timer.deadlineNs <= nowNs) {
                remove(timer);
                due.accept(timer);
            } else {
                earliest[slot] = Math.min(earliest[slot], timer.deadlineNs);
            }
            timer = next;
        }
    }

    /**
     * @return when {@link #expire} next has something to do: the earliest deadline any timer may have (a timer added
     *         when it was due already waits in the current tick's slot); {@link Long#MAX_VALUE} for none
     */
    long nextSweepNs() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (long bound : earliest) {
            next = Math.min(next, bound);
        }
        return Math.max(next, (sweptTick + 1) * TICK_NS);
    }

    private static int slotOf(ProcessTimer timer) {
        return (int) (timer.slotTick & MASK);
    }
}
