package io.spore.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The node's one timer thread: every process timer ({@code sendAfter}, {@code sendEvery}, receive timeouts) waits
 * in its {@link TimerWheel}, and the thread sleeps until the next one is due. Not a thread per timer, not a
 * scheduled executor's heap per process: a timer costs its own object, and nothing while it waits.
 *
 * <p>Processes hand timers over through a queue, and cancel them by compare-and-set on the timer itself
 * ({@link ProcessTimer#cancel}), which decides at once whether it fired; the cancelled timer then also goes through
 * the queue, so that the wheel lets go of it. A process wakes the thread only when its timer is due before the
 * thread means to wake, or when many requests wait, so the common schedule and cancel cost a queue offer each.
 *
 * <p>Threading: {@link #schedule} and {@link #cancel} from any thread; the wheel is the timer thread's.
 */
final class TimerService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TimerService.class.getName());
    /** Requests that may wait before the thread is woken to take them, so a burst of cancels cannot pile up. */
    static final int WAKE_AFTER_REQUESTS = 4096;

    private final Queue<ProcessTimer> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingRequests = new AtomicInteger();
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

    /** Any thread: {@code timer} fires at its deadline (and then every period, if it has one) unless cancelled. */
    void schedule(ProcessTimer timer) {
        requests.offer(timer);
        int waiting = waitingRequests.incrementAndGet();
        if (timer.deadlineNs < wakeAtNs || waiting >= WAKE_AFTER_REQUESTS) {
            LockSupport.unpark(thread);
        }
    }

    /** Any thread: @return whether the timer was cancelled by this call, before it fired */
    boolean cancel(ProcessTimer timer) {
        if (!timer.cancel()) {
            return false;
        }
        requests.offer(timer); // the wheel lets go of it at the thread's next wake
        if (waitingRequests.incrementAndGet() >= WAKE_AFTER_REQUESTS) {
            LockSupport.unpark(thread);
        }
        return true;
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
        // A request offered after takeRequests saw the queue empty, but before wakeAtNs was set, is seen here: its
        // offer came before its read of wakeAtNs, which came before this read of the queue.
        if (requests.isEmpty() && running) {
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
        int taken = 0;
        for (ProcessTimer timer = requests.poll(); timer != null; timer = requests.poll()) {
            taken++;
            if (!timer.isPending()) {
                wheel.remove(timer);
            } else if (!timer.linked) {
                wheel.add(timer);
            }
        }
        if (taken > 0) {
            waitingRequests.addAndGet(-taken);
        }
    }

    private void due(ProcessTimer timer) {
        if (!timer.fire()) {
            return;
        }
        fire.accept(timer);
        if (timer.periodNs > 0 && timer.isPending()) {
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
