package io.spore.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.spore.api.SporeException;
import io.spore.api.config.LayeredProperties;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TransportStatistics;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the framework's nodes' metrics to Prometheus for as long as this bundle runs and a port is configured: the
 * framework property {@link SporeProperties#METRICS_PORT} ({@code spore node --metrics-port}), or in a framework
 * with Configuration Admin the configuration {@value MetricsConfiguration#PID}, whose keys are the same
 * {@code spore.*} names and win over the framework properties. A change to that configuration closes the endpoint
 * and opens it again with the new settings (or leaves it closed when no port is set any more); a setting that cannot
 * be read is refused with one line at ERROR and the endpoint runs on as it was. Config Admin is optional: without
 * it (the embedded launcher has none) the framework properties are the settings.
 *
 * <p>What is served is read when scraped ({@link SporeCollector}): the core's {@link NodeMonitoring} services and
 * the transport's {@link TransportStatistics} services, tracked here, with no dependency on either bundle's classes
 * beyond the core's SPI. A node or transport that comes or goes is in the next scrape or out of it.
 *
 * <p>An endpoint that was asked for and cannot listen (a port taken, an address not of this host) fails the bundle's
 * start with one line naming the cause, which {@code spore node} reports before it exits, as the JMX connector does;
 * after a configuration change it is one line at ERROR, and the node runs on without an endpoint.
 *
 * <p>Threading: the framework's and Config Admin's, serialised here; start and stop are symmetric.
 */
public final class MetricsActivator implements BundleActivator {
    private static final System.Logger LOG = System.getLogger(MetricsActivator.class.getName());

    /** Serialises the endpoint's starts and stops: the framework's thread and Config Admin's. */
    private final Object lock = new Object();
    private BundleContext context;
    private ServiceTracker<NodeMonitoring, NodeMonitoring> nodes;
    private ServiceTracker<TransportStatistics, TransportStatistics> transports;
    private PrometheusRegistry registry;
    private ServiceRegistration<?> configuration;
    private ServiceRegistration<?> metaType;
    /** The settings Config Admin gave last; empty without a configuration. */
    private Map<String, String> configured = Map.of();
    private MetricsEndpoint endpoint;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
        nodes = new ServiceTracker<>(bundleContext, NodeMonitoring.class, null);
        nodes.open();
        transports = new ServiceTracker<>(bundleContext, TransportStatistics.class, null);
        transports.open();
        registry = new PrometheusRegistry();
        registry.register(new SporeCollector(this::nodes, this::transport));
        try {
            synchronized (lock) {
                MetricsSettings settings = MetricsSettings.read(bundleContext::getProperty);
                if (settings != null) {
                    endpoint = open(settings);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            stop(bundleContext); // a failed start gets no stop call: undo what was opened
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (configAdminWired(bundleContext)) {
            // Config Admin gives the configuration (or none) soon after, on its own thread; the endpoint changes only
            // if the configuration changes its settings.
            configuration = MetricsConfiguration.register(bundleContext, this::configure);
        }
        metaType = MetricsSettings.DESCRIPTION.register(bundleContext);
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
            if (endpoint != null) {
                endpoint.close();
                LOG.log(System.Logger.Level.INFO, "the metrics endpoint " + endpoint + " is closed");
                endpoint = null;
            }
            context = null;
        }
        if (transports != null) {
            transports.close();
            transports = null;
        }
        if (nodes != null) {
            nodes.close();
            nodes = null;
        }
        registry = null;
    }

    /**
     * Whether the bundle's optional import of Config Admin's package is wired: only then may
     * {@link MetricsConfiguration}, which implements one of its interfaces, be loaded.
     */
    private static boolean configAdminWired(BundleContext bundleContext) {
        try {
            bundleContext.getBundle().loadClass("org.osgi.service.cm.ManagedService");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Applies a new version of the configuration: reads it whole first, so that a setting that cannot be read leaves
     * the endpoint as it was, then moves the endpoint if its settings changed.
     *
     * @param settings the configured {@code spore.*} settings by name ({@code LayeredProperties.settings}), empty
     *                 when the configuration was deleted
     */
    private void configure(Map<String, String> settings) {
        synchronized (lock) {
            if (context == null || settings.equals(configured)) {
                return;
            }
            PropertySource properties = new LayeredProperties(settings, context::getProperty);
            MetricsSettings next;
            try {
                next = MetricsSettings.read(properties);
            } catch (SporeException e) {
                LOG.log(System.Logger.Level.ERROR, "the configuration " + MetricsConfiguration.PID + " was refused,"
                    + " so the metrics endpoint " + (endpoint == null ? "stays closed" : endpoint + " runs on") + ": "
                    + e.getMessage());
                return;
            }
            configured = settings;
            if (Objects.equals(next, endpoint == null ? null : endpoint.settings())) {
                return;
            }
            if (endpoint != null) {
                endpoint.close();
                LOG.log(System.Logger.Level.INFO, "the metrics endpoint " + endpoint + " is closed for the changed"
                    + " configuration " + MetricsConfiguration.PID);
                endpoint = null;
            }
            if (next != null) {
                try {
                    endpoint = open(next);
                } catch (IllegalStateException e) {
                    LOG.log(System.Logger.Level.ERROR, e.getMessage() + " (configuration " + MetricsConfiguration.PID
                        + "); the node runs on without one");
                }
            }
        }
    }

    /** Guarded by lock. Opens the endpoint and says where. */
    private MetricsEndpoint open(MetricsSettings settings) {
        MetricsEndpoint opened = MetricsEndpoint.start(settings, registry);
        LOG.log(System.Logger.Level.INFO, "Prometheus metrics at " + opened);
        return opened;
    }

    /** @return the nodes running now */
    private Collection<NodeMonitoring> nodes() {
        ServiceTracker<NodeMonitoring, NodeMonitoring> tracker = nodes;
        Object[] services = tracker == null ? null : tracker.getServices();
        return services == null ? List.of()
            : Arrays.stream(services).map(NodeMonitoring.class::cast).toList();
    }

    /** @return the statistics of the transport that runs for {@code node}, or {@code null} when none does */
    private TransportStatistics transport(String node) {
        ServiceTracker<TransportStatistics, TransportStatistics> tracker = transports;
        ServiceReference<TransportStatistics>[] references = tracker == null ? null : tracker.getServiceReferences();
        if (references == null) {
            return null;
        }
        for (ServiceReference<TransportStatistics> reference : references) {
            if (node.equals(reference.getProperty(SporeProperties.SERVICE_NODE_NAME))) {
                TransportStatistics statistics = tracker.getService(reference);
                if (statistics != null) {
                    return statistics;
                }
            }
        }
        return null;
    }
}
