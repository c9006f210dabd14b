package io.spore.registry.node;

import io.spore.api.NodeName;
import io.spore.registry.RegistryNode;
import io.spore.transport.discovery.MembershipEvent;
import io.spore.transport.discovery.MembershipListener;
import io.spore.transport.discovery.MembershipWatch;
import io.spore.transport.discovery.NodeDiscovery;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The registry as a discovery provider, {@value #NAME}: a node is where it told the registry it listens (its
 * endpoints, in its join), read from the local replica with no network round trip. Nodes that have not joined, and
 * every node while this node has not joined, are unknown here, so the next provider of the order is asked.
 *
 * <p>Registered as soon as the bundle starts with {@code spore.registry.members}, before the node's transport: a
 * transport whose {@code spore.discovery.order} names {@code registry} waits for the provider, and the node joins
 * only once its transport has bound its endpoint.
 *
 * <p>Threading: every method is safe from any thread; none blocks.
 */
final class RegistryDiscovery implements NodeDiscovery {
    /** Its name in {@code spore.discovery.order}. */
    static final String NAME = "registry";

    private final Supplier<Map<NodeName, RegistryNode>> nodes;
    private final RegistryEvents events;

    /**
     * @param nodes  the replica's nodes now (empty before the node has joined)
     * @param events where the replica's membership changes are told
     */
    RegistryDiscovery(Supplier<Map<NodeName, RegistryNode>> nodes, RegistryEvents events) {
        this.nodes = nodes;
        this.events = events;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<InetSocketAddress> resolve(NodeName node) {
        RegistryNode known = nodes.get().get(node);
        if (known == null) {
            return List.of();
        }
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (String endpoint : known.endpoints()) {
            InetSocketAddress address = endpoint(endpoint);
            if (address != null) {
                endpoints.add(address);
            }
        }
        return endpoints;
    }

    /**
     * @param text {@code host:port}, or {@code [v6]:port}
     * @return the endpoint, unresolved; {@code null} when the text is not one (a node's bad join is skipped)
     */
    static InetSocketAddress endpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port > 0 && port <= 65535 ? InetSocketAddress.createUnresolved(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean listsMembers() {
        return true;
    }

    @Override
    public Set<NodeName> members() {
        return Set.copyOf(nodes.get().keySet());
    }

    @Override
    public MembershipWatch watch(MembershipListener listener) {
        Watch watch = new Watch(listener);
        events.add(watch);
        for (NodeName node : members()) {
            watch.onEvent(new MembershipEvent(NAME, node, true));
        }
        return watch;
    }

    /** One watch: stops its listener when closed, even while an event is being told. */
    private final class Watch implements MembershipWatch, MembershipListener {
        private final MembershipListener listener;
        private volatile boolean closed;

        Watch(MembershipListener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void onEvent(MembershipEvent event) {
            if (!closed) {
                listener.onEvent(event);
            }
        }

        @Override
        public void close() {
            events.remove(this);
            synchronized (this) {
                closed = true;
            }
        }
    }
}
