package io.spore.transport.osgi;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.LayeredProperties;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.TransportStatistics;
import io.spore.transport.AeronTransport;
import io.spore.transport.TransportContext;
import io.spore.transport.discovery.NodeDiscovery;
import io.spore.transport.dns.DnsDiscovery;
import io.spore.transport.naming.DiscoveryChain;
import io.spore.transport.naming.DiscoveryProviders;
import io.spore.transport.naming.NameServiceDiscovery;
import io.spore.transport.naming.RoutesDiscovery;
import io.spore.wire.TypeRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * <p>In a framework with Configuration Admin, the settings may also come from the configuration with PID
 * {@value TransportConfiguration#PID}, whose keys are the same {@code spore.*} names: a key it sets wins over the
 * framework property. A change of the heartbeat interval or the detection timeout alone applies to the running
 * transports at once ({@link AeronTransport#retime}); any other change restarts every transport this bundle runs with
 * the new settings (their connections drop and form again). A setting that cannot be read refuses the change with
 * one line at ERROR, and the transports run on as they were. Config Admin is optional: without it (the embedded launcher has
 * none) the framework properties are the settings. Where Metatype runs too, consoles describe the configuration
 * ({@link TransportProperties#DESCRIPTION}).
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
 * <p>It tracks the {@link NodeDiscovery} services too: each joins the providers the transports may ask, under its
 * name, while it is registered (the {@code dns} provider is one, which each transport registers when its settings are
 * given). A transport whose {@code spore.discovery.order} names a provider that is not registered does not start
 * (one line at ERROR), and starts as soon as a bundle registers it.
 *
 * <p>Threading: the framework's; start and stop are symmetric.
 */
public final class TransportActivator implements BundleActivator, ServiceTrackerCustomizer<NodeRuntime, NodeTransport> {
    private static final System.Logger LOG = System.getLogger(TransportActivator.class.getName());
    /** How long transports wait for Config Admin's first word before they start on the framework's properties. */
    static final long FIRST_CONFIGURATION_WAIT_MS = 5_000;

    /** Serialises the starts and stops of transports: the framework's threads and Config Admin's. */
    private final Object lock = new Object();
    private BundleContext context;
    private ServiceTracker<NodeRuntime, NodeTransport> tracker;
    /** The discovery providers registered as services, which every transport this bundle starts may ask. */
    private final DiscoveryProviders discoveries = new DiscoveryProviders();
    private ServiceTracker<NodeDiscovery, NodeDiscovery> discoveryTracker;
    private TypeRegistry typeRegistry;
    private BundleTracker<List<MessageTypeExtender.Registered>> messageTypes;
    private ServiceRegistration<?> configuration;
    private ServiceRegistration<?> metaType;
    /** The settings Config Admin gave last and the transports run with; empty without a configuration. */
    private Map<String, String> configured = Map.of();
    private PropertySource properties;
    /**
     * Whether transports wait for Config Admin's first word (the configuration, or that there is none) before they
     * start: a transport started on the framework's defaults and restarted a moment later would meanwhile have
     * bound a port, served the name service and made a cookie the configuration may say otherwise about.
     */
    private boolean awaitingConfiguration;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
        properties = bundleContext::getProperty;
        typeRegistry = new TypeRegistry();
        messageTypes = new BundleTracker<>(bundleContext, Bundle.STARTING | Bundle.ACTIVE,
            new MessageTypeExtender(typeRegistry));
        messageTypes.open();
        boolean configAdmin = configAdminWired(bundleContext);
        // With Config Admin, transports wait for its first word, so the tracker must know before it adds a node.
        awaitingConfiguration = configAdmin;
        discoveryTracker = new ServiceTracker<>(bundleContext, NodeDiscovery.class, new DiscoveryTracker());
        discoveryTracker.open();
        tracker = new ServiceTracker<>(bundleContext, NodeRuntime.class, this);
        tracker.open();
        if (configAdmin) {
            // Config Admin gives the configuration (or none) soon after, on its own thread; transports start then,
            // or on the framework's properties if it says nothing in time (its package without a running service).
            configuration = TransportConfiguration.register(bundleContext, this::configure);
            CompletableFuture.delayedExecutor(FIRST_CONFIGURATION_WAIT_MS, TimeUnit.MILLISECONDS)
                .execute(this::startWithoutConfiguration);
        }
        metaType = TransportProperties.DESCRIPTION.register(bundleContext);
    }

    @Override
    public void stop(BundleContext bundleContext) {
        if (metaType != null) {
            metaType.unregister();
            metaType = null;
        }
        if (configuration != null) {
            configuration.unregister();
            configuration = null;
        }
        synchronized (lock) {
            tracker.close(); // closes every transport started, through removedService
            tracker = null;
        }
        discoveryTracker.close();
        discoveryTracker = null;
        messageTypes.close(); // withdraws every type the bundles' headers registered
        messageTypes = null;
        typeRegistry = null;
        context = null;
    }

    /**
     * Whether the bundle's optional import of Config Admin's package is wired: only then may
     * {@link TransportConfiguration}, which implements one of its interfaces, be loaded.
     */
    private static boolean configAdminWired(BundleContext bundleContext) {
        try {
            bundleContext.getBundle().loadClass("org.osgi.service.cm.ManagedService");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public NodeTransport addingService(ServiceReference<NodeRuntime> reference) {
        NodeRuntime runtime = context.getService(reference);
        if (runtime == null) {
            return null;
        }
        NodeTransport node = new NodeTransport(context, runtime);
        synchronized (lock) {
            // Tracked even when its transport does not start, so that a new configuration may start it.
            if (!awaitingConfiguration) {
                start(node);
            }
        }
        return node;
    }

    /** Guarded by lock: starts {@code node}'s transport with the current settings, or says why it did not. */
    private void start(NodeTransport node) {
        try {
            TransportContext settings = settings(properties, node.node());
            requireDiscovery(node, settings);
            node.start(settings);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the transport of " + node.node() + " did not start, so the node"
                + " runs on its own: " + e.getMessage());
        }
    }

    /**
     * Guarded by lock: checks that every provider {@code settings}' order names runs, built in or registered, and
     * marks {@code node} as waiting for a provider when one does not.
     *
     * @throws SporeException {@code INVALID_ARGUMENT} naming the first provider missing, in one line
     */
    private void requireDiscovery(NodeTransport node, TransportContext settings) {
        Set<String> known = new LinkedHashSet<>(List.of(RoutesDiscovery.NAME, NameServiceDiscovery.NAME));
        if (settings.dnsDiscovery() != null) {
            known.add(DnsDiscovery.NAME); // registered by the node's transport as it starts
        }
        known.addAll(discoveries.names());
        List<String> unknown = DiscoveryChain.unknown(settings.discoveryOrder(), known);
        node.awaitDiscovery(!unknown.isEmpty());
        if (!unknown.isEmpty()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, DiscoveryChain.unknownProvider(
                unknown.get(0), known).getMessage() + "; the transport starts when a bundle registers it");
        }
    }

    /** Config Admin said nothing in time: the transports that waited for it start on the framework's properties. */
    private void startWithoutConfiguration() {
        synchronized (lock) {
            if (tracker == null || !awaitingConfiguration) {
                return;
            }
            awaitingConfiguration = false;
            LOG.log(System.Logger.Level.WARNING, "Configuration Admin gave no " + TransportConfiguration.PID
                + " configuration within " + FIRST_CONFIGURATION_WAIT_MS + " ms (is its service running?); the"
                + " transports start on the framework's properties");
            tracker.getTracked().values().forEach(this::start);
        }
    }

    /**
     * Applies a new version of the transport's configuration: reads every transport's settings from it first, so
     * that a setting that cannot be read leaves them all as they were, then restarts each with its new settings.
     *
     * @param settings the configured {@code spore.*} settings by name ({@code LayeredProperties.settings}), empty
     *                 when the configuration was deleted
     */
    private void configure(Map<String, String> settings) {
        synchronized (lock) {
            if (tracker != null && awaitingConfiguration) {
                // The first word: the transports that waited start with it, once.
                awaitingConfiguration = false;
                configured = settings;
                properties = new LayeredProperties(settings, context::getProperty);
                tracker.getTracked().values().forEach(this::start);
                return;
            }
            if (tracker == null || settings.equals(configured)) {
                return;
            }
            PropertySource next = new LayeredProperties(settings, context::getProperty);
            Map<NodeTransport, TransportContext> restarts = new LinkedHashMap<>();
            for (NodeTransport node : new ArrayList<>(tracker.getTracked().values())) {
                try {
                    restarts.put(node, settings(next, node.node()));
                } catch (SporeException e) {
                    LOG.log(System.Logger.Level.ERROR, "the configuration " + TransportConfiguration.PID
                        + " was refused, so the transport of " + node.node() + " runs on as it was: "
                        + e.getMessage());
                    return;
                }
            }
            boolean live = onlyLiveSettingsChange(properties, next);
            configured = settings;
            properties = next;
            restarts.forEach((node, transportSettings) -> {
                AeronTransport running = node.transport();
                if (live && running != null) {
                    running.retime(transportSettings);
                    LOG.log(System.Logger.Level.INFO, "the transport of " + node.node() + " applies the changed"
                        + " configuration " + TransportConfiguration.PID + " at once: heartbeat "
                        + transportSettings.heartbeatInterval().toMillis() + " ms, detection timeout "
                        + transportSettings.detectionTimeout().toMillis() + " ms; its connections stay up");
                    return;
                }
                LOG.log(System.Logger.Level.INFO, "the transport of " + node.node() + " restarts with the changed"
                    + " configuration " + TransportConfiguration.PID + "; its connections drop and form again");
                node.stop();
                try {
                    requireDiscovery(node, transportSettings);
                    node.start(transportSettings);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "the transport of " + node.node() + " did not start with the"
                        + " configuration " + TransportConfiguration.PID + ", so the node runs on its own: "
                        + e.getMessage());
                }
            });
        }
    }

    /**
     * @return whether the settings {@code next} gives differ from {@code before}'s only in those that apply to a
     *         running transport (the heartbeat interval and the detection timeout), so no restart is needed
     */
    private static boolean onlyLiveSettingsChange(PropertySource before, PropertySource next) {
        boolean changed = false;
        for (SporeProperty<?> setting : TransportProperties.DESCRIPTION.settings()) {
            if (!Objects.equals(before.get(setting.name()), next.get(setting.name()))) {
                if (!TransportProperties.DESCRIPTION.live().contains(setting)) {
                    return false;
                }
                changed = true;
            }
        }
        return changed;
    }

    /** The settings of the transport of one node, with the fail-stop action set before they are concluded. */
    private TransportContext settings(PropertySource source, NodeName node) {
        BundleContext bundles = context;
        return TransportProperties.read(source, node, typeRegistry, why -> failStop(bundles, why), discoveries);
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
    public void modifiedService(ServiceReference<NodeRuntime> reference, NodeTransport node) {
        // nothing in the runtime's properties concerns the transport
    }

    @Override
    public void removedService(ServiceReference<NodeRuntime> reference, NodeTransport node) {
        try {
            synchronized (lock) {
                node.stop();
            }
        } finally {
            context.ungetService(reference);
        }
    }

    /** Adds the discovery providers registered as services, and starts the transports that waited for one. */
    private final class DiscoveryTracker implements ServiceTrackerCustomizer<NodeDiscovery, NodeDiscovery> {
        @Override
        public NodeDiscovery addingService(ServiceReference<NodeDiscovery> reference) {
            NodeDiscovery provider = context.getService(reference);
            if (provider == null) {
                return null;
            }
            if (!discoveries.add(provider)) {
                LOG.log(System.Logger.Level.WARNING, "a second discovery provider named " + provider.name()
                    + " was registered by bundle " + reference.getBundle().getSymbolicName() + "; the first is kept");
            }
            synchronized (lock) {
                if (tracker != null && !awaitingConfiguration) {
                    tracker.getTracked().values().stream().filter(NodeTransport::awaitsDiscovery)
                        .forEach(TransportActivator.this::start);
                }
            }
            return provider;
        }

        @Override
        public void modifiedService(ServiceReference<NodeDiscovery> reference, NodeDiscovery provider) {
            // a provider's name is its own, not a service property
        }

        @Override
        public void removedService(ServiceReference<NodeDiscovery> reference, NodeDiscovery provider) {
            discoveries.remove(provider);
            context.ungetService(reference);
        }
    }
}
