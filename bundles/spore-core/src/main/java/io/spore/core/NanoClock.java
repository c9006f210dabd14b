package io.spore.core;

/**
 * The node's monotonic time, in nanoseconds, as Agrona's {@code NanoClock} is for Aeron's agents: whatever the node
 * measures itself (a remote spawn's expiry on the target, the wait for processes to end, how long a worker lingers on
 * a conversation or a caller spins before it parks) reads this one clock from its {@link NodeContext}, so time has
 * one source that a test can replace. Never the wall clock: a deadline must not move when the system's date does.
 *
 * <p>Threading: any thread.
 */
@FunctionalInterface
interface NanoClock {
    /** The system's monotonic clock, {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** @return nanoseconds since an arbitrary origin; only the difference of two readings means anything */
    long nanoTime();
}
