package io.spore.core.spi;

import io.spore.api.Node;

/**
 * What administration tools (the JMX bundle) read from a running node beyond the {@link Node} API: when it
 * started, its traffic with other nodes, and the news of nodes coming and going. Published by the core as an OSGi
 * service next to {@link Node}, with the same {@code spore.node.name} property.
 *
 * <p>Threading: every method is safe from any thread and never blocks.
 */
public interface NodeMonitoring {
    /** @return the node */
    Node node();

    /** @return when the node started, in milliseconds since the epoch */
    long startTimeMs();

    /** @return the traffic with other nodes since the node started; each counter read independently */
    TrafficStats traffic();

    /**
     * Tells {@code listener} of every node that comes up or goes down from now on. Called on the transport's
     * thread: the listener must be quick and must not throw (what it throws is logged and ignored).
     *
     * @param listener the listener to add
     */
    void addConnectionListener(ConnectionListener listener);

    /**
     * Stops telling {@code listener}; unknown listeners are ignored.
     *
     * @param listener the listener to remove
     */
    void removeConnectionListener(ConnectionListener listener);
}
