package io.spore.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timing wheel alone, on a clock the test moves. */
class TimerWheelTest {
    private static final long TICK = TimerWheel.TICK_NS;

    /**
     * Two timers due in the same tick: the thread wakes for the first, mid-tick, and must not leave the second for a
     * whole turn of the wheel (4 s), as it once did.
     */
    @Test
    void aTimerDueLaterInTheTickBeingSweptFiresOnTime() {
        long start = 1_000 * TICK;
        TimerWheel wheel = new TimerWheel(start);
        ProcessTimer early = timer(start + 10 * TICK + TICK / 4);
        ProcessTimer late = timer(start + 10 * TICK + 3 * TICK / 4);
        wheel.add(early);
        wheel.add(late);
        List<ProcessTimer> fired = new ArrayList<>();

        assertEquals(early.deadlineNs, wheel.nextSweepNs(), "the thread sleeps until the first deadline");
        wheel.expire(early.deadlineNs, fired::add);
        assertEquals(List.of(early), fired);
        assertEquals(late.deadlineNs, wheel.nextSweepNs(), "and then until the second, in the same tick");
        wheel.expire(late.deadlineNs, fired::add);
        assertEquals(List.of(early, late), fired);
        assertEquals(0, wheel.size());
        assertEquals(Long.MAX_VALUE, wheel.nextSweepNs());
    }

    /** A timer added when it is due already fires at the next sweep, and timers a turn or more away wait for it. */
    @Test
    void dueTimersFireAtTheNextSweepAndFarOnesWaitForTheirTurn() {
        long now = 5_000 * TICK + TICK / 2;
        TimerWheel wheel = new TimerWheel(now);
        List<ProcessTimer> fired = new ArrayList<>();
        wheel.expire(now, fired::add);
        ProcessTimer overdue = timer(now - 3 * TICK);
        ProcessTimer nextTurn = timer(now + TimerWheel.SLOTS * TICK); // the same slot as now, one turn later
        wheel.add(overdue);
        wheel.add(nextTurn);
        assertTrue(wheel.nextSweepNs() <= now, "the overdue timer wakes the thread at once");
        wheel.expire(now, fired::add);
        assertEquals(List.of(overdue), fired);
        wheel.expire(now + TICK, fired::add);
        wheel.expire(nextTurn.deadlineNs - 1, fired::add);
        assertEquals(List.of(overdue), fired, "not before its deadline");
        wheel.expire(nextTurn.deadlineNs, fired::add);
        assertEquals(List.of(overdue, nextTurn), fired);
    }

    private static ProcessTimer timer(long deadlineNs) {
        ProcessTimer timer = new ProcessTimer(null).reset(1, null, null, "m", 0, 0, false);
        timer.deadlineNs = deadlineNs;
        return timer;
    }
}
