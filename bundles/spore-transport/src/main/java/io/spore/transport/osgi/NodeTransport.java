package io.spore.transport.osgi;

import io.spore.api.NodeName;
import io.spore.api.config.SporeProperties;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.TransportStatistics;
import io.spore.transport.AeronTransport;
import io.spore.transport.TransportContext;
import io.spore.transport.discovery.NodeDiscovery;
import io.spore.transport.dns.DnsDiscovery;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

/**
 * The transport {@link TransportActivator} runs for one node, with its services: started when the node's runtime
 * appears, stopped when it goes, and replaced (stopped, then started with new settings) when the transport's
 * configuration changes. Between a failed start and the next, it holds no transport and the node runs on its own.
 * When the {@code dns} provider is configured, it runs with the transport, registered as a {@link NodeDiscovery}
 * service that the activator's tracker hands to the transport's discovery chain.
 *
 * <p>Threading: the activator's, which serialises starts and stops.
 */
final class NodeTransport {
    private final BundleContext context;
    private final NodeRuntime runtime;
    private AeronTransport transport;
    private ServiceRegistration<RemoteRouter> router;
    private ServiceRegistration<TransportStatistics> statistics;
    private DnsDiscovery dns;
    private ServiceRegistration<NodeDiscovery> dnsRegistration;
    /** Whether the last start failed for want of a discovery provider, so a provider's arrival should retry it. */
    private boolean awaitsDiscovery;

    NodeTransport(BundleContext context, NodeRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /** @return the node the transport serves */
    NodeName node() {
        return runtime.node().name();
    }

    /** @return the running transport, or {@code null} when it is stopped or did not start */
    AeronTransport transport() {
        return transport;
    }

    /** @return whether the transport waits for a discovery provider its order names to be registered */
    boolean awaitsDiscovery() {
        return awaitsDiscovery;
    }

    /** @param waiting whether the transport waits for a discovery provider its order names */
    void awaitDiscovery(boolean waiting) {
        awaitsDiscovery = waiting;
    }

    /**
     * Starts the transport and registers it as the {@link RemoteRouter} and {@link TransportStatistics} services.
     *
     * @param settings the transport's settings, concluded
     * @throws RuntimeException when the transport cannot start (a port taken, a cookie that cannot be used)
     */
    void start(TransportContext settings) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SporeProperties.SERVICE_NODE_NAME, node().toString());
        if (settings.dnsDiscovery() != null) {
            // Registered before the transport starts, so that its chain finds the provider among the services.
            dns = DnsDiscovery.create(settings.dnsDiscovery());
            dnsRegistration = context.registerService(NodeDiscovery.class, dns, properties);
        }
        AeronTransport started;
        try {
            started = AeronTransport.start(settings, runtime);
        } catch (RuntimeException e) {
            stopDiscovery();
            throw e;
        }
        properties = new Hashtable<>(Map.of(SporeProperties.SERVICE_NODE_NAME, node().toString()));
        properties.put(SporeProperties.SERVICE_TRANSPORT_PORT, started.port());
        properties.put(SporeProperties.SERVICE_TRANSPORT_BIND, settings.bindAddress());
        transport = started;
        router = context.registerService(RemoteRouter.class, started, properties);
        // Tools (JMX) read the counters through core's SPI, so they need not depend on this bundle.
        statistics = context.registerService(TransportStatistics.class, started.statistics(), properties);
    }

    /** Withdraws the services and closes the transport (saying goodbye to the other nodes), if one runs. */
    void stop() {
        try {
            if (statistics != null) {
                statistics.unregister();
            }
            if (router != null) {
                router.unregister();
            }
        } finally {
            statistics = null;
            router = null;
            AeronTransport running = transport;
            transport = null;
            if (running != null) {
                running.close();
            }
            stopDiscovery();
        }
    }

    private void stopDiscovery() {
        try {
            if (dnsRegistration != null) {
                dnsRegistration.unregister();
            }
        } finally {
            dnsRegistration = null;
            if (dns != null) {
                dns.close();
                dns = null;
            }
        }
    }
}
