package io.spore.distribution.testbundle;

import io.spore.api.ProcessFactory;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.Map;

/**
 * Activator of the bundle that {@code TestBundleJar} packs at test time: publishes {@link ShippedGreeter} as the
 * factory {@value #SPAWN_NAME} while the bundle is active. Felix loads this class from that jar, not from the test
 * class path, since the package is not imported.
 */
public final class TestFactoryActivator implements BundleActivator {
    /** The spawn name the bundle offers. */
    public static final String SPAWN_NAME = "testfactory";
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.testbundle";

    private ServiceRegistration<ProcessFactory> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(ProcessFactory.class, ShippedGreeter::new,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, SPAWN_NAME)));
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
