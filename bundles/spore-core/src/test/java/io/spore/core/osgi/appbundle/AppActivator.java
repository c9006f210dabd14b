package io.spore.core.osgi.appbundle;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.ProcessFactory;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import java.util.Map;

/**
 * Activator of the application bundle that {@code ApplicationBundleIT} packs: offers {@link AppWorker} as
 * {@value #WORKER}, and tells the observer when its {@code stop} runs, so the test sees that the application's tree
 * had ended by then.
 */
public final class AppActivator implements BundleActivator {
    /** The spawn name of the workers. */
    public static final String WORKER = "app-worker";

    private ServiceRegistration<ProcessFactory> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(ProcessFactory.class, AppWorker::new,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, WORKER)));
    }

    @Override
    public void stop(BundleContext context) {
        ServiceReference<Node> reference = context.getServiceReference(Node.class);
        Node node = context.getService(reference);
        if (node.whereis(Name.of(AppWorker.OBSERVER)).isPresent()) {
            node.send(Name.of(AppWorker.OBSERVER), "activator stop");
        }
        context.ungetService(reference);
        registration.unregister();
    }
}
