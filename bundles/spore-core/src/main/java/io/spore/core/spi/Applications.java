package io.spore.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * The applications a node runs: bundles that declare one in their {@code Spore-Application} manifest header, each
 * with its root supervisor (see the core's {@code io.spore.core.application} package). Published by the core as an
 * OSGi service next to {@link io.spore.api.Node}, with the same {@code spore.node.name} property, for administration
 * tools (JMX, the shell).
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
}
