package io.spore.examples;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The root supervisor of the examples application, which the bundle declares in its manifest:
 *
 * <pre>
 * Spore-Application: examples; supervisor=io.spore.examples.WorkerSupervisor; env.greeting=hello
 * </pre>
 *
 * <p>Three {@link Worker}s, one for one, at most 3 restarts in 10 s: {@code worker-1} and {@code worker-2} on this
 * node, and {@code worker-3} on the node that the framework property (or system property) {@value #REMOTE_NODE}
 * names, when it is set, else here too. There it is started by remote spawn, so that node's access list for
 * {@code worker} applies, and a crash there is restarted there; if that node is down, the restart fails, counts
 * against the intensity, and the application ends once it is exceeded (a second node in the list would be used
 * instead, but this node, being always up, would then be chosen before a node not connected yet).
 */
public final class WorkerSupervisor implements Supplier<SupervisorSpec> {
    /** The framework property naming the node of {@code worker-3}, {@code name@host}. */
    public static final String REMOTE_NODE = "spore.examples.remote.node";

    @Override
    public SupervisorSpec get() {
        Name worker = Name.of(Worker.NAME);
        ChildSpec third = ChildSpec.of("worker-3", worker, "worker-3");
        String remote = property(REMOTE_NODE);
        if (remote != null && !remote.isBlank()) {
            third = third.withNodes(NodeName.parse(remote.trim()));
        }
        return SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withIntensity(3, Duration.ofSeconds(10))
            .withChild(ChildSpec.of("worker-1", worker, "worker-1"))
            .withChild(ChildSpec.of("worker-2", worker, "worker-2"))
            .withChild(third);
    }

    /** A framework property, read through this bundle; {@code null} outside a framework (unit tests). */
    private static String property(String key) {
        Bundle bundle = FrameworkUtil.getBundle(WorkerSupervisor.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        return context == null ? null : context.getProperty(key);
    }
}
