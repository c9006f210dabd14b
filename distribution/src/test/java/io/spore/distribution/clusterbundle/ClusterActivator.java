package io.spore.distribution.clusterbundle;

import io.spore.api.ProcessFactory;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.Map;

/**
 * Activator of the cluster probe bundle that {@code TestBundleJar} packs for the registry's node tests: offers
 * {@link ClusterProbe} as the spawn name {@value #SPAWN_NAME} while the bundle is active.
 */
public final class ClusterActivator implements BundleActivator {
    /** The spawn name the bundle offers. */
    public static final String SPAWN_NAME = "cluster-probe";
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.cluster";

    private ServiceRegistration<ProcessFactory> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(ProcessFactory.class, ClusterProbe::new,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, SPAWN_NAME)));
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
