package io.spore.core.osgi;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SpawnAccessStore;
import io.spore.core.SporeNode;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.NodeRuntime;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

/**
 * Starts the node when the core bundle starts and stops it when the bundle stops, symmetrically: the node, then
 * the {@link Node} service, then the factory whiteboard; and the reverse on stop.
 *
 * <p>Framework properties: {@value #NODE_NAME} ({@code name@host}), {@value #WORKERS} (worker threads, default
 * the number of cores), {@value #THROUGHPUT} (messages per turn, default 64), {@value #REMOTE_SPAWN} (whether other
 * nodes may spawn here, default true) and {@value #EXPOSE_ENV_REMOTE_SPAWN} (whether this node's remote spawns carry
 * the environment, default false).
 */
public final class CoreActivator implements BundleActivator {
    /** Framework property: this node's name. */
    public static final String NODE_NAME = "spore.node.name";
    /** Framework property: the number of worker threads. */
    public static final String WORKERS = "spore.workers";
    /** Framework property: messages a process handles per turn. */
    public static final String THROUGHPUT = "spore.throughput";
    /** Framework property: the default mailbox limit for messages from other nodes (0 or unset: none). */
    public static final String MAILBOX_LIMIT = "spore.mailbox.limit";
    /** Framework property: {@code true} or {@code false}, whether other nodes may spawn processes here. */
    public static final String REMOTE_SPAWN = "spore.remote.spawn";
    /** Framework property: {@code true} or {@code false}, whether this node's remote spawns carry the env. */
    public static final String EXPOSE_ENV_REMOTE_SPAWN = "spore.expose.env.remote.spawn";
    /** Framework property: the folder where the node keeps what outlives a run (see {@link SpawnAccessStore}). */
    public static final String STATE_DIR = "spore.state.dir";

    private SporeNode node;
    private ServiceRegistration<Node> registration;
    private ServiceRegistration<NodeRuntime> runtimeRegistration;
    private ServiceRegistration<NodeMonitoring> monitoringRegistration;
    private FactoryTracker factories;
    private SpawnAccessStore accessStore;

    @Override
    public void start(BundleContext context) {
        NodeContext settings = new NodeContext()
            .nodeName(NodeName.parse(property(context, NODE_NAME, "nonode@nohost")))
            .workerThreads(intProperty(context, WORKERS, 0))
            .throughput(intProperty(context, THROUGHPUT, 0))
            .mailboxLimit(intProperty(context, MAILBOX_LIMIT, 0))
            .remoteSpawnEnabled(booleanProperty(context, REMOTE_SPAWN, true))
            .exposeEnvRemoteSpawn(booleanProperty(context, EXPOSE_ENV_REMOTE_SPAWN, false));
        node = SporeNode.start(settings);
        accessStore = openAccessStore(context, node); // before any factory is offered, so kept states apply
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("spore.node.name", node.name().toString());
        props.put("spore.node.creation", node.creation());
        registration = context.registerService(Node.class, node, props);
        // The transport bundle attaches itself through this; users see only Node.
        runtimeRegistration = context.registerService(NodeRuntime.class, node, props);
        // For administration tools (the JMX bundle): start time, traffic, nodes up and down.
        monitoringRegistration = context.registerService(NodeMonitoring.class, node.monitoring(), props);
        factories = new FactoryTracker(context, node.factoryRegistry());
        factories.open();
    }

    @Override
    public void stop(BundleContext context) {
        // Withdraw factories first so their processes end with factory_withdrawn, then the node shuts the rest.
        factories.close();
        if (accessStore != null) {
            accessStore.close();
        }
        monitoringRegistration.unregister();
        runtimeRegistration.unregister();
        registration.unregister();
        node.close();
    }

    /** The access lists kept in the state folder, or none (with a line saying so) when there is no folder. */
    private static SpawnAccessStore openAccessStore(BundleContext context, SporeNode node) {
        String dir = context.getProperty(STATE_DIR);
        if (dir == null || dir.isBlank()) {
            System.getLogger(CoreActivator.class.getName()).log(System.Logger.Level.INFO, "no state folder ("
                + STATE_DIR + "): remote-spawn access changes last until node " + node.name() + " stops");
            return null;
        }
        return node.keepSpawnAccess(Path.of(dir.trim()));
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static boolean booleanProperty(BundleContext context, String key, boolean fallback) {
        String value = context.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("framework property " + key + " must be true or false, was '"
                + value + "'");
        };
    }

    private static int intProperty(BundleContext context, String key, int fallback) {
        String value = context.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("framework property " + key + " must be a whole number, was '"
                + value + "'", e);
        }
    }
}
