package io.spore.distribution.appbundle;

import io.spore.api.ProcessFactory;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.Map;

/**
 * Activator of the application bundle that {@code TestBundleJar} packs for {@code ApplicationDeployIT}: offers
 * {@link Worker} as {@value #WORKER}; the bundle's {@code Spore-Application} header names {@link Root}.
 */
public final class AppActivator implements BundleActivator {
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.application";
    /** The application's name. */
    public static final String APPLICATION = "ordered";
    /** The bundle's {@code Spore-Application} header. */
    public static final String HEADER = APPLICATION + "; supervisor=" + Root.class.getName()
        + "; start-type=transient; env.shift=night";
    /** The header of a permanent variant whose workers keep crashing, so that the root gives up and the node stops. */
    public static final String CRASHING_HEADER = APPLICATION + "; supervisor=" + Root.class.getName()
        + "; start-type=permanent; env.shift=night; env.crash=yes";
    /** The spawn name of the workers. */
    public static final String WORKER = "ordered-worker";

    private ServiceRegistration<ProcessFactory> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(ProcessFactory.class, Worker::new,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, WORKER)));
    }

    @Override
    public void stop(BundleContext context) {
        System.out.println("app activator stopped");
        registration.unregister();
    }
}
