package io.spore.core.spi;

import io.spore.api.NodeName;

/** Hears of other nodes connecting and disconnecting; see {@link NodeMonitoring#addConnectionListener}. */
public interface ConnectionListener {
    /**
     * {@code node} (incarnation {@code creation}) completed its handshake.
     *
     * @param node     the node now connected
     * @param creation its incarnation, from its handshake
     */
    void nodeUp(NodeName node, int creation);

    /**
     * {@code node}, which was up, went down (goodbye, missed heartbeats, or a failed connection).
     *
     * @param node the node no longer connected
     */
    void nodeDown(NodeName node);
}
