package io.spore.jmx;

import io.spore.api.config.SporeProperties;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TransportStatistics;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Objects;

/**
 * Administration over JMX for as long as this bundle runs: registers a node's open MBeans in the platform MBeanServer
 * (where JConsole's local attach finds them) while the core's {@link NodeMonitoring} service is there, and
 * unregisters them when it goes; with the framework property {@link SporeProperties#JMX_PORT}, also runs the remote
 * connector ({@link RemoteConnector}).
 *
 * <p>The transport's counters come from its {@link TransportStatistics} service, looked up on every read, so the
 * MBeans show them whenever a transport runs and zeros when none does: no dependency on the transport bundle.
 *
 * <p>A connector that was asked for and cannot start (a port taken, a missing file, a password file others can
 * read, a keystore it cannot open) fails the bundle's start with one line naming the cause, which
 * {@code spore node} reports before it exits. Threading: the framework's; start and stop are symmetric.
 */
public final class JmxActivator implements BundleActivator, ServiceTrackerCustomizer<NodeMonitoring, NodeBeans> {
    private static final System.Logger LOG = System.getLogger(JmxActivator.class.getName());

    private BundleContext context;
    private MBeanServer server;
    private ServiceTracker<TransportStatistics, TransportStatistics> transports;
    private ServiceTracker<NodeMonitoring, NodeBeans> nodes;
    private RemoteConnector connector;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
        server = ManagementFactory.getPlatformMBeanServer();
        transports = new ServiceTracker<>(bundleContext, TransportStatistics.class, null);
        transports.open();
        nodes = new ServiceTracker<>(bundleContext, NodeMonitoring.class, this);
        nodes.open();
        try {
            startConnector();
        } catch (RuntimeException e) {
            stop(bundleContext); // a failed start gets no stop call: undo what was opened
            throw e;
        }
    }

    /**
     * Starts the remote connector if it is configured. A connector that was asked for and cannot start fails the
     * bundle, as the JDK's own agent fails its JVM: a node that administrators expect to reach on a port does not
     * run unreachable.
     *
     * @throws IllegalStateException with one line naming the cause and what to do
     */
    private void startConnector() {
        try {
            JmxSettings settings = JmxSettings.read(context::getProperty);
            if (settings != null) {
                connector = RemoteConnector.start(settings, Credentials.of(settings), server);
            }
        } catch (RuntimeException e) {
            String why = oneLine(e instanceof java.io.UncheckedIOException io ? io.getCause() : e);
            LOG.log(System.Logger.Level.ERROR, why);
            throw new IllegalStateException(why);
        }
    }

    /** The message of {@code e} on one line; RMI's nest their causes' messages over several lines. */
    private static String oneLine(Throwable e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void stop(BundleContext bundleContext) {
        if (connector != null) {
            connector.close();
            connector = null;
        }
        if (nodes != null) {
            nodes.close(); // unregisters every node's MBeans through removedService
            nodes = null;
        }
        if (transports != null) {
            transports.close();
            transports = null;
        }
        server = null;
        context = null;
    }

    @Override
    public NodeBeans addingService(ServiceReference<NodeMonitoring> reference) {
        NodeMonitoring monitoring = context.getService(reference);
        if (monitoring == null) {
            return null;
        }
        String node = Objects.toString(reference.getProperty(SporeProperties.SERVICE_NODE_NAME), null);
        try {
            return NodeBeans.register(monitoring, server, () -> transportCounters(node));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            context.ungetService(reference);
            return null;
        }
    }

    @Override
    public void modifiedService(ServiceReference<NodeMonitoring> reference, NodeBeans beans) {
        // The node's name and creation do not change while its service is registered.
    }

    @Override
    public void removedService(ServiceReference<NodeMonitoring> reference, NodeBeans beans) {
        try {
            beans.close();
        } finally {
            context.ungetService(reference);
        }
    }

    /** @return the counters of the transport that runs for {@code node}, or {@code null} when none does */
    private Map<String, Long> transportCounters(String node) {
        ServiceTracker<TransportStatistics, TransportStatistics> tracker = transports;
        if (tracker == null) {
            return null;
        }
        ServiceReference<TransportStatistics>[] references = tracker.getServiceReferences();
        if (references == null) {
            return null;
        }
        for (ServiceReference<TransportStatistics> reference : references) {
            if (node == null || node.equals(reference.getProperty(SporeProperties.SERVICE_NODE_NAME))) {
                TransportStatistics statistics = tracker.getService(reference);
                if (statistics != null) {
                    return statistics.counters();
                }
            }
        }
        return null;
    }
}
