package io.spore.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The node's one timer thread: every process timer ({@code sendAfter}, {@code sendEvery}, receive timeouts) waits
 * in its {@link TimerWheel}, and the thread sleeps until the next one is due. Not a thread per timer, not a
 * scheduled executor's heap per process: a timer costs its own object, and nothing while it waits.
 *
 * <p>Processes hand timers over at the end of a turn ({@link ProcessTimers#flush}), as one chain pushed on a stack
 * of requests that links the timers through themselves (a Treiber stack the thread empties at once), so a hand-over
 * allocates nothing and costs one compare-and-set however many timers it carries. A process cancels a timer by
 * compare-and-set on the timer itself ({@link ProcessTimer#cancel}), which decides at once whether it fired; one
 * cancelled in the wheel goes through the stack again, so that the wheel lets go of it. A process wakes the thread
 * only when its timer is due before the thread means to wake, or when many requests wait.
 *
 * <p>Threading: {@link #submit} from any thread; the wheel is the timer thread's.
 */
final class TimerService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TimerService.class.getName());
    /**
     * Requests that may wait before the thread is woken to take them, so a burst of cancels cannot pile up. Under
     * {@link ProcessTimers#SPARES_MAX}, so that what the thread gives back after a wake fits in its process's spares.
     */
    static final int WAKE_AFTER_REQUESTS = 512;

    private static final VarHandle REQUESTS;

    static {
        try {
            REQUESTS = MethodHandles.lookup().findVarHandle(TimerService.class, "requests", ProcessTimer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The top of the request stack, linked through {@link ProcessTimer#nextRequest}. */
    @SuppressWarnings("unused") // through REQUESTS
    private volatile ProcessTimer requests;
    private final Consumer<ProcessTimer> fire;
    private final NanoClock clock;
    private final Thread thread;
    private final TimerWheel wheel;
    /** When the thread means to wake; {@link Long#MIN_VALUE} while it is awake. */
    private volatile long wakeAtNs = Long.MIN_VALUE;
    private volatile boolean running = true;
    /** The wheel's size after the timer thread's last turn. */
    private volatile int wheelSize;

    /**
     * @param name  the thread's name
     * @param clock the node's clock
     * @param fire  sends a timer's message; called on the timer thread, never throws
     */
    TimerService(String name, NanoClock clock, Consumer<ProcessTimer> fire) {
        this.fire = fire;
        this.clock = clock;
        this.wheel = new TimerWheel(clock.nanoTime());
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return the node's time now, on which timers' deadlines are counted */
    long nowNs() {
        return clock.nanoTime();
    }

    /**
     * Any thread: hands over the chain {@code first} to {@code last} (through {@link ProcessTimer#nextRequest}) of
     * {@code count} timers: new ones ({@link ProcessTimer#QUEUED}), which fire at their deadline (and then every
     * period, if they have one) unless cancelled, and ones cancelled in the wheel, which it lets go of.
     *
     * @param earliestNs the earliest deadline among the new ones, {@link Long#MAX_VALUE} for none
     */
    void submit(ProcessTimer first, ProcessTimer last, int count, long earliestNs) {
        ProcessTimer top;
        do {
            top = requests;
            last.nextRequest = top;
            first.requestDepth = (top == null ? 0 : top.requestDepth) + count; // a hint: top may be taken meanwhile
        } while (!REQUESTS.compareAndSet(this, top, first));
        if (earliestNs < wakeAtNs || first.requestDepth >= WAKE_AFTER_REQUESTS) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (running) {
            try {
                turn();
            } catch (RuntimeException e) {
                // A timer thread that dies takes every later timer with it: log, and carry on with the next turn.
                LOG.log(System.Logger.Level.ERROR, "the timer thread's turn failed; timers carry on", e);
            }
        }
    }

    private void turn() {
        takeRequests();
        wheel.expire(clock.nanoTime(), this::due);
        wheelSize = wheel.size();
        long next = wheel.nextSweepNs();
        wakeAtNs = next;
        // A request pushed after takeRequests saw the stack empty, but before wakeAtNs was set, is seen here: its
        // push came before its read of wakeAtNs, which came before this read of the stack.
        if (requests == null && running) {
            if (next == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long sleepNs = next - clock.nanoTime();
                if (sleepNs > 0) {
                    LockSupport.parkNanos(this, sleepNs);
                }
            }
        }
        wakeAtNs = Long.MIN_VALUE;
    }

    private void takeRequests() {
        ProcessTimer timer = (ProcessTimer) REQUESTS.getAndSet(this, null);
        while (timer != null) {
            // Read and cleared before admit: once the timer is in the wheel its process may link it again.
            ProcessTimer next = timer.nextRequest;
            timer.nextRequest = null;
            if (timer.linked) {
                wheel.remove(timer); // cancelled in the wheel
                timer.home.giveBack(timer);
            } else if (timer.admit()) {
                wheel.add(timer);
            } else {
                // Cancelled before it got here, or a periodic one cancelled while it fired: nothing holds it now.
                timer.home.giveBack(timer);
            }
            timer = next;
        }
    }

    private void due(ProcessTimer timer) {
        if (!timer.fire()) {
            return;
        }
        fire.accept(timer);
        if (timer.periodNs > 0 && timer.state() == ProcessTimer.WHEEL) {
            timer.deadlineNs += timer.periodNs;
            wheel.add(timer);
        }
    }

    /**
     * For tests and tools: wakes the thread, so that it takes the requests that wait, and returns how many timers
     * the wheel held after its last turn.
     */
    int pending() {
        LockSupport.unpark(thread);
        return wheelSize;
    }

    /** Stops the thread; timers still pending never fire. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
