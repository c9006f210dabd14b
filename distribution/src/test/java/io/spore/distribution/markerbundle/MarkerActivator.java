package io.spore.distribution.markerbundle;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Activator of the marker bundle that {@code TestBundleJar} packs for the folder tests: says in the node's output
 * that it started, so a test sees whether a deploy folder's bundles ran.
 */
public final class MarkerActivator implements BundleActivator {
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.marker";
    /** What the bundle prints when it starts. */
    public static final String STARTED = "marker bundle started";

    @Override
    public void start(BundleContext context) {
        System.out.println(STARTED);
        System.out.flush();
    }

    @Override
    public void stop(BundleContext context) {
        // Nothing to undo.
    }
}
