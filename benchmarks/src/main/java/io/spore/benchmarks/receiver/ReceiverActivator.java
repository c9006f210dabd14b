package io.spore.benchmarks.receiver;

import io.spore.api.ProcessFactory;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activator of the receiver bundle, which the separate-process benchmarks drop into the deploy folder of the node
 * they start from the distribution: it offers the factories those benchmarks spawn there from the benchmark's node,
 * the same behaviours the in-JVM benchmarks spawn on node B directly.
 *
 * <ul>
 *   <li>{@value #ECHO}: {@link Echo}, answers a call with its request;</li>
 *   <li>{@value #SINK}: {@link Sink}, counts messages and answers when a count is reached;</li>
 *   <li>{@value #EXIT_IN_INIT}: {@link ExitInInit}, ends in its {@code init} (the remote spawn's factory);</li>
 *   <li>{@value #STREAMER}: {@link Streamer}, streams messages to another node when called (many-nodes.sh).</li>
 * </ul>
 *
 * <p>This package is the whole bundle: it imports only the API and the framework, so it must not use the rest of
 * the benchmarks' classes.
 */
public final class ReceiverActivator implements BundleActivator {
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.benchmarks.receiver";
    /** The spawn name of {@link Echo}. */
    public static final String ECHO = "bench-echo";
    /** The spawn name of {@link Sink}. */
    public static final String SINK = "bench-sink";
    /** The spawn name of {@link ExitInInit}: {@code bench}, as in the in-JVM remote spawn benchmark. */
    public static final String EXIT_IN_INIT = "bench";
    /** The spawn name of {@link Streamer}. */
    public static final String STREAMER = "bench-streamer";

    private final List<ServiceRegistration<ProcessFactory>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        register(context, ECHO, Echo::new);
        register(context, SINK, Sink::new);
        register(context, EXIT_IN_INIT, ExitInInit::new);
        register(context, STREAMER, Streamer::new);
    }

    @Override
    public void stop(BundleContext context) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it already: the bundle is stopping anyway
            }
        }
        registrations.clear();
    }

    private void register(BundleContext context, String spawnName, ProcessFactory factory) {
        registrations.add(context.registerService(ProcessFactory.class, factory,
            FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, spawnName))));
    }
}
