package io.spore.core;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.core.spi.ConnectionListener;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TrafficStats;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's {@link NodeMonitoring}: it counts the traffic with other nodes by sitting between the node and its
 * transport ({@link ObservedRouter} going out, {@link ObservedInbound} coming in), and tells listeners of nodes
 * coming and going. Kept out of {@link SporeNode} so the node's own paths stay as they were.
 */
final class NodeMonitor implements NodeMonitoring {
    private static final System.Logger LOG = System.getLogger(NodeMonitor.class.getName());

    /** The traffic counts, one tally per thread that sends or receives. */
    private final TrafficTallies tallies = new TrafficTallies();

    private final Node node;
    private final long startTimeMs = System.currentTimeMillis();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    /** Nodes reported up: the transport also reports down nodes that never came up, which listeners never hear. */
    private final Set<NodeName> up = ConcurrentHashMap.newKeySet();

    NodeMonitor(Node node) {
        this.node = node;
    }

    /** @return {@code inbound}, counting what passes through it and telling listeners of nodes up and down */
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
        listeners.addIfAbsent(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    void nodeUp(NodeName remote, int creation) {
        up.add(remote);
        for (ConnectionListener listener : listeners) {
            try {
                listener.nodeUp(remote, creation);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener " + listener + " failed on node up of " + remote, e);
            }
        }
    }

    void nodeDown(NodeName remote) {
        if (!up.remove(remote)) {
            return;
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.nodeDown(remote);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener " + listener + " failed on node down of " + remote, e);
            }
        }
    }
}
