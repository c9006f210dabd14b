package io.spore.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an invoked media driver ({@link InvokedDriver}) when no transport thread has run it for a while: a thread that
 * wakes every {@link #CHECK_INTERVAL_MS} ms and runs one duty cycle if none ran since it last looked.
 *
 * <p>Why: in the {@code INVOKER} threading mode the transport agent runs the driver, so an agent held up (a frame
 * whose delivery blocks, in a test a receiver stalled on purpose) held the driver up with it, and with it Aeron's own
 * traffic: no status messages, so a peer's publication counted no receivers after 5 s and took frames it could not
 * send instead of back-pressuring its sender, and no keepalives from the Aeron client, which the driver drops after
 * its liveness timeout. Kept running, the driver answers as it does on its own thread: a stalled receiver's peers are
 * back-pressured, as in the shared mode. Ten wakes a second cost nothing measurable when idle, and a driver run every
 * 100 to 200 ms is well inside every Aeron timeout (status messages every 200 ms, 5 s to a publication's dropping out).
 *
 * <p>Threading: its own daemon thread; {@link #close()} from any thread. It never interrupts that thread: an
 * interrupt during a duty cycle would close the driver's log buffers' file channels.
 */
final class DriverKeeper implements AutoCloseable {
    /** How often it looks whether the driver ran. */
    static final long CHECK_INTERVAL_MS = 100;
    private static final long JOIN_TIMEOUT_MS = 1_000;

    private final InvokedDriver driver;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param driver   the invoked driver to keep running
     * @param nodeName for the thread's name
     */
    DriverKeeper(InvokedDriver driver, String nodeName) {
        this.driver = driver;
        this.thread = new Thread(this::keep, "spore-driver-keeper-" + nodeName);
        thread.setDaemon(true);
    }

    /** @return this, its thread started */
    DriverKeeper start() {
        thread.start();
        return this;
    }

    private void keep() {
        int seen = driver.runs();
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MS));
            if (closed) {
                return;
            }
            if (driver.runs() == seen) {
                driver.invoke(); // skipped if a transport thread has it now: then it runs anyway
            }
            seen = driver.runs();
        }
    }

    /** Stops the thread and waits for it, without interrupting it, before the driver may close. Idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (thread == Thread.currentThread()) {
            return;
        }
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MS);
        boolean interrupted = false;
        while (thread.isAlive() && System.nanoTime() - deadlineNs < 0) {
            try {
                thread.join(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                interrupted = true; // the caller's interrupt is kept for it; the wait goes on to its deadline
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
