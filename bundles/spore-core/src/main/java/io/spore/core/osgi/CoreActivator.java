package io.spore.core.osgi;

import io.spore.api.Node;
import io.spore.api.SporeException;
import io.spore.api.config.LayeredProperties;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.core.SpawnAccessStore;
import io.spore.core.SporeNode;
import io.spore.core.application.ApplicationTable;
import io.spore.core.spi.Applications;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.NodeRuntime;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTracker;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * Starts the node when the core bundle starts and stops it when the bundle stops, symmetrically: the node, then
 * the {@link Node} service, then the factory whiteboard, then the applications bundles declare
 * ({@link ApplicationExtender}); and the reverse on stop.
 *
 * <p>Reads the core's framework properties from {@link SporeProperties}: the node's name, workers, throughput,
 * mailbox limit, whether remote spawns are allowed here and carry the environment, and the state folder.
 *
 * <p>In a framework with Configuration Admin, the settings may also come from the configuration with PID
 * {@value NodeConfiguration#PID}, whose keys are the same {@code spore.*} names: a key it sets wins over the
 * framework property, and the node starts with the configuration present then. A change to it is read whole first:
 * a setting that cannot be read refuses the change with one line at ERROR and nothing changes. Otherwise
 * {@code spore.remote.spawn} applies live (as the JMX attribute does); every other setting applies only when the
 * node starts again, so a change to one is one line at WARN naming it, and the node keeps running as it was
 * (restarting it would end every process). Config Admin is optional: without it (the embedded launcher has none)
 * the framework properties are the settings. Where Metatype runs too, consoles describe the configuration
 * ({@link NodeSettings#DESCRIPTION}).
 *
 * <p>Threading: the framework's and Config Admin's, serialised on the activator.
 */
public final class CoreActivator implements BundleActivator {
    private static final System.Logger LOG = System.getLogger(CoreActivator.class.getName());

    private SporeNode node;
    private ServiceRegistration<Node> registration;
    private ServiceRegistration<NodeRuntime> runtimeRegistration;
    private ServiceRegistration<NodeMonitoring> monitoringRegistration;
    private ServiceRegistration<?> configuration;
    private ServiceRegistration<?> metaType;
    private FactoryTracker factories;
    private RegistryTracker registry;
    private ApplicationExtender applications;
    private BundleTracker<ApplicationExtender.Declared> applicationBundles;
    private ServiceRegistration<Applications> applicationsRegistration;
    private SpawnAccessStore accessStore;
    /** The settings the node started with. */
    private NodeSettings started;
    /** The settings of the last configuration applied (or the starting ones). */
    private NodeSettings applied;
    /** The {@code spore.*} keys Config Admin gave last; empty without a configuration. */
    private Map<String, String> configured = Map.of();
    /** The framework properties, beneath the configuration. */
    private PropertySource frameworkProperties;

    @Override
    public void start(BundleContext context) {
        frameworkProperties = context::getProperty;
        boolean configAdmin = configAdminWired(context);
        if (configAdmin) {
            configured = NodeConfiguration.current(context);
        }
        PropertySource properties = new LayeredProperties(configured, frameworkProperties);
        NodeSettings settings = NodeSettings.read(properties);
        synchronized (this) {
            started = settings;
            applied = settings;
            node = SporeNode.start(settings.context());
        }
        // before any factory is offered, so kept states apply
        accessStore = openAccessStore(settings.stateDir(), node);
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
        registry = new RegistryTracker(context, node);
        registry.open();
        ApplicationTable table = new ApplicationTable(node);
        applicationsRegistration = context.registerService(Applications.class, table, props);
        applications = new ApplicationExtender(context, node, table, node::transportAttached);
        applicationBundles = new BundleTracker<>(context, Bundle.ACTIVE, applications);
        applicationBundles.open();
        if (configAdmin) {
            // Config Admin gives the configuration (or none) soon after, on its own thread: the same as read above
            // changes nothing.
            configuration = NodeConfiguration.register(context, this::configure);
        }
        metaType = NodeSettings.DESCRIPTION.register(context);
    }

    @Override
    public void stop(BundleContext context) {
        if (metaType != null) {
            metaType.unregister();
            metaType = null;
        }
        if (configuration != null) {
            configuration.unregister();
            configuration = null;
        }
        // Stop the applications' trees in order while their factories are there, then withdraw the factories so
        // their processes end with factory_withdrawn, then the node shuts the rest.
        applicationBundles.close();
        applications.close();
        applicationsRegistration.unregister();
        factories.close();
        registry.close();
        if (accessStore != null) {
            accessStore.close();
        }
        monitoringRegistration.unregister();
        runtimeRegistration.unregister();
        registration.unregister();
        synchronized (this) {
            node.close();
            node = null;
        }
    }

    /**
     * Whether the bundle's optional import of Config Admin's package is wired: only then may
     * {@link NodeConfiguration}, which implements one of its interfaces, be loaded.
     */
    private static boolean configAdminWired(BundleContext context) {
        try {
            context.getBundle().loadClass("org.osgi.service.cm.ManagedService");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Applies a new version of the node's configuration: reads it whole first, so that a setting that cannot be
     * read leaves everything as it was; then changes {@code spore.remote.spawn} live and names, in one WARN line,
     * the changed settings that need the node to start again.
     *
     * @param settings the configured {@code spore.*} settings by name ({@code LayeredProperties.settings}), empty
     *                 when the configuration was deleted
     */
    private synchronized void configure(Map<String, String> settings) {
        if (node == null || settings.equals(configured)) {
            return;
        }
        NodeSettings next;
        try {
            next = NodeSettings.read(new LayeredProperties(settings, frameworkProperties));
        } catch (SporeException e) {
            LOG.log(System.Logger.Level.ERROR, "the configuration " + NodeConfiguration.PID + " was refused, so node "
                + node.name() + " runs on as it was: " + e.getMessage());
            return;
        }
        configured = settings;
        if (next.remoteSpawn() != applied.remoteSpawn()) {
            // only when the configuration changes it, so a value set through JMX since stays otherwise
            node.network().setRemoteSpawnEnabled(next.remoteSpawn());
        }
        applied = next;
        List<String> restart = next.needingRestart(started);
        if (!restart.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "node " + node.name() + " runs on with the settings it started with:"
                + " restart the node (or the io.spore.core bundle) to apply " + String.join(", ", restart)
                + " from the configuration " + NodeConfiguration.PID);
        }
    }

    /** The access lists kept in the state folder, or none (with a line saying so) when there is no folder. */
    private static SpawnAccessStore openAccessStore(Path dir, SporeNode node) {
        if (dir == null) {
            LOG.log(System.Logger.Level.INFO, "no state folder (" + SporeProperties.STATE_DIR + "): remote-spawn"
                + " access changes last until node " + node.name() + " stops");
            return null;
        }
        return node.keepSpawnAccess(dir);
    }
}
