package io.spore.registry.node;

import io.spore.api.Node;
import io.spore.api.ProcessFactory;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessEvent;
import io.spore.api.SpawnAccessListener;
import io.spore.api.config.SporeProperties;
import io.spore.core.spi.ClusterRegistry;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryNode;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node's membership of the registry, for as long as its {@link Node} service lives: publishes the node's
 * {@link ClusterRegistry} at once, starts the {@link RegistryClient} once the node's transport says where it listens
 * ({@link #listening}), and announces again when its endpoint or the spawn names it offers change (an access-list
 * change, or a factory service that comes or goes). {@link #close()} leaves the registry: the node's names and
 * memberships go.
 *
 * <p>The spawn names offered are those open or listed for remote spawn; a listed name may still refuse a given
 * node, which the spawn's answer says ({@code NOT_ALLOWED}).
 *
 * <p>Threading: {@link #listening} and {@link #close()} on the framework's threads, serialised by this object;
 * spawn-name changes are read on the scheduler's thread, a moment after the change, so that the core has applied
 * it whichever listener the framework calls first. The node is read outside this object's lock, which its
 * listeners take while the core may hold its own.
 */
final class RegistryMembership implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RegistryMembership.class.getName());
    /** How long after a change the spawn names are read: changes of one moment make one announcement. */
    private static final long SPAWN_NAMES_DELAY_MS = 200;

    private final BundleContext context;
    private final Node node;
    private final RegistryClient.Context settings;
    private final NodeClusterRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final ServiceRegistration<ClusterRegistry> registration;
    private final SpawnAccessListener accessListener = this::onSpawnAccess;
    private final ServiceListener factoryListener = event -> spawnNamesChanged();
    private RegistryClient client;
    private RegistryNode announced;
    private ScheduledFuture<?> pendingAnnouncement;
    private boolean closed;

    /**
     * @param context   this bundle's context
     * @param node      the node
     * @param settings  the client's settings but the node (members, driver, timeouts, listener)
     * @param registry  the node's cluster registry, published here
     * @param scheduler for announcements of changed spawn names
     */
    RegistryMembership(BundleContext context, Node node, RegistryClient.Context settings,
        NodeClusterRegistry registry, ScheduledExecutorService scheduler) {
        this.context = context;
        this.node = node;
        this.settings = settings;
        this.registry = registry;
        this.scheduler = scheduler;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SporeProperties.SERVICE_NODE_NAME, node.name().toString());
        this.registration = context.registerService(ClusterRegistry.class, registry, properties);
        node.network().addSpawnAccessListener(accessListener);
        try {
            context.addServiceListener(factoryListener,
                "(" + Constants.OBJECTCLASS + "=" + ProcessFactory.class.getName() + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the node this membership is of */
    Node node() {
        return node;
    }

    /**
     * The node's transport listens (again, or elsewhere): joins, or announces the new endpoint.
     *
     * @param host the host or address other nodes reach it at
     * @param port its UDP port
     */
    void listening(String host, int port) {
        // Read before taking this object's lock: the core calls this object back with its own locks held.
        List<String> spawnNames = spawnNames();
        String endpoint = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        RegistryNode current = new RegistryNode(node.name(), node.creation(), List.of(endpoint), spawnNames);
        join(host, endpoint, current);
    }

    private synchronized void join(String host, String endpoint, RegistryNode current) {
        if (closed) {
            return;
        }
        if (client == null) {
            announced = current;
            client = RegistryClient.start(settings.node(current).egressHost(host));
            registry.client(client);
            LOG.log(System.Logger.Level.INFO, "node " + node.name() + " joins the registry, reachable at " + endpoint);
        } else {
            announce(current);
        }
    }

    private void onSpawnAccess(SpawnAccessEvent event) {
        if (event.kind() != SpawnAccessEvent.Kind.DENIED) {
            spawnNamesChanged();
        }
    }

    private synchronized void spawnNamesChanged() {
        if (closed || client == null || pendingAnnouncement != null && !pendingAnnouncement.isDone()) {
            return;
        }
        pendingAnnouncement = scheduler.schedule(this::announceSpawnNames, SPAWN_NAMES_DELAY_MS,
            TimeUnit.MILLISECONDS);
    }

    private void announceSpawnNames() {
        List<String> spawnNames = spawnNames();
        synchronized (this) {
            if (!closed && announced != null) {
                announce(new RegistryNode(announced.node(), announced.creation(), announced.endpoints(), spawnNames));
            }
        }
    }

    private void announce(RegistryNode current) {
        if (current.equals(announced)) {
            return;
        }
        announced = current;
        client.announce(current).thenAccept(result -> {
            if (!result.isOk()) {
                // A later session joins with them anyway.
                LOG.log(System.Logger.Level.DEBUG, "announcing " + current + " to the registry: " + result);
            }
        });
    }

    private List<String> spawnNames() {
        return node.network().spawnAccess().stream().filter(SpawnAccess::enabled)
            .map(access -> access.name().value()).sorted().toList();
    }

    /** Leaves the registry and withdraws the node's cluster registry. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.removeServiceListener(factoryListener);
        try {
            node.network().removeSpawnAccessListener(accessListener);
        } catch (RuntimeException e) {
            // The node is stopping already.
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // Unregistered with the bundle already.
        }
        registry.client(null);
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
