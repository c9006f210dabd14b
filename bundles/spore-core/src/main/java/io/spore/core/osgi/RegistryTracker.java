package io.spore.core.osgi;

import io.spore.core.SporeNode;
import io.spore.core.spi.ClusterRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import java.lang.System.Logger.Level;

/**
 * Attaches the node to the {@link ClusterRegistry} service a registry bundle publishes, and detaches it when the
 * service goes. One at a time: a second one published meanwhile is logged and left alone (the node keeps the first).
 */
final class RegistryTracker extends ServiceTracker<ClusterRegistry, ClusterRegistry> {
    private static final System.Logger LOG = System.getLogger(RegistryTracker.class.getName());

    private final SporeNode node;

    RegistryTracker(BundleContext context, SporeNode node) {
        super(context, ClusterRegistry.class, null);
        this.node = node;
    }

    @Override
    public ClusterRegistry addingService(ServiceReference<ClusterRegistry> reference) {
        ClusterRegistry registry = context.getService(reference);
        if (registry == null) {
            return null;
        }
        try {
            node.attachRegistry(registry);
            return registry;
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "a second cluster registry service (from bundle "
                + reference.getBundle().getSymbolicName() + ") is ignored: " + e.getMessage());
            context.ungetService(reference);
            return null;
        }
    }

    @Override
    public void removedService(ServiceReference<ClusterRegistry> reference, ClusterRegistry registry) {
        node.detachRegistry(registry);
        context.ungetService(reference);
    }
}
