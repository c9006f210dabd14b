package io.spore.jmx;

import io.spore.api.config.LayeredProperties;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.core.spi.Applications;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TransportStatistics;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
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
 * <p>A connector that the framework properties ask for and that cannot start (a port taken, a missing file, a
 * password file others can read, a keystore it cannot open) fails the bundle's start with one line naming the cause,
 * which {@code spore node} reports before it exits.
 *
 * <p>In a framework with Configuration Admin, the settings may also come from the configuration with PID
 * {@value JmxConfiguration#PID}, whose keys are the same {@code spore.*} names: a key it sets wins over the framework
 * property. A change to it restarts the connector with the new settings (its clients connect again), and deleting it
 * goes back to the framework properties. A configuration that cannot be read, or with which the connector cannot
 * start, never fails the bundle: it is refused with one line at ERROR naming the cause, and the connector runs on as
 * it was (or stays off). Config Admin is optional: without it (the embedded launcher has none) the framework
 * properties are the settings. Where Metatype runs too, consoles describe the configuration
 * ({@link JmxSettings#DESCRIPTION}).
 *
 * <p>Threading: the framework's, and Config Admin's for changes, serialised by a lock; start and stop are
 * symmetric.
 */
public final class JmxActivator implements BundleActivator, ServiceTrackerCustomizer<NodeMonitoring, NodeBeans> {
    private static final System.Logger LOG = System.getLogger(JmxActivator.class.getName());

    /** Serialises the connector's starts and stops: the framework's thread and Config Admin's. */
    private final Object lock = new Object();
    private BundleContext context;
    private MBeanServer server;
    private ServiceTracker<TransportStatistics, TransportStatistics> transports;
    private ServiceTracker<Applications, Applications> applications;
    private ServiceTracker<NodeMonitoring, NodeBeans> nodes;
    private ServiceRegistration<?> configuration;
    private ServiceRegistration<?> metaType;
    /** The {@code spore.*} keys of the configuration applied last; empty without one. */
    private Map<String, String> configured = Map.of();
    /** The running connector and its settings, or {@code null} while it is off. */
    private RemoteConnector connector;
    private JmxSettings running;

    @Override
    public void start(BundleContext bundleContext) {
        context = bundleContext;
        server = ManagementFactory.getPlatformMBeanServer();
        transports = new ServiceTracker<>(bundleContext, TransportStatistics.class, null);
        transports.open();
        applications = new ServiceTracker<>(bundleContext, Applications.class, null);
        applications.open();
        nodes = new ServiceTracker<>(bundleContext, NodeMonitoring.class, this);
        nodes.open();
        boolean configAdmin = configAdminWired(bundleContext);
        try {
            synchronized (lock) {
                if (configAdmin) {
                    configured = JmxConfiguration.current(bundleContext);
                }
                startConnector();
            }
        } catch (RuntimeException e) {
            stop(bundleContext); // a failed start gets no stop call: undo what was opened
            throw e;
        }
        if (configAdmin) {
            // Config Admin gives the configuration (or none) soon after, on its own thread: the same as read above
            // changes nothing.
            configuration = JmxConfiguration.register(bundleContext, this::configure);
        }
        metaType = JmxSettings.DESCRIPTION.register(bundleContext);
    }

    /**
     * Starts the remote connector if it is configured. A connector that the framework properties ask for and that
     * cannot start fails the bundle, as the JDK's own agent fails its JVM: a node that administrators expect to reach
     * on a port does not run unreachable. One that a Config Admin configuration asks for is refused instead, since
     * a new configuration may put it right while the node runs.
     *
     * @throws IllegalStateException with one line naming the cause and what to do
     */
    private void startConnector() {
        try {
            JmxSettings settings = JmxSettings.read(properties(configured));
            if (settings != null) {
                connector = RemoteConnector.start(settings, Credentials.of(settings), server);
                running = settings;
            }
        } catch (RuntimeException e) {
            String why = oneLine(e);
            if (!configured.isEmpty()) {
                refuse("the JMX connector stays off", why);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, why);
            throw new IllegalStateException(why);
        }
    }

    /**
     * Applies a new version of the connector's configuration: reads the settings whole first, then restarts the
     * connector if they changed. A connector on other ports starts before the old one closes, so that one that
     * cannot start leaves the old running; one that needs a port the old holds starts after it closes, and if it
     * cannot, the old starts again.
     *
     * @param settings the configured {@code spore.*} settings by name ({@code LayeredProperties.settings}), empty
     *                 when the configuration was deleted
     */
    private void configure(Map<String, String> settings) {
        synchronized (lock) {
            if (server == null || settings.equals(configured)) { // stopped, or nothing changed
                return;
            }
            String was = connector == null ? "the JMX connector stays off" : "the JMX connector runs on as it was";
            JmxSettings next;
            Credentials credentials;
            try {
                next = JmxSettings.read(properties(settings));
                credentials = next == null ? null : Credentials.of(next);
            } catch (RuntimeException e) {
                refuse(was, oneLine(e));
                return;
            }
            if (!Objects.equals(next, running)) {
                if (next != null && !sharePorts(next, running)) {
                    RemoteConnector started;
                    try {
                        started = RemoteConnector.start(next, credentials, server);
                    } catch (RuntimeException e) {
                        refuse(was, oneLine(e));
                        return;
                    }
                    closeConnector();
                    connector = started;
                    running = next;
                } else if (!restart(next, credentials, was)) {
                    return;
                }
            }
            configured = settings;
        }
    }

    /**
     * Closes the connector and starts one with {@code next} on the ports it freed; when that cannot start, starts the
     * old one again.
     *
     * @return whether {@code next} runs (or, when {@code null}, the connector is off)
     */
    private boolean restart(JmxSettings next, Credentials credentials, String was) {
        JmxSettings previous = running;
        closeConnector();
        if (next == null) {
            return true;
        }
        try {
            connector = RemoteConnector.start(next, credentials, server);
            running = next;
            return true;
        } catch (RuntimeException e) {
            String why = oneLine(e);
            if (previous == null) {
                refuse(was, why);
                return false;
            }
            try {
                connector = RemoteConnector.start(previous, Credentials.of(previous), server);
                running = previous;
                refuse(was, why);
            } catch (RuntimeException again) {
                refuse("the JMX connector is off: the one that ran before could not start again (" + oneLine(again)
                    + ")", why);
            }
            return false;
        }
    }

    /** Whether a connector with {@code next} needs a port that the one with {@code current} holds. */
    private static boolean sharePorts(JmxSettings next, JmxSettings current) {
        return current != null && (next.port() == current.port() || next.port() == current.rmiPort()
            || next.rmiPort() == current.port() || next.rmiPort() == current.rmiPort());
    }

    private void refuse(String outcome, String why) {
        LOG.log(System.Logger.Level.ERROR, "the configuration " + JmxConfiguration.PID + " was refused, so " + outcome
            + ": " + why);
    }

    private void closeConnector() {
        if (connector != null) {
            connector.close();
            connector = null;
            running = null;
        }
    }

    private PropertySource properties(Map<String, String> configuration) {
        return new LayeredProperties(configuration, context::getProperty);
    }

    /**
     * Whether the bundle's optional import of Config Admin's package is wired: only then may
     * {@link JmxConfiguration}, which implements one of its interfaces, be loaded.
     */
    private static boolean configAdminWired(BundleContext bundleContext) {
        try {
            bundleContext.getBundle().loadClass("org.osgi.service.cm.ManagedService");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The message of {@code e} on one line; RMI's nest their causes' messages over several lines. */
    private static String oneLine(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException io ? io.getCause() : e;
        return String.valueOf(cause.getMessage()).replaceAll("\\s*\\R\\s*", " ");
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
            closeConnector();
            configured = Map.of();
            server = null; // a change that Config Admin was delivering meanwhile starts nothing now
        }
        if (nodes != null) {
            nodes.close(); // unregisters every node's MBeans through removedService
            nodes = null;
        }
        if (transports != null) {
            transports.close();
            transports = null;
        }
        if (applications != null) {
            applications.close();
            applications = null;
        }
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
            return NodeBeans.register(monitoring, server, () -> transport(node), () -> applications(node));
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

    /** @return the applications of {@code node}, or {@code null} while the core publishes none */
    private Applications applications(String node) {
        ServiceTracker<Applications, Applications> tracker = applications;
        ServiceReference<Applications>[] references = tracker == null ? null : tracker.getServiceReferences();
        if (references == null) {
            return null;
        }
        for (ServiceReference<Applications> reference : references) {
            if (node == null || node.equals(reference.getProperty(SporeProperties.SERVICE_NODE_NAME))) {
                return tracker.getService(reference);
            }
        }
        return null;
    }

    /** @return the statistics of the transport that runs for {@code node}, or {@code null} when none does */
    private TransportStatistics transport(String node) {
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
                    return statistics;
                }
            }
        }
        return null;
    }
}
