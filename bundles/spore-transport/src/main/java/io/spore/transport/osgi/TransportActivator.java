package io.spore.transport.osgi;

import io.spore.api.NodeName;
import io.spore.api.config.SporeProperties;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.TransportStatistics;
import io.spore.transport.AeronTransport;
import io.spore.transport.TransportContext;
import io.spore.wire.TypeRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects the node to other nodes for as long as both the node and this bundle run: tracks the node's
 * {@link NodeRuntime} service, starts an {@link AeronTransport} for it with the settings of
 * {@link TransportProperties}, and closes the transport (saying goodbye to the other nodes) when the service goes
 * away or this bundle stops.
 *
 * <p>While a transport runs it is also a service, {@link RemoteRouter}, with the properties
 * {@value SporeProperties#SERVICE_NODE_NAME}, {@value SporeProperties#SERVICE_TRANSPORT_PORT} (the UDP port its
 * endpoint bound, which an ephemeral port setting leaves unknown until then) and
 * {@value SporeProperties#SERVICE_TRANSPORT_BIND}, so that launchers and tools can find where the node listens.
 *
 * <p>Beside it, a {@link TransportStatistics} service with the same properties gives the transport's counters to
 * administration tools (the JMX bundle) through the core's SPI.
 *
 * <p>It is also the extender of the {@value MessageTypesHeader#NAME} manifest header: while this bundle runs, the
 * records and enums that starting and active bundles declare there are registered in the one {@link TypeRegistry}
 * every transport it starts encodes and decodes with (see {@link MessageTypeExtender}), so a bundle's types are
 * known before and after the node connects.
 *
 * <p>A bad setting, or a transport that cannot start (a port taken, a name taken on this host, a cookie file that
 * cannot be used), is one line at ERROR naming the cause; the node keeps running, on its own.
 *
 * <p>A transport that stops receiving while it runs (its receiving thread ended on an error no frame handler could
 * catch) stops the whole node: a node that cannot hear its peers must not look alive to them or to its
 * administrator. Whoever embeds the framework may learn why first by registering a
 * {@code java.util.function.Consumer<String>} service with the property
 * {@value SporeProperties#SERVICE_FAIL_STOP}{@code =true} (the {@code spore} launcher does, and exits non-zero); each
 * such service is given the reason, and when there is none the transport stops the framework itself.
 *
 * <p>Threading: the framework's; start and stop are symmetric.
 */
public final class TransportActivator implements BundleActivator, ServiceTrackerCustomizer<NodeRuntime, AeronTransport> {
    private static final System.Logger LOG = System.getLogger(TransportActivator.class.getName());

    private BundleContext context;
    private ServiceTracker<NodeRuntime, AeronTransport> tracker;
    private TypeRegistry typeRegistry;
    private BundleTracker<List<MessageTypeExtender.Registered>> messageTypes;
    private final Map<AeronTransport, ServiceRegistration<RemoteRouter>> registrations = new ConcurrentHashMap<>();
    private final Map<AeronTransport, ServiceRegistration<TransportStatistics>> statistics = new ConcurrentHashMap<>();

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
        typeRegistry = new TypeRegistry();
        messageTypes = new BundleTracker<>(bundleContext, Bundle.STARTING | Bundle.ACTIVE,
            new MessageTypeExtender(typeRegistry));
        messageTypes.open();
        tracker = new ServiceTracker<>(bundleContext, NodeRuntime.class, this);
        tracker.open();
    }

    @Override
    public void stop(BundleContext bundleContext) {
        tracker.close(); // closes every transport started, through removedService
        tracker = null;
        messageTypes.close(); // withdraws every type the bundles' headers registered
        messageTypes = null;
        typeRegistry = null;
        context = null;
    }

    @Override
    public AeronTransport addingService(ServiceReference<NodeRuntime> reference) {
        NodeRuntime runtime = context.getService(reference);
        if (runtime == null) {
            return null;
        }
        NodeName node = runtime.node().name();
        try {
            BundleContext bundles = context;
            // The fail-stop action is part of the settings, so it is set before they are concluded.
            TransportContext settings = TransportProperties.read(context::getProperty, node, typeRegistry,
                why -> failStop(bundles, why));
            AeronTransport transport = AeronTransport.start(settings, runtime);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(SporeProperties.SERVICE_NODE_NAME, node.toString());
            properties.put(SporeProperties.SERVICE_TRANSPORT_PORT, transport.port());
            properties.put(SporeProperties.SERVICE_TRANSPORT_BIND, settings.bindAddress());
            registrations.put(transport, context.registerService(RemoteRouter.class, transport, properties));
            // Tools (JMX) read the counters through core's SPI, so they need not depend on this bundle.
            statistics.put(transport, context.registerService(TransportStatistics.class, transport.statistics(),
                properties));
            return transport;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the transport of " + node + " did not start, so the node runs on its"
                + " own: " + e.getMessage());
            context.ungetService(reference);
            return null;
        }
    }

    /**
     * Stops the node whose transport can no longer receive: hands the reason to the embedder's fail-stop actions,
     * or, when there are none, stops the framework (the node is the framework it runs in).
     */
    @SuppressWarnings("unchecked")
    static void failStop(BundleContext bundles, String why) {
        try {
            ServiceReference<?>[] actions = bundles.getServiceReferences(
                java.util.function.Consumer.class.getName(), "(" + SporeProperties.SERVICE_FAIL_STOP + "=true)");
            if (actions != null && actions.length > 0) {
                for (ServiceReference<?> reference : actions) {
                    Object action = bundles.getService(reference);
                    if (action instanceof java.util.function.Consumer<?> consumer) {
                        ((java.util.function.Consumer<String>) consumer).accept(why);
                    }
                }
                return;
            }
            bundles.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION).stop();
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.ERROR, "the node could not be stopped after its transport failed (" + why
                + "): " + e, e);
        }
    }

    @Override
    public void modifiedService(ServiceReference<NodeRuntime> reference, AeronTransport transport) {
        // nothing in the runtime's properties concerns the transport
    }

    @Override
    public void removedService(ServiceReference<NodeRuntime> reference, AeronTransport transport) {
        try {
            ServiceRegistration<TransportStatistics> counters = statistics.remove(transport);
            if (counters != null) {
                counters.unregister();
            }
            ServiceRegistration<RemoteRouter> registration = registrations.remove(transport);
            if (registration != null) {
                registration.unregister();
            }
            transport.close();
        } finally {
            context.ungetService(reference);
        }
    }
}
