package io.spore.core.spi;

import io.spore.api.Pid;

import java.util.List;
import java.util.Optional;

/**
 * The applications a node runs: bundles that declare one in their {@code Spore-Application} manifest header, each
 * with its root supervisor (see the core's {@code io.spore.core.application} package). Published by the core as an
 * OSGi service next to {@link io.spore.api.Node}, with the same {@code spore.node.name} property, for administration
 * tools (JMX, the shell), with a walk of the supervision trees.
 *
 * <p>Threading: every method is safe from any thread and never blocks.
 */
public interface Applications {
    /** @return every application declared by a bundle that is starting, running or failed, sorted by name */
    List<ApplicationInfo> applications();

    /**
     * @param name an application's name
     * @return that application, empty when no bundle declares it
     */
    default Optional<ApplicationInfo> application(String name) {
        return applications().stream().filter(app -> app.name().equals(name)).findFirst();
    }

    /**
     * Walks the tree under a supervisor of this node, depth first in start order: its children and, for each child
     * that is a running supervisor of this node, its children (a child supervisor on another node is listed, not
     * walked). Each level is one call to that supervisor, so this blocks up to a call timeout per supervisor: not
     * for use inside a process's handler.
     *
     * @param supervisor a supervisor of this node, an application's root or any other
     * @return its tree, empty when it has no children
     * @throws io.spore.api.SporeException {@code NO_PROCESS} when it is not running, {@code NOT_SUPPORTED} when it
     *                                     is not a supervisor
     */
    List<SupervisedChild> tree(Pid supervisor);
}
