package io.spore.api.supervisor;

import java.util.ArrayDeque;

/**
 * Counts restarts in a sliding window: more than {@code max} within the period and the supervisor gives up (OTP's
 * intensity and period). Also says how long the next restart waits when the spec has a backoff.
 */
final class RestartIntensity {
    private final int max;
    private final long periodNs;
    private final long backoffInitialNs;
    private final long backoffMaxNs;
    /** When the restarts within the window happened, oldest first. */
    private final ArrayDeque<Long> timesNs = new ArrayDeque<>();

    RestartIntensity(SupervisorSpec spec) {
        this.max = spec.maxRestarts();
        this.periodNs = spec.period().toNanos();
        this.backoffInitialNs = spec.backoffInitial().toNanos();
        this.backoffMaxNs = spec.backoffMax().toNanos();
    }

    /** Records a restart now. @return whether it is within the intensity; false: give up */
    boolean allow() {
        long nowNs = System.nanoTime();
        while (!timesNs.isEmpty() && nowNs - timesNs.peekFirst() >= periodNs) {
            timesNs.pollFirst();
        }
        timesNs.addLast(nowNs);
        return timesNs.size() <= max;
    }

    /** @return how long the restart just allowed waits: doubling per restart in the window, within the bounds */
    long backoffNs() {
        if (backoffInitialNs == 0) {
            return 0;
        }
        int doublings = Math.min(Math.max(timesNs.size() - 1, 0), 62);
        long delayNs = backoffInitialNs << doublings;
        return delayNs <= 0 || delayNs > backoffMaxNs || (delayNs >> doublings) != backoffInitialNs
            ? backoffMaxNs : delayNs;
    }

    @Override
    public String toString() {
        return max + " restarts in " + periodNs / 1_000_000 + " ms";
    }
}
