package io.spore.metrics;

import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.testsupport.LogCapture;
import io.spore.testsupport.MetaTypes;
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
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged metrics bundle beside the real Felix Config Admin bundle: the configuration {@code io.spore.metrics}
 * moves the endpoint to another port or opens it where the framework properties set none, a configuration that
 * cannot be read is refused with one line while the endpoint runs on, and a deleted one leaves the framework
 * properties again.
 */
@Timeout(60)
class MetricsConfigAdminIT {
    @TempDir
    Path dir;
    private Frameworks frameworks;
    private final LogCapture capture = new LogCapture(MetricsActivator.class);
    private final List<LogRecord> records = capture.records();

    @BeforeEach
    void frameworks() {
        frameworks = new Frameworks(dir);
    }

    @AfterEach
    void stop() throws Exception {
        capture.close();
        frameworks.close();
    }

    @Test
    void aConfiguredPortMovesTheEndpointAndAnUnreadableOneIsRefused() throws Exception {
        capture.start();
        int framework = FreePorts.tcp();
        Framework node = frameworks.start("c@localhost", true, Map.of("spore.metrics.port",
            Integer.toString(framework)));
        Frameworks.startMetrics(node);
        Await.until("the endpoint runs on the framework's port", () -> serves(framework));

        int configured = FreePorts.tcp();
        configure(node, Map.of("spore.metrics.port", Integer.toString(configured)));
        Await.until("the endpoint moved to " + configured, () -> serves(configured) && !Http.listening(framework));

        records.clear();
        configure(node, Map.of("spore.metrics.port", "seven"));
        Await.until("the configuration was refused", () -> records.stream()
            .anyMatch(record -> record.getLevel() == Level.SEVERE));
        String line = records.stream().filter(record -> record.getLevel() == Level.SEVERE).findFirst().orElseThrow()
            .getMessage();
        assertTrue(line.contains("io.spore.metrics") && line.contains("spore.metrics.port") && line.contains("'seven'")
            && line.contains("runs on") && !line.contains("\n"), line);
        assertTrue(serves(configured), "the running endpoint stays");

        configure(node, null);
        Await.until("the endpoint is back on the framework's port", () -> serves(framework)
            && !Http.listening(configured));
    }

    @Test
    void aConfigurationOpensAnEndpointTheFrameworkPropertiesDidNot() throws Exception {
        Framework node = frameworks.start("d@localhost", true, Map.of());
        Bundle metrics = Frameworks.startMetrics(node);
        int configured = FreePorts.tcp();
        configure(node, Map.of("spore.metrics.port", Integer.toString(configured), "spore.metrics.bind",
            "127.0.0.1"));
        Await.until("the endpoint opened on " + configured, () -> serves(configured));

        configure(node, Map.of("spore.metrics.bind", "127.0.0.1"));
        Await.until("no port, no endpoint", () -> !Http.listening(configured));
        metrics.stop();
        assertFalse(Http.listening(configured));
    }

    @Test
    void theMetatypeServiceDescribesTheConfiguration() throws Exception {
        Framework node = frameworks.start("e@localhost", true, Map.of());
        Bundle metrics = Frameworks.startMetrics(node);
        BundleContext context = node.getBundleContext();
        Await.until("the endpoint's configuration is described",
            () -> !MetaTypes.attributes(context, metrics, MetricsConfiguration.PID).isEmpty());
        Map<String, MetaTypes.Attribute> attributes = MetaTypes.attributes(context, metrics, MetricsConfiguration.PID);
        assertEquals(List.of("spore.metrics.port", "spore.metrics.bind"), List.copyOf(attributes.keySet()));
        MetaTypes.Attribute port = attributes.get("spore.metrics.port");
        assertEquals(3, port.type(), "an Integer");
        assertNull(port.defaultValue(), "absent: no endpoint");
        assertTrue(port.description().endsWith("A change closes the endpoint and opens it again with the new"
            + " settings."), port.description());
        MetaTypes.Attribute bind = attributes.get("spore.metrics.bind");
        assertEquals(1, bind.type(), "a String");
        assertEquals("127.0.0.1", bind.defaultValue());

        String provider = "(metatype.pid=" + MetricsConfiguration.PID + ")";
        assertEquals(1, context.getAllServiceReferences("org.osgi.service.metatype.MetaTypeProvider", provider)
            .length);
        metrics.stop();
        assertNull(context.getAllServiceReferences("org.osgi.service.metatype.MetaTypeProvider", provider),
            "withdrawn with the bundle");
    }

    /** @return whether a node's metrics are served on {@code port} */
    private static boolean serves(int port) {
        try {
            return Http.text("http://127.0.0.1:" + port + "/metrics").contains("spore_processes{node=");
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    /**
     * Sets the configuration through the {@code ConfigurationAdmin} service, by reflection: the API's classes are
     * the Config Admin bundle's, not this test's.
     *
     * @param settings the configuration's properties, or {@code null} to delete it
     */
    private static void configure(Framework framework, Map<String, String> settings) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?> reference = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin",
            null)[0];
        Bundle configAdmin = reference.getBundle();
        Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = configAdmin.loadClass("org.osgi.service.cm.Configuration");
        Object admin = context.getService(reference);
        try {
            // A null location leaves the configuration unbound, so it goes to the metrics bundle's ManagedService.
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, MetricsConfiguration.PID, null);
            if (settings == null) {
                configurationType.getMethod("delete").invoke(configuration);
            } else {
                Dictionary<String, Object> properties = new Hashtable<>(settings);
                configurationType.getMethod("update", Dictionary.class).invoke(configuration, properties);
            }
        } finally {
            context.ungetService(reference);
        }
    }
}
