package io.spore.examples;

import io.spore.api.ProcessFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

/**
 * Publishes the example factories {@code echo}, {@code counter}, {@code logger} and {@code worker} as
 * {@link ProcessFactory} services, so every node in the framework offers them as spawn names while this bundle is
 * active. (The bundle is also an application, {@code examples}, whose root supervisor {@link WorkerSupervisor}
 * starts {@code worker}s: the node starts it once this activator has run, and stops it before {@link #stop} runs.)
 *
 * <p>{@link #stop} withdraws exactly what {@link #start} registered; the node then ends the processes these
 * factories created, since their classes are about to go away.
 */
public final class ExamplesActivator implements BundleActivator {
    private final List<ServiceRegistration<ProcessFactory>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        register(context, Echo.NAME, Echo::new);
        register(context, Counter.NAME, Counter::new);
        register(context, Logger.NAME, Logger::new);
        register(context, Worker.NAME, Worker::new);
    }

    @Override
    public void stop(BundleContext context) {
        // Reverse order mirrors start; each unregister is independent, so one failing must not keep the others.
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework already unregistered it (the bundle is stopping anyway): nothing left to undo.
            }
        }
        registrations.clear();
    }

    private void register(BundleContext context, String spawnName, ProcessFactory factory) {
        registrations.add(context.registerService(ProcessFactory.class, factory,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, spawnName))));
    }
}
