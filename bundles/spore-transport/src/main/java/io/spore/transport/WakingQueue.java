package io.spore.transport;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The transport agent's inbox (commands, and connections the connector opened): a queue that wakes the agent on
 * each offer, since an agent that dozes ({@link WakeableIdleStrategy}) would otherwise find what was queued only at
 * the end of its doze.
 *
 * <p>Thread-safe: a {@link ConcurrentLinkedQueue}; the wake costs an offerer one volatile read while the agent is
 * awake.
 *
 * @param <E> what is queued
 */
final class WakingQueue<E> extends ConcurrentLinkedQueue<E> {
    private static final long serialVersionUID = 1L;

    private final transient IdleWakes wakes;

    /** @param wakes whose {@link IdleWakes#wakeAgent()} each offer calls */
    WakingQueue(IdleWakes wakes) {
        this.wakes = wakes;
    }

    @Override
    public boolean offer(E element) {
        boolean added = super.offer(element);
        wakes.wakeAgent();
        return added;
    }
}
