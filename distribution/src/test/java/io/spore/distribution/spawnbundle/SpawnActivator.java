package io.spore.distribution.spawnbundle;

import io.spore.api.ProcessFactory;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activator of the bundle that {@code TestBundleJar} packs for {@code RemoteSpawnIT}: the factories remote spawns
 * are tried with. {@code inspect} is open to all; {@code listed} starts with the access list {@code a@localhost}
 * (its {@code spore.spawn.nodes}); {@code failing} fails in init; {@code slow} sleeps in init for its argument's
 * milliseconds; {@code spawner} spawns on other nodes when called.
 */
public final class SpawnActivator implements BundleActivator {
    /** The bundle's symbolic name. */
    public static final String BSN = "io.spore.it.spawn";

    private final List<ServiceRegistration<ProcessFactory>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        offer(context, "inspect", Inspector::new, Map.of());
        offer(context, "listed", Inspector::new, Map.of(ProcessFactory.SPAWN_NODES, new String[] {"a@localhost"}));
        offer(context, "failing", () -> new Inspector() {
            @Override
            public void init(io.spore.api.ProcessContext ctx, Object... args) {
                throw new IllegalStateException("the init failed on purpose, with " + List.of(args));
            }
        }, Map.of());
        offer(context, "slow", () -> new Inspector() {
            @Override
            public void init(io.spore.api.ProcessContext ctx, Object... args) throws InterruptedException {
                Thread.sleep(args.length > 0 ? ((Number) args[0]).longValue() : 1000);
            }
        }, Map.of());
        offer(context, "spawner", Spawner::new, Map.of());
    }

    private void offer(BundleContext context, String name, ProcessFactory factory, Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(extra);
        properties.put(ProcessFactory.SPAWN_NAME, name);
        registrations.add(context.registerService(ProcessFactory.class, factory,
            FrameworkUtil.asDictionary(properties)));
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
