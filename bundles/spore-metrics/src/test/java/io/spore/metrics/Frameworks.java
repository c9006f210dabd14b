package io.spore.metrics;

import io.spore.api.config.ApiPackages;
import io.spore.testsupport.Await;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embedded Felix frameworks for the bundle tests, each a node: the core bundle, the packaged metrics bundle, and
 * Config Admin with Metatype (as in Karaf) when asked for, with the bundles' files from failsafe.
 */
final class Frameworks {
    private final Path dir;
    private final List<Framework> frameworks = new ArrayList<>();

    Frameworks(Path dir) {
        this.dir = dir;
    }

    /** Starts a framework for node {@code name} with {@code properties}, and waits for the node to run. */
    Framework start(String name, boolean configAdmin, Map<String, String> properties) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix-" + name + "-" + frameworks.size()).toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS);
        config.put("spore.node.name", name);
        config.put("spore.workers", "1");
        config.putAll(properties);
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start();
        frameworks.add(framework);
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String property : configAdmin ? List.of("spore.configadmin.bundle", "spore.log.bundle",
            "spore.metatype.bundle", "spore.core.bundle") : List.of("spore.core.bundle")) {
            installed.add(context.installBundle(file(property)));
        }
        for (Bundle bundle : installed) {
            bundle.start();
        }
        Await.until(name + " runs", () -> context.getServiceReference("io.spore.api.Node") != null);
        return framework;
    }

    /** Installs and starts the packaged metrics bundle in {@code framework}. @return the bundle */
    static Bundle startMetrics(Framework framework) throws Exception {
        Bundle metrics = framework.getBundleContext().installBundle(file("spore.metrics.bundle"));
        metrics.start();
        return metrics;
    }

    private static String file(String property) {
        String file = System.getProperty(property);
        assertTrue(file != null && Path.of(file).toFile().isFile(), property + " (run by failsafe): " + file);
        return Path.of(file).toUri().toString();
    }

    /** Stops every framework started, the last first. */
    void close() throws Exception {
        for (int i = frameworks.size() - 1; i >= 0; i--) {
            frameworks.get(i).stop();
            frameworks.get(i).waitForStop(20_000);
        }
    }
}
