package io.spore.registry.node;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.config.SporeProperties;
import io.spore.core.spi.RemoteRouter;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryNode;
import io.spore.transport.discovery.NodeDiscovery;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The registry bundle's node side in one framework: the {@code registry} discovery provider (registered at once),
 * and, for the framework's node, a {@link RegistryMembership} from when its {@link Node} service appears until it
 * goes, which joins once the node's transport ({@link RemoteRouter}, with its bound port) runs. A framework runs one
 * node; a second {@code Node} service is ignored with a warning.
 *
 * <p>The client uses the media driver of {@code spore.aeron.dir} when the node runs on a shared driver, and embeds
 * its own otherwise (the transport's embedded driver is private to the transport bundle).
 *
 * <p>Threading: the framework's; trackers' callbacks and {@link #close()} are serialised by this object.
 */
final class RegistryNodeSide implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RegistryNodeSide.class.getName());
    /** How often the processes that ended while the registry could not be told are told again. */
    private static final long RETRY_ENDED_SECONDS = 5;

    private final BundleContext context;
    private final String members;
    private final ScheduledExecutorService scheduler;
    private final RegistryEvents events;
    private final NodeClusterRegistry registry;
    private final ServiceRegistration<NodeDiscovery> discovery;
    private final ServiceTracker<Node, Node> nodes;
    private final ServiceTracker<RemoteRouter, ServiceReference<RemoteRouter>> routers;
    private RegistryMembership membership;
    /** Where each node's transport listens, by node name, as its service says. */
    private final Map<NodeName, Listening> listening = new HashMap<>();

    /** Where a node's transport listens: the host other nodes reach it at, and its UDP port. */
    private record Listening(String host, int port) {
    }

    /**
     * Starts the node side: registers the discovery provider and opens the trackers.
     *
     * @param context this bundle's context
     * @param members the registry's members, {@code host:port,...}, checked
     * @return the running node side, to close when the bundle stops
     */
    static AutoCloseable start(BundleContext context, String members) {
        return new RegistryNodeSide(context, members);
    }

    private RegistryNodeSide(BundleContext context, String members) {
        this.context = context;
        this.members = members;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spore-registry-node");
            thread.setDaemon(true);
            return thread;
        });
        long responseTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        NodeClusterRegistry[] self = new NodeClusterRegistry[1];
        this.events = new RegistryEvents(members, () -> scheduler.execute(() -> self[0].retryEnded()));
        this.registry = new NodeClusterRegistry(new RegistryResults(members, responseTimeoutNs), events);
        self[0] = registry;
        this.discovery = context.registerService(NodeDiscovery.class, new RegistryDiscovery(this::replicaNodes,
            events), null);
        scheduler.scheduleWithFixedDelay(registry::retryEnded, RETRY_ENDED_SECONDS, RETRY_ENDED_SECONDS,
            TimeUnit.SECONDS);
        this.nodes = new ServiceTracker<>(context, Node.class, new NodeCustomizer());
        this.routers = new ServiceTracker<>(context, RemoteRouter.class, new RouterCustomizer());
        nodes.open();
        routers.open();
    }

    private Map<NodeName, RegistryNode> replicaNodes() {
        return registry.nodes();
    }

    private RegistryClient.Context settings() {
        RegistryClient.Context settings = new RegistryClient.Context().members(members).listener(events);
        String aeronDir = context.getProperty(SporeProperties.AERON_DIR.name());
        if (aeronDir != null && !aeronDir.isBlank()) {
            settings.aeronDirectoryName(aeronDir);
        }
        return settings;
    }

    private synchronized Node nodeAdded(ServiceReference<Node> reference) {
        Node node = context.getService(reference);
        if (node == null) {
            return null;
        }
        if (membership != null) {
            LOG.log(System.Logger.Level.WARNING, "node " + node.name() + " does not join the registry: this framework's"
                + " node " + membership.node().name() + " has joined it already (one node per framework)");
            context.ungetService(reference);
            return null;
        }
        membership = new RegistryMembership(context, node, settings(), registry, scheduler);
        Listening at = listening.get(node.name());
        if (at != null) {
            membership.listening(at.host(), at.port());
        }
        return node;
    }

    private synchronized void nodeRemoved(ServiceReference<Node> reference, Node node) {
        if (membership != null && membership.node() == node) {
            membership.close();
            membership = null;
        }
        context.ungetService(reference);
    }

    private synchronized void routerChanged(ServiceReference<RemoteRouter> reference) {
        Object name = reference.getProperty(SporeProperties.SERVICE_NODE_NAME);
        Object port = reference.getProperty(SporeProperties.SERVICE_TRANSPORT_PORT);
        if (name == null || !(port instanceof Integer bound)) {
            return;
        }
        NodeName node = NodeName.parse(name.toString());
        Object bind = reference.getProperty(SporeProperties.SERVICE_TRANSPORT_BIND);
        Listening at = new Listening(advertisedHost(node, bind), bound);
        listening.put(node, at);
        if (membership != null && membership.node().name().equals(node)) {
            membership.listening(at.host(), at.port());
        }
    }

    /**
     * @param node the node
     * @param bind the address its endpoint bound, or {@code null}
     * @return the address it bound when that is one host's, else the host of its name
     */
    static String advertisedHost(NodeName node, Object bind) {
        String address = bind == null ? "" : bind.toString().trim();
        if (address.isEmpty() || Set.of("0.0.0.0", "::", "[::]", "*").contains(address)) {
            return node.host();
        }
        return address;
    }

    @Override
    public synchronized void close() {
        routers.close();
        nodes.close();
        if (membership != null) {
            membership.close();
            membership = null;
        }
        try {
            discovery.unregister();
        } catch (IllegalStateException e) {
            // Unregistered with the bundle already.
        }
        scheduler.shutdownNow();
    }

    private final class NodeCustomizer implements ServiceTrackerCustomizer<Node, Node> {
        @Override
        public Node addingService(ServiceReference<Node> reference) {
            return nodeAdded(reference);
        }

        @Override
        public void modifiedService(ServiceReference<Node> reference, Node service) {
            // A node's name and creation do not change.
        }

        @Override
        public void removedService(ServiceReference<Node> reference, Node service) {
            nodeRemoved(reference, service);
        }
    }

    /** Tracks the routers for their properties only: the router itself is the transport's business. */
    private final class RouterCustomizer
        implements ServiceTrackerCustomizer<RemoteRouter, ServiceReference<RemoteRouter>> {
        @Override
        public ServiceReference<RemoteRouter> addingService(ServiceReference<RemoteRouter> reference) {
            routerChanged(reference);
            return reference;
        }

        @Override
        public void modifiedService(ServiceReference<RemoteRouter> reference,
            ServiceReference<RemoteRouter> tracked) {
            routerChanged(reference);
        }

        @Override
        public void removedService(ServiceReference<RemoteRouter> reference,
            ServiceReference<RemoteRouter> tracked) {
            // The endpoint comes back with the transport (a restart of its settings); the membership stays.
        }
    }
}
