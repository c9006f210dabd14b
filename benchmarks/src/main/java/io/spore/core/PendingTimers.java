package io.spore.core;

/**
 * For benchmarks: how many timers a node's timer wheel holds. It lives in the core's package because the timer
 * service is the core's own and offers the count to tests and tools only.
 */
public final class PendingTimers {
    private PendingTimers() {
    }

    /**
     * @return the timers in {@code node}'s wheel after its timer thread's last turn (the call wakes that thread, so
     *         that it takes the timers handed to it meanwhile: ask again until the count is what you wait for)
     */
    public static int of(SporeNode node) {
        return node.services().timers.pending();
    }
}
