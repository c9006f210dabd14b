package io.spore.core.osgi;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
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
 * <p>Reads the core's framework properties from {@link SporeProperties}: the node's name, workers, throughput,
 * mailbox limit, whether remote spawns are allowed here and carry the environment, and the state folder.
 */
public final class CoreActivator implements BundleActivator {
    private SporeNode node;
    private ServiceRegistration<Node> registration;
    private ServiceRegistration<NodeRuntime> runtimeRegistration;
    private ServiceRegistration<NodeMonitoring> monitoringRegistration;
    private FactoryTracker factories;
    private SpawnAccessStore accessStore;

    @Override
    public void start(BundleContext context) {
        PropertySource properties = context::getProperty;
        NodeContext settings = new NodeContext()
            .nodeName(nodeName(properties))
            .workerThreads(SporeProperties.WORKERS.read(properties))
            .throughput(SporeProperties.THROUGHPUT.read(properties))
            .mailboxLimit(SporeProperties.MAILBOX_LIMIT.read(properties))
            .remoteSpawnEnabled(SporeProperties.REMOTE_SPAWN.read(properties))
            .exposeEnvRemoteSpawn(SporeProperties.EXPOSE_ENV_REMOTE_SPAWN.read(properties));
        node = SporeNode.start(settings);
        accessStore = openAccessStore(properties, node); // before any factory is offered, so kept states apply
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(SporeProperties.SERVICE_NODE_NAME, node.name().toString());
        props.put(SporeProperties.SERVICE_NODE_CREATION, node.creation());
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
    private static SpawnAccessStore openAccessStore(PropertySource properties, SporeNode node) {
        Path dir = SporeProperties.STATE_DIR.read(properties);
        if (dir == null) {
            System.getLogger(CoreActivator.class.getName()).log(System.Logger.Level.INFO, "no state folder ("
                + SporeProperties.STATE_DIR + "): remote-spawn access changes last until node " + node.name()
                + " stops");
            return null;
        }
        return node.keepSpawnAccess(dir);
    }

    private static NodeName nodeName(PropertySource properties) {
        String text = SporeProperties.NODE_NAME.read(properties);
        try {
            return NodeName.parse(text);
        } catch (SporeException e) {
            throw SporeProperties.NODE_NAME.invalid("'" + text + "' is not a node name (name@host): "
                + e.getMessage());
        }
    }
}
