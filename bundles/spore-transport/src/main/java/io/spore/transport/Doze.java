package io.spore.transport;

import java.util.concurrent.locks.LockSupport;

/**
 * How a transport thread that has been quiet for a while waits for its next work ({@link WakeableIdleStrategy}), and
 * how another thread cuts that wait short.
 *
 * <p>Why a doze beside the backoff's parks: a backoff parks for at most 1 ms, so an idle thread still wakes a
 * thousand times a second, and after each piece of work (a peer's heartbeat) it spins and yields before it parks
 * again. On a host of idle nodes that was a quarter of a core per node. A dozing thread sleeps for up to
 * {@link WakeableIdleStrategy#DOZE_NS} (the agent up to {@link IdleWakes#AGENT_DOZE_NS}) and is woken by what brings
 * it work instead: the embedded driver's thread by a datagram on its sockets or a frame offered in this JVM
 * ({@link SocketDoze}), the transport agent by the driver after a peer's frames arrived, by a command or by a staged
 * frame ({@link #PARK}).
 *
 * <p>Threading: {@link #doze} on the thread that dozes; {@link #wake} from any thread.
 */
interface Doze {
    /** Dozes by parking: woken by {@link LockSupport#unpark}, which {@link #wake} is. */
    Doze PARK = parking(() -> 0);

    /**
     * Dozes by parking, no longer than {@code boundNs} gives when it is positive: the transport agent's doze is
     * bounded by {@link AgentDozeBound} (a helper's grace, a frame waiting for the driver).
     *
     * @param boundNs the longest doze that suits the thread now, in nanoseconds; 0 or less for no bound
     * @return the doze
     */
    static Doze parking(java.util.function.LongSupplier boundNs) {
        return new Doze() {
            @Override
            public int doze(long timeoutNs) {
                long bound = boundNs.getAsLong();
                LockSupport.parkNanos(this, bound > 0 ? Math.min(bound, timeoutNs) : timeoutNs);
                return 0;
            }

            @Override
            public void wake(Thread sleeper) {
                LockSupport.unpark(sleeper);
            }

            @Override
            public String toString() {
                return "park";
            }
        };
    }

    /**
     * Dozes on {@code sockets}, no longer than {@code boundNs} gives when it is positive: the doze of a transport
     * agent that runs the media driver itself ({@link InvokedDriver}), woken by a datagram as the driver's own thread
     * would be. A bound under a millisecond, shorter than a selector waits, parks instead; {@link SocketDoze#wake}
     * ends either.
     */
    static Doze onSockets(SocketDoze sockets, java.util.function.LongSupplier boundNs) {
        long selectorGrainNs = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);
        return new Doze() {
            @Override
            public int doze(long timeoutNs) {
                long bound = boundNs.getAsLong();
                if (bound > 0 && bound < selectorGrainNs) {
                    LockSupport.parkNanos(this, bound);
                    return 0;
                }
                return sockets.doze(bound > 0 ? Math.min(bound, timeoutNs) : timeoutNs);
            }

            @Override
            public void wake(Thread sleeper) {
                sockets.wake(sleeper);
            }

            @Override
            public String toString() {
                return "sockets, bounded";
            }
        };
    }

    /**
     * Waits for up to {@code timeoutNs}, or until woken, or until what the doze watches is ready.
     *
     * @return how many of the watched sources were found ready (0 when it timed out or was woken, or watches none)
     */
    int doze(long timeoutNs);

    /**
     * Ends {@code sleeper}'s doze, or, if it is not dozing yet, its next one at once. Also ends a backoff's park
     * (an unpark), since the thread may be parking rather than dozing when the wake comes.
     */
    void wake(Thread sleeper);
}
