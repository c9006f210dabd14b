package io.spore.registry.node;

import io.spore.registry.member.MemberAddresses;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Joins the framework's node to the registry when the framework property {@value #MEMBERS} is set
 * ({@code spore node --registry host:port,...} sets it): see {@link RegistryNodeSide}. Without it the bundle only
 * offers its classes (a registry member, {@code spore registry}, runs through them).
 *
 * <p>A malformed member list, or a framework without the core's and the transport's SPI packages (which this bundle
 * imports optionally), is one line at ERROR; the node runs on without a registry.
 *
 * <p>Threading: the framework's; start and stop are symmetric.
 */
public final class NodeRegistryActivator implements BundleActivator {
    /** The framework property that names the registry's members, {@code host:port,...}. */
    public static final String MEMBERS = "spore.registry.members";
    private static final System.Logger LOG = System.getLogger(NodeRegistryActivator.class.getName());

    private AutoCloseable nodeSide;

    @Override
    public void start(BundleContext context) {
        String members = context.getProperty(MEMBERS);
        if (members == null || members.isBlank()) {
            return;
        }
        try {
            MemberAddresses.parse(members);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, MEMBERS + ": " + e.getMessage() + "; this node runs without a registry");
            return;
        }
        if (!nodeSpisPresent()) {
            LOG.log(System.Logger.Level.ERROR, MEMBERS + " is set, but this framework lacks the spore-core and"
                + " spore-transport bundles a node joins with; install them, or unset it");
            return;
        }
        // Through a method of another class, so that this one never names the optional packages' types.
        nodeSide = RegistryNodeSide.start(context, members.trim());
    }

    private boolean nodeSpisPresent() {
        try {
            ClassLoader loader = NodeRegistryActivator.class.getClassLoader();
            Class.forName("io.spore.core.spi.ClusterRegistry", false, loader);
            Class.forName("io.spore.transport.discovery.NodeDiscovery", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        if (nodeSide != null) {
            nodeSide.close();
            nodeSide = null;
        }
    }
}
