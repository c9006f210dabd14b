package io.spore.core;

import io.spore.api.Node;
import io.spore.core.spi.ConnectionListener;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.TrafficStats;

/**
 * A node's {@link NodeMonitoring}. The traffic with other nodes is the transport's own count (it counts each frame
 * once, as it leaves or arrives), read through the attached router's statistics; what routers detached since the
 * node started had counted is kept, so the figures cover the node's whole life. Listeners of nodes coming and going
 * are told by {@link SporeNetwork}. Nothing here sits on the node's paths.
 */
final class NodeMonitor implements NodeMonitoring {
    private final Node node;
    private final SporeNetwork network;
    private final LocalRouter router;
    private final long startTimeMs = System.currentTimeMillis();
    /** The traffic of routers detached so far; guarded by {@code this}. */
    private TrafficStats detached = TrafficStats.NONE;

    NodeMonitor(Node node, SporeNetwork network, LocalRouter router) {
        this.node = node;
        this.network = network;
        this.router = router;
    }

    /** {@code remote} is being detached: what it counted stays in the node's figures. */
    synchronized void detaching(RemoteRouter remote) {
        detached = detached.plus(remote.statistics().traffic());
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public long startTimeMs() {
        return startTimeMs;
    }

    @Override
    public synchronized TrafficStats traffic() {
        RemoteRouter remote = router.remote();
        return remote == null ? detached : detached.plus(remote.statistics().traffic());
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        network.addListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        network.removeListener(listener);
    }
}
