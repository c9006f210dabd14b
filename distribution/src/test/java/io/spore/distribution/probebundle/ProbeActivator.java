package io.spore.distribution.probebundle;

import io.spore.api.ProcessFactory;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.Map;

/**
 * Activator of the probe bundle that {@code TestBundleJar} packs for the tests that run real nodes: offers
 * {@link Probe} as the spawn name {@value #SPAWN_NAME} while the bundle is active.
 */
public final class ProbeActivator implements BundleActivator {
    /** The spawn name the bundle offers. */
    public static final String SPAWN_NAME = "probe";
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.probe";

    private ServiceRegistration<ProcessFactory> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(ProcessFactory.class, Probe::new,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, SPAWN_NAME)));
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
