package io.spore.core.osgi;

import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.config.ApiPackages;
import io.spore.testsupport.Await;
import io.spore.testsupport.LogCapture;
import io.spore.testsupport.MetaTypes;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged core bundle beside the real Felix Config Admin bundle in an embedded Felix framework: the
 * configuration {@code io.spore.node} turns remote spawn off and on again live, a changed worker count is one WARN
 * line naming it while the node runs on unchanged, a value that cannot be read is one ERROR line and changes
 * nothing, and a configuration present before the bundle starts is what the node starts with. With Felix Metatype
 * beside them, the Metatype service describes the configuration (without it, the other tests show, the bundle runs
 * the same).
 */
@Timeout(60)
class NodeConfigAdminIT {
    @TempDir
    Path dir;
    private Framework framework;
    private final LogCapture capture = new LogCapture(CoreActivator.class);
    private final List<LogRecord> records = capture.records();

    @BeforeEach
    void startFramework() throws Exception {
        capture.start();
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS);
        config.put("spore.node.name", "cm@localhost");
        config.put("spore.workers", "2");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        install("spore.configadmin.bundle").start();
    }

    @AfterEach
    void stopFramework() throws Exception {
        capture.close();
        framework.stop();
        framework.waitForStop(20_000);
    }

    @Test
    void remoteSpawnChangesLiveAndOtherSettingsWaitForARestart() throws Exception {
        install("spore.core.bundle").start();
        ServiceReference<Node> reference = framework.getBundleContext().getServiceReference(Node.class);
        Node node = framework.getBundleContext().getService(reference);
        assertTrue(node.network().remoteSpawnEnabled(), "the default");
        Pid process = node.spawn(Idle::new, ProcessOptions.DEFAULTS);
        int creation = node.creation();

        configure(Map.of("spore.remote.spawn", "false"));
        Await.until("remote spawn off", Duration.ofSeconds(10), () -> !node.network().remoteSpawnEnabled());
        configure(Map.of("spore.remote.spawn", "true"));
        Await.until("remote spawn on again", Duration.ofSeconds(10), () -> node.network().remoteSpawnEnabled());

        records.clear();
        configure(Map.of("spore.remote.spawn", "true", "spore.workers", "3"));
        Await.until("the restart is asked for", Duration.ofSeconds(10), () -> records.stream()
            .anyMatch(record -> record.getLevel() == Level.WARNING));
        List<LogRecord> warnings = records.stream().filter(record -> record.getLevel() == Level.WARNING).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.get(0).getMessage();
        assertTrue(warning.contains("spore.workers") && warning.contains("restart the node"), warning);
        assertFalse(warning.contains("spore.remote.spawn"), warning);
        assertUnchanged(reference, node, creation, process);
        assertTrue(node.network().remoteSpawnEnabled());

        records.clear();
        configure(Map.of("spore.remote.spawn", "maybe"));
        Await.until("the configuration was refused", Duration.ofSeconds(10), () -> records.stream()
            .anyMatch(record -> record.getLevel() == Level.SEVERE));
        Thread.sleep(200); // a second line would come now
        List<LogRecord> errors = records.stream().filter(record -> record.getLevel() == Level.SEVERE).toList();
        assertEquals(1, errors.size(), errors.toString());
        String error = errors.get(0).getMessage();
        assertTrue(error.contains("io.spore.node") && error.contains("spore.remote.spawn") && error.contains("'maybe'"),
            error);
        assertFalse(error.contains("\n"), error);
        assertTrue(records.stream().noneMatch(record -> record.getLevel() == Level.WARNING), records.toString());
        assertTrue(node.network().remoteSpawnEnabled(), "remote spawn as it was");
        assertUnchanged(reference, node, creation, process);
    }

    @Test
    void theNodeStartsWithTheConfigurationPresentThen() throws Exception {
        configure(Map.of("spore.node.name", "configured@localhost", "spore.remote.spawn", "false"));
        install("spore.core.bundle").start();
        BundleContext context = framework.getBundleContext();
        Node node = context.getService(context.getServiceReference(Node.class));
        assertEquals("configured@localhost", node.name().toString());
        assertFalse(node.network().remoteSpawnEnabled());
        Thread.sleep(500); // Config Admin's first call to the bundle, with the same configuration
        assertTrue(records.stream().noneMatch(record -> record.getLevel() == Level.WARNING
            || record.getLevel() == Level.SEVERE), records.toString());
    }

    @Test
    void theMetatypeServiceDescribesTheConfiguration() throws Exception {
        install("spore.log.bundle").start();
        install("spore.metatype.bundle").start();
        Bundle core = install("spore.core.bundle");
        core.start();
        BundleContext context = framework.getBundleContext();
        Await.until("the node's configuration is described", Duration.ofSeconds(10),
            () -> !MetaTypes.attributes(context, core, "io.spore.node").isEmpty());
        Map<String, MetaTypes.Attribute> attributes = MetaTypes.attributes(context, core, "io.spore.node");
        assertEquals(List.of("spore.node.name", "spore.workers", "spore.throughput", "spore.mailbox.limit",
                "spore.remote.spawn", "spore.expose.env.remote.spawn", "spore.state.dir"),
            List.copyOf(attributes.keySet()));
        assertEquals(new MetaTypes.Attribute("spore.workers", 3, "0", attributes.get("spore.workers").description()),
            attributes.get("spore.workers"), "an Integer, default 0");
        assertEquals(11, attributes.get("spore.remote.spawn").type(), "a Boolean");
        assertEquals("true", attributes.get("spore.remote.spawn").defaultValue());
        assertEquals(1, attributes.get("spore.state.dir").type(), "a String");
        assertEquals(null, attributes.get("spore.state.dir").defaultValue(), "no default");
        assertTrue(attributes.get("spore.remote.spawn").description().endsWith("applies at once."),
            attributes.get("spore.remote.spawn").description());
        assertTrue(attributes.get("spore.workers").description().endsWith("when the node starts again."),
            attributes.get("spore.workers").description());
    }

    private void assertUnchanged(ServiceReference<Node> reference, Node node, int creation, Pid process) {
        assertEquals(creation, node.creation(), "the same node");
        assertSame(node, framework.getBundleContext().getService(reference), "the same Node service");
        assertEquals(Bundle.ACTIVE, reference.getBundle().getState());
        assertTrue(node.isAlive(process), "its processes run on");
    }

    private Bundle install(String property) throws Exception {
        String file = System.getProperty(property);
        assertTrue(file != null && Path.of(file).toFile().isFile(), property + " (run by failsafe): " + file);
        return framework.getBundleContext().installBundle(Path.of(file).toUri().toString());
    }

    /** Sets the node's configuration through the {@code ConfigurationAdmin} service, by reflection. */
    private void configure(Map<String, String> settings) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?> reference = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin",
            null)[0];
        // The API's classes are the Config Admin bundle's, not this test's.
        Bundle configAdmin = reference.getBundle();
        Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = configAdmin.loadClass("org.osgi.service.cm.Configuration");
        Object admin = context.getService(reference);
        try {
            // A null location leaves the configuration unbound, so it goes to the core bundle's ManagedService.
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, "io.spore.node", null);
            Dictionary<String, Object> properties = new Hashtable<>(settings);
            configurationType.getMethod("update", Dictionary.class).invoke(configuration, properties);
        } finally {
            context.ungetService(reference);
        }
    }

    /** Waits for messages it ignores. */
    private static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }
    }
}
