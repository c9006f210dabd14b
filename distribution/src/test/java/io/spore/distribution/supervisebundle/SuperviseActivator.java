package io.spore.distribution.supervisebundle;

import io.spore.api.ProcessFactory;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activator of the bundle that {@code TestBundleJar} packs for {@code SupervisorKillIT}: {@value #CRASHER}, the
 * supervised worker, and {@value #KEEPER}, the process through which a test starts and watches a supervisor.
 */
public final class SuperviseActivator implements BundleActivator {
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.supervise";
    /** The spawn name of {@link Crasher}. */
    public static final String CRASHER = "crasher";
    /** The spawn name of {@link Keeper}. */
    public static final String KEEPER = "keeper";

    private final List<ServiceRegistration<ProcessFactory>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        offer(context, CRASHER, Crasher::new);
        offer(context, KEEPER, Keeper::new);
    }

    private void offer(BundleContext context, String name, ProcessFactory factory) {
        registrations.add(context.registerService(ProcessFactory.class, factory,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, name))));
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
