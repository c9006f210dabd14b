package io.spore.core;

import io.spore.api.Node;
import io.spore.core.spi.ConnectionListener;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TrafficStats;

/**
 * A node's {@link NodeMonitoring}: it counts the traffic with other nodes by sitting between the node and its
 * transport ({@link ObservedRouter} going out, {@link ObservedInbound} coming in); listeners of nodes coming and
 * going are told by {@link SporeNetwork}. Kept out of the node's paths so they stay as they were.
 */
final class NodeMonitor implements NodeMonitoring {
    /** The traffic counts, one tally per thread that sends or receives. */
    private final TrafficTallies tallies = new TrafficTallies();

    private final Node node;
    private final SporeNetwork network;
    private final long startTimeMs = System.currentTimeMillis();

    NodeMonitor(Node node, SporeNetwork network) {
        this.node = node;
        this.network = network;
    }

    /** @return {@code inbound}, counting what passes through it */
    Inbound observe(Inbound inbound) {
        return new ObservedInbound(inbound, this);
    }

    /** @return the calling thread's tally of the traffic counts */
    TrafficTallies.Tally tally() {
        return tallies.mine();
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
    public TrafficStats traffic() {
        return tallies.stats();
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
