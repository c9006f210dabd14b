package io.spore.shell;

import io.spore.api.Node;
import io.spore.core.spi.Applications;
import io.spore.core.spi.TransportStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Publishes the {@code spore:*} Gogo commands. They are a plain service object carrying the
 * {@code osgi.command.scope} and {@code osgi.command.function} properties, which the Gogo runtime's whiteboard
 * picks up; no Gogo class is needed to register them.
 *
 * <p>The node is tracked rather than required, so the commands exist before a node is up and after it stops,
 * and then say so instead of disappearing from the shell.
 */
public final class ShellActivator implements BundleActivator {
    private ServiceTracker<Node, Node> nodes;
    private ServiceTracker<TransportStatistics, TransportStatistics> transports;
    private ServiceTracker<Applications, Applications> applications;
    private ServiceRegistration<Object> commands;
    private ServiceRegistration<Object> applicationCommands;
    private ServiceRegistration<Object> clusterCommands;
    private final List<ServiceRegistration<Function>> functions = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        nodes = new ServiceTracker<>(context, Node.class, null);
        nodes.open();
        transports = new ServiceTracker<>(context, TransportStatistics.class, null);
        transports.open();
        commands = context.registerService(Object.class, new SporeCommands(nodes::getService, this::transportCounters),
            FrameworkUtil.asDictionary(Map.of(
                "osgi.command.scope", SporeCommands.SCOPE,
                "osgi.command.function", SporeCommands.FUNCTIONS)));
        functions.add(context.registerService(Function.class, new NodesCommand(this::transport),
            FrameworkUtil.asDictionary(Map.of("osgi.command.scope", SporeCommands.SCOPE,
                "osgi.command.function", new String[] {NodesCommand.NAME}))));
        applications = new ServiceTracker<>(context, Applications.class, null);
        applications.open();
        applicationCommands = context.registerService(Object.class,
            new ApplicationCommands(applications::getService), FrameworkUtil.asDictionary(Map.of(
                "osgi.command.scope", SporeCommands.SCOPE,
                "osgi.command.function", ApplicationCommands.FUNCTIONS)));
        clusterCommands = context.registerService(Object.class, new ClusterCommands(nodes::getService),
            FrameworkUtil.asDictionary(Map.of(
                "osgi.command.scope", SporeCommands.SCOPE,
                "osgi.command.function", ClusterCommands.FUNCTIONS)));
        for (boolean enable : new boolean[] {true, false}) {
            SpawnAccessCommand command = new SpawnAccessCommand(enable, nodes::getService);
            functions.add(context.registerService(Function.class, command, FrameworkUtil.asDictionary(Map.of(
                "osgi.command.scope", SporeCommands.SCOPE,
                "osgi.command.function", new String[] {command.name()}))));
        }
    }

    @Override
    public void stop(BundleContext context) {
        // The reverse of start: no command may run against a closed tracker.
        functions.forEach(ServiceRegistration::unregister);
        functions.clear();
        clusterCommands.unregister();
        clusterCommands = null;
        applicationCommands.unregister();
        applicationCommands = null;
        applications.close();
        applications = null;
        commands.unregister();
        commands = null;
        nodes.close();
        nodes = null;
        transports.close();
        transports = null;
    }

    /** @return the running transport's statistics, or {@code null} when no transport runs */
    private TransportStatistics transport() {
        ServiceTracker<TransportStatistics, TransportStatistics> tracker = transports;
        return tracker == null ? null : tracker.getService();
    }

    /** @return the running transport's counters, or none when no transport runs (a node without distribution) */
    private Map<String, Long> transportCounters() {
        ServiceTracker<TransportStatistics, TransportStatistics> tracker = transports;
        TransportStatistics statistics = tracker == null ? null : tracker.getService();
        return statistics == null ? Map.of() : statistics.counters();
    }
}
