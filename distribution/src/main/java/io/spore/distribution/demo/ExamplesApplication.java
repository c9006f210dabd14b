package io.spore.distribution.demo;

import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessInfo;

import java.util.List;

/**
 * Finds the examples application's root supervisor through the {@link Node} API alone (the launcher does not see the
 * core's classes): of the processes of application {@value #NAME}, the application master is the one the node
 * itself spawned, and the root is the master's child.
 */
final class ExamplesApplication {
    /** The application the examples bundle declares. */
    static final String NAME = "examples";

    private ExamplesApplication() {
    }

    /** @return the root supervisor's pid, or {@code null} while the application does not run */
    static Pid root(Node node) {
        List<ProcessInfo> processes = node.processes().stream().filter(p -> NAME.equals(p.application())).toList();
        Pid master = processes.stream().filter(p -> p.parent().isNode()).map(ProcessInfo::pid).findFirst()
            .orElse(null);
        if (master == null) {
            return null;
        }
        return processes.stream().filter(p -> master.equals(p.parent())).map(ProcessInfo::pid).findFirst()
            .orElse(null);
    }
}
