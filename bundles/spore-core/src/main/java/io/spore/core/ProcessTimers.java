package io.spore.core;

import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The timers one process started, by ref, so that it can cancel them and so that they end with it. A timer that
 * fired stays here until the map grows past twice what it held after the last clean-up, then is dropped, so a
 * process that keeps starting timers holds only those still pending, plus as many again at most.
 *
 * <p>Threading: the process's own turn only.
 */
final class ProcessTimers {
    /** The shortest period of {@code sendEvery}: a timer fires at most once a tick. */
    static final Duration MIN_PERIOD = Duration.ofNanos(TimerWheel.TICK_NS);

    private final Map<Ref, ProcessTimer> byRef = new HashMap<>(4);
    private int cleanAt = 16;

    /** Starts a timer from {@code owner}; {@code periodNs} 0 for one that fires once. */
    ProcessTimer start(TimerService service, Ref ref, Pid owner, Pid to, Object message, long delayNs,
                       long periodNs) {
        if (byRef.size() >= cleanAt) {
            byRef.values().removeIf(timer -> !timer.isPending());
            cleanAt = Math.max(16, byRef.size() * 2);
        }
        ProcessTimer timer = new ProcessTimer(ref, owner, to, message, service.nowNs() + delayNs, periodNs);
        byRef.put(ref, timer);
        service.schedule(timer);
        return timer;
    }

    /** @return whether the timer {@code ref} was cancelled before it fired */
    boolean cancel(TimerService service, Ref ref) {
        ProcessTimer timer = byRef.remove(ref);
        return timer != null && service.cancel(timer);
    }

    /** The process ended: none of its timers fires any more. */
    void cancelAll(TimerService service) {
        byRef.values().forEach(service::cancel);
        byRef.clear();
    }

    /** @return the delay in nanoseconds, or INVALID_ARGUMENT for a negative one */
    static long delayNs(Duration delay, String what) {
        if (delay == null || delay.isNegative()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, what + " must be zero or more, not "
                + delay);
        }
        return saturatedNanos(delay);
    }

    /** @return the period in nanoseconds, or INVALID_ARGUMENT for one under {@link #MIN_PERIOD} */
    static long periodNs(Duration period) {
        if (period == null || period.compareTo(MIN_PERIOD) < 0) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the period of sendEvery must be at"
                + " least " + MIN_PERIOD.toMillis() + " ms, not " + period);
        }
        return saturatedNanos(period);
    }

    /** A delay of centuries is as good as forever: capped rather than overflowing the clock's arithmetic. */
    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(Duration.ofDays(365 * 100)) > 0 ? Duration.ofDays(365 * 100).toNanos()
            : duration.toNanos();
    }
}
