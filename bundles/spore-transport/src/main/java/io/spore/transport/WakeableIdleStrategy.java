package io.spore.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An idle strategy that another thread can cut short ({@link #wake()}), that tells when its thread did work after a
 * quiet while ({@code afterWork}), and that, given a {@link Doze}, lets a quiet thread doze instead of backing off.
 *
 * <p>Why wakes: the default backoff parks for up to 1 ms, and a park, however short it is asked to be, lasts at least
 * the kernel's timer slack (about 50 µs). A lone frame (an exit signal after a quiet while, a supervisor's spawn
 * request) waited for up to three parked threads in turn: the sender's media driver, the receiver's driver and the
 * receiver's transport agent. A sender wakes its own driver after an offer, and a driver that did work after a quiet
 * while wakes the transport agent.
 *
 * <p>Why dozing: a thread that only backs off wakes a thousand times a second when idle, and after each piece of work
 * (a peer's heartbeat, an Aeron status message) spins and yields again before it parks; on a host of idle nodes that
 * cost each node a quarter of a core. Once the thread has had nothing to do for {@link #QUIET_NS} it dozes: it waits
 * up to {@link #DOZE_NS} in its {@link Doze}, and after a piece of work goes straight back to dozing, without the
 * spins and yields. Only wakes that follow each other closely ({@link #QUICK_WAKES} in a row, each within
 * {@link #QUICK_WAKE_GAP_NS} of the one before: a call's round trip, a stream) bring back the backoff, which reacts
 * faster. So heartbeats cost a wake each, and a call after a quiet while pays a wake per thread on its way (tens of
 * microseconds), never a park's length.
 *
 * <p>No wake is lost: the thread raises {@code mayPark} in an idle cycle and looks for work once more before it parks
 * or dozes, so a frame offered after that last look finds the flag up, and the waker's unpark (or the selector's
 * wake-up) is kept until the park or doze, which then returns at once; a frame offered before the flag is up is seen
 * by that last look. The flag stays up from the first doze until the thread leaves dozing. A wake costs the waker
 * one volatile read while the thread works, spins or yields, outside a doze.
 *
 * <p>Threading: {@link #idle} on the thread it paces; {@link #wake()} from any thread.
 */
final class WakeableIdleStrategy implements IdleStrategy {
    /** Quiet this long (no work in any duty cycle) and the thread dozes. */
    static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * The longest doze: how late a dozing thread's own timers may run, and how often an idle thread wakes. For the
     * embedded driver, whose timers are Aeron's (a publication's heartbeat every 100 ms, a status message every 200
     * ms, NAKs and retransmits after a loss): late heartbeats cost nothing while images live for seconds, and a loss
     * recovered a doze later happens only on a link this quiet. The agent's doze follows its own heartbeat interval
     * ({@link IdleWakes#agentIdle}).
     */
    static final long DOZE_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The doze while the thread is asked to stay awake ({@link #stayAwake}): the driver's conductor answers an
     * Aeron client's command (a new publication) within this, as it did when it only ever parked up to 1 ms.
     */
    static final long AWAKE_DOZE_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A wake this soon after the one before counts towards leaving the doze. */
    static final long QUICK_WAKE_GAP_NS = TimeUnit.MICROSECONDS.toNanos(500);
    /**
     * Quick wakes in a row that end the doze: the traffic is no longer a heartbeat now and then. More than a round of
     * heartbeats brings: a node's peers' heartbeats arrive together, since they fall due together (on one host at the
     * same instant, {@link Liveness#nextBeatNs}), and with 4 a round of them from four peers ended the agent's doze
     * three times a second, each time for a backoff's spins and yields; a stream or back-to-back calls still end it
     * within their first millisecond or so.
     */
    static final int QUICK_WAKES = 16;
    /** Dozes in a row that found a socket ready and yet no work: then this doze parks (see {@link #dozeOnce}). */
    private static final int FRUITLESS_DOZES = 3;

    private final IdleStrategy idle;
    /** Idle duty cycles before {@link #idle} may park: a backoff's spins and yields, which need no wake. */
    private final long idleCyclesBeforePark;
    private final Runnable afterWork;
    private final Runnable afterBusyWork;
    private final Runnable wentIdle;
    /** How to doze; null: never dozes, backs off only. */
    private final Doze doze;
    private final long dozeNs;
    /** Until when (a {@link System#nanoTime()}) the thread dozes only {@link #AWAKE_DOZE_NS} at a time. */
    private volatile long awakeUntilNs = System.nanoTime();
    private volatile Thread thread;
    /**
     * Raised from an idle cycle before the thread may park or doze until it works again; a waker wakes it only then.
     */
    private volatile boolean mayPark;
    private long idleCycles;
    /** Wakes that found the thread parking or dozing, counted by the wakers; and how many the thread has seen. */
    private final AtomicLong wakes = new AtomicLong();
    private long wakesSeen;
    /** Written on transitions only; read by other threads in {@link #wakeIfDozing()}. */
    private volatile boolean dozing;
    private boolean worked;
    private boolean wokeFromDoze;
    private long quietSinceNs;
    private long lastWakeNs;
    private int quickWakes;
    private int fruitless;
    private boolean lastDozeFoundReady;
    /** The doze after the thread began dozing is short (see {@link #dozeOnce}). */
    private boolean firstDoze;

    /**
     * A strategy that backs off only, never dozes.
     *
     * @param idle                 the strategy that decides how to wait
     * @param idleCyclesBeforePark idle duty cycles before {@code idle} may park ({@link
     *                             IdleStrategies#idleCyclesBeforePark}): before that the thread spins or yields and
     *                             needs no wake, and a waker pays nothing
     * @param afterWork            run on the thread after a duty cycle that did work following idle ones enough
     *                             to park (a quiet while); must not block
     */
    WakeableIdleStrategy(IdleStrategy idle, long idleCyclesBeforePark, Runnable afterWork) {
        this(idle, idleCyclesBeforePark, afterWork, () -> {
        }, () -> {
        }, null, DOZE_NS);
    }

    /**
     * @param idle                 the strategy that decides how to wait while the thread is not dozing
     * @param idleCyclesBeforePark as above
     * @param afterWork            as above; also run after each wake from a doze that found work
     * @param afterBusyWork        run after any other duty cycle that did work (the driver wakes a dozing agent
     *                             here: an agent dozes on its own quiet, which the driver's busy while need not end);
     *                             must not block, and should cost little
     * @param wentIdle             run on the thread in the first idle cycle after one that did work (the agent
     *                             wakes the driver here, to send what it offered); must not block
     * @param doze                 how to doze once quiet; null never to doze
     * @param dozeNs               the longest doze: {@link #DOZE_NS} for the driver's threads, whose timers are
     *                             Aeron's; the agent's own ({@link IdleWakes#agentIdle})
     */
    WakeableIdleStrategy(IdleStrategy idle, long idleCyclesBeforePark, Runnable afterWork, Runnable afterBusyWork,
                         Runnable wentIdle, Doze doze, long dozeNs) {
        this.idle = idle;
        this.idleCyclesBeforePark = idleCyclesBeforePark;
        this.afterWork = afterWork;
        this.afterBusyWork = afterBusyWork;
        this.wentIdle = wentIdle;
        this.doze = doze;
        this.dozeNs = dozeNs;
    }

    /** Cuts the thread's park or doze short, if it may be in one; otherwise does nothing. Safe from any thread. */
    void wake() {
        if (mayPark) {
            wakes.getAndIncrement();
            Thread sleeper = thread;
            (doze != null ? doze : Doze.PARK).wake(sleeper); // a backoff's park is cut short by an unpark
        }
    }

    /**
     * Keeps the thread's dozes short ({@link #AWAKE_DOZE_NS}) for the next {@code forNs}, and wakes it: called before
     * work arrives that no socket or wake announces, such as an Aeron client's command to the embedded driver's
     * conductor, whose answer the client waits for. Safe from any thread.
     */
    void stayAwake(long forNs) {
        awakeUntilNs = System.nanoTime() + forNs;
        wake();
    }

    /**
     * Ends the thread's doze, if it is dozing; otherwise does nothing (not even cut a backoff's park short). Costs
     * two volatile reads while the thread is not dozing. Safe from any thread.
     */
    void wakeIfDozing() {
        if (dozing && mayPark) {
            wakes.getAndIncrement();
            doze.wake(thread);
        }
    }

    /** @return whether the thread is dozing */
    boolean isDozing() {
        return dozing;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            worked(workCount);
            return;
        }
        if (worked) {
            worked = false;
            wentIdle.run();
        }
        if (dozing) {
            dozeOnce();
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
            mayPark = true; // the next cycle looks once more, then may park
            quietSinceNs = System.nanoTime();
            idle.idle(0);
            return;
        }
        if (doze != null && System.nanoTime() - quietSinceNs >= QUIET_NS) {
            dozing = true;
            firstDoze = true;
            quickWakes = 0;
            lastWakeNs = System.nanoTime();
            return; // mayPark is up and this cycle's look comes before the first doze
        }
        idle.idle(0);
    }

    private void worked(int workCount) {
        if (dozing) {
            if (wokeFromDoze) {
                wokeFromDoze = false;
                long nowNs = System.nanoTime();
                quickWakes = nowNs - lastWakeNs < QUICK_WAKE_GAP_NS ? quickWakes + 1 : 0;
                lastWakeNs = nowNs;
                if (quickWakes >= QUICK_WAKES) {
                    dozing = false; // busy again: back to the backoff, from its spins
                    mayPark = false;
                    idle.reset();
                }
                afterWork.run();
            } else {
                afterBusyWork.run();
            }
            fruitless = 0;
        } else if (idleCycles > idleCyclesBeforePark) {
            // Only after a quiet while: in a stream the driver works in most cycles, and waking the agent after each
            // idle one kept it yielding on cores the workers needed (streams met back-pressure more often).
            afterWork.run();
        } else {
            afterBusyWork.run();
        }
        idleCycles = 0;
        worked = true;
        if (!dozing) {
            if (mayPark) {
                mayPark = false;
            }
            idle.idle(workCount);
        }
    }

    /**
     * One idle cycle while dozing: dozes. {@code mayPark} stays up while the thread dozes, even while it works between
     * two dozes (each wake then costs its waker a system call, which traffic this sparse affords), so the cycle that
     * found no work was the last look, and no further look is needed before the doze. A socket that stays ready
     * while the driver finds nothing to do would make the selector return at once, each time: after a few such dozes, one parks for a millisecond instead (a park no datagram
     * ends, so a short one).
     *
     * <p>The first doze after the thread began dozing is short too. A waker reads the thread's flags after it made
     * the work (a frame, an image's data) visible, but nothing orders its read after that write, so at the very
     * moment the thread begins to doze a waker may still see it awake while the thread's last look misses the work;
     * the short first doze bounds what such a wake costs, and from then on the flags have been up for longer than
     * any write takes to become visible.
     */
    private void dozeOnce() {
        long woken = wakes.get();
        if (woken != wakesSeen) {
            // A wake came since the last doze: the unpark it left may have gone to a lock's park in the duty cycle
            // (a lost unpark cost the agent's whole doze, an answer waiting 100 ms), so look once more first.
            wakesSeen = woken;
            wokeFromDoze = true;
            return;
        }
        long timeoutNs = firstDoze || System.nanoTime() - awakeUntilNs < 0 ? AWAKE_DOZE_NS : dozeNs;
        firstDoze = false;
        if (lastDozeFoundReady && ++fruitless >= FRUITLESS_DOZES) {
            fruitless = 0;
            lastDozeFoundReady = false;
            Doze.PARK.doze(AWAKE_DOZE_NS);
        } else {
            lastDozeFoundReady = doze.doze(timeoutNs) > 0;
        }
        wokeFromDoze = true;
    }

    @Override
    public void idle() {
        idle.idle();
    }

    @Override
    public void reset() {
        idleCycles = 0;
        mayPark = false;
        dozing = false;
        idle.reset();
    }

    @Override
    public String alias() {
        return idle.alias();
    }

    @Override
    public String toString() {
        return idle + (doze == null ? " (wakeable)" : " (wakeable, dozing on " + doze + ")");
    }
}
