package io.spore.jmx;

import io.spore.api.SporeException;
import io.spore.core.spi.Applications;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TransportStatistics;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The MBeans of one running node, registered together and unregistered together: {@code Node},
 * {@code SpawnAccess}, {@code Processes}, {@code Peers}, {@code Applications} and {@code Cluster}, each named
 * {@code io.spore:type=TYPE,name=<node>}. While registered, they listen to the node for nodes up and down,
 * access-list events and supervisors' reports.
 *
 * <p>Threading: {@link #register} and {@link #close} from one thread (the service tracker's).
 */
final class NodeBeans implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeBeans.class.getName());

    private final NodeMonitoring monitoring;
    private final MBeanServer server;
    private final NodeAdmin node;
    private final SpawnAccessAdmin access;
    private final ProcessesAdmin processes;
    private final PeersAdmin peers;
    private final ApplicationsAdmin applications;
    private final ClusterAdmin cluster;
    private final List<ObjectName> registered = new ArrayList<>();

    private NodeBeans(NodeMonitoring monitoring, MBeanServer server, Supplier<TransportStatistics> transport,
                      Supplier<Applications> applications) {
        this.monitoring = monitoring;
        this.server = server;
        AtomicLong sequence = new AtomicLong();
        this.node = new NodeAdmin(monitoring, () -> {
            TransportStatistics statistics = transport.get();
            return statistics == null ? null : statistics.counters();
        }, nodeName(), sequence);
        this.peers = new PeersAdmin(transport);
        this.access = new SpawnAccessAdmin(monitoring.node(), accessName(), sequence);
        this.processes = new ProcessesAdmin(monitoring.node());
        this.applications = new ApplicationsAdmin(monitoring.node(), applications, applicationsName(), sequence);
        this.cluster = new ClusterAdmin(monitoring.node());
    }

    /**
     * Registers the MBeans of {@code monitoring}'s node in {@code server} and starts listening.
     *
     * @param transport the transport's statistics, {@code null} while none runs
     * @throws IllegalStateException when MBeans of a node of the same name are registered already
     */
    static NodeBeans register(NodeMonitoring monitoring, MBeanServer server,
                              Supplier<TransportStatistics> transport) {
        return register(monitoring, server, transport, () -> null);
    }

    /**
     * As {@link #register(NodeMonitoring, MBeanServer, Supplier)}, with the core's applications.
     *
     * @param applications the core's {@link Applications} service, {@code null} while there is none
     */
    static NodeBeans register(NodeMonitoring monitoring, MBeanServer server, Supplier<TransportStatistics> transport,
                              Supplier<Applications> applications) {
        NodeBeans beans = new NodeBeans(monitoring, server, transport, applications);
        try {
            beans.add(beans.node.bean(), beans.nodeName());
            beans.add(beans.access.bean(), beans.accessName());
            beans.add(beans.processes.bean(), beans.processesName());
            beans.add(beans.peers.bean(), beans.peersName());
            beans.add(beans.applications.bean(), beans.applicationsName());
            beans.add(beans.cluster.bean(), beans.clusterName());
        } catch (InstanceAlreadyExistsException e) {
            beans.close();
            throw new IllegalStateException("MBeans of a node named " + monitoring.node().name() + " are already"
                + " registered in this JVM (" + e.getMessage() + "); node " + monitoring.node().name()
                + " runs without JMX", e);
        } catch (JMException e) {
            beans.close();
            throw new IllegalStateException("the MBeans of " + monitoring.node().name() + " cannot be registered: "
                + e, e);
        }
        monitoring.addConnectionListener(beans.node);
        monitoring.node().network().addSpawnAccessListener(beans.access);
        try {
            monitoring.node().addSupervisionListener(beans.applications);
        } catch (SporeException e) {
            LOG.log(System.Logger.Level.INFO, "node " + monitoring.node().name() + " does not report restarts: "
                + e.getMessage());
        }
        return beans;
    }

    ObjectName nodeName() {
        return ObjectNames.of("Node", monitoring.node().name());
    }

    ObjectName accessName() {
        return ObjectNames.of("SpawnAccess", monitoring.node().name());
    }

    ObjectName processesName() {
        return ObjectNames.of("Processes", monitoring.node().name());
    }

    ObjectName peersName() {
        return ObjectNames.of("Peers", monitoring.node().name());
    }

    ObjectName applicationsName() {
        return ObjectNames.of("Applications", monitoring.node().name());
    }

    ObjectName clusterName() {
        return ObjectNames.of("Cluster", monitoring.node().name());
    }

    private void add(Object bean, ObjectName name) throws JMException {
        server.registerMBean(bean, name);
        registered.add(name);
    }

    @Override
    public void close() {
        monitoring.removeConnectionListener(node);
        monitoring.node().removeSupervisionListener(applications);
        try {
            monitoring.node().network().removeSpawnAccessListener(access);
        } catch (RuntimeException e) {
            // The node is stopping: its network no longer answers, and no event will come.
        }
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // Someone unregistered it already (a JMX client with write access may).
            } catch (JMException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot unregister " + name + ": " + e);
            }
        }
        registered.clear();
    }
}
