package io.spore.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * An idle strategy that another thread can cut short ({@link #wake()}), and that tells when its thread did work after
 * a quiet while ({@code afterWork}): what lets a frame that needs a thread which is parking get that thread now rather
 * than at the end of its park.
 *
 * <p>Why: the default backoff parks for up to 1 ms, and a park, however short it is asked to be, lasts at least the
 * kernel's timer slack (about 50 µs). A lone frame (an exit signal after a quiet while, a supervisor's spawn request)
 * waited for up to three parked threads in turn: the sender's media driver, then the receiver's driver (which cannot
 * be helped: nothing tells it a datagram arrived) and the receiver's transport agent. A sender now wakes its own
 * driver after an offer, and a driver that did work after a quiet while wakes the transport agent, so only the
 * receiving driver's park is left in a one-way trip after a quiet while.
 *
 * <p>A wake costs the waker one volatile read while the thread works or spins, and an unpark (a system call) only
 * once the thread has idled long enough to park (for a strategy other than Spore's backoff, from its first idle
 * cycle: an unpark of a thread that does not park costs little, and one that sleeps is not cut short). No wake is
 * lost: the thread raises {@code mayPark} in the last idle cycle before it may park, so a frame offered after the
 * thread's last look for work, before its park, finds the flag up, and its unpark leaves the permit that makes the
 * park return at once; a frame offered before the flag is up is seen by the look that precedes the park.
 *
 * <p>Threading: {@link #idle} on the thread it paces; {@link #wake()} from any thread.
 */
final class WakeableIdleStrategy implements IdleStrategy {
    private final IdleStrategy idle;
    /** Idle duty cycles before {@link #idle} may park: a backoff's spins and yields, which need no wake. */
    private final long idleCyclesBeforePark;
    private final Runnable afterWork;
    private volatile Thread thread;
    /**
     * Raised from the last idle cycle before the thread may park until it works again; a waker unparks it only then.
     */
    private volatile boolean mayPark;
    private long idleCycles;

    /**
     * @param idle                 the strategy that decides how to wait
     * @param idleCyclesBeforePark idle duty cycles before {@code idle} may park ({@link
     *                             IdleStrategies#idleCyclesBeforePark}): before that the thread spins or yields and
     *                             needs no wake, and a waker pays nothing
     * @param afterWork            run on the thread after a duty cycle that did work following idle ones enough
     *                             to park (a quiet while); must not block
     */
    WakeableIdleStrategy(IdleStrategy idle, long idleCyclesBeforePark, Runnable afterWork) {
        this.idle = idle;
        this.idleCyclesBeforePark = idleCyclesBeforePark;
        this.afterWork = afterWork;
    }

    /** Cuts the thread's park short, if it may be parking; otherwise does nothing. Safe from any thread. */
    void wake() {
        if (mayPark) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            if (idleCycles > idleCyclesBeforePark) {
                // Only after a quiet while: in a stream the driver works in most cycles, and waking the agent after
                // each idle one kept it yielding on cores the workers needed (streams met back-pressure more often).
                afterWork.run();
            }
            idleCycles = 0;
            if (mayPark) {
                mayPark = false;
            }
            idle.idle(workCount);
            return;
        }
        if (++idleCycles < idleCyclesBeforePark) {
            idle.idle(0);
            return;
        }
        if (thread == null) {
            thread = Thread.currentThread();
        }
        if (!mayPark) {
            mayPark = true;
        }
        idle.idle(0);
    }

    @Override
    public void idle() {
        idle.idle();
    }

    @Override
    public void reset() {
        idleCycles = 0;
        mayPark = false;
        idle.reset();
    }

    @Override
    public String alias() {
        return idle.alias();
    }

    @Override
    public String toString() {
        return idle + " (wakeable)";
    }
}
