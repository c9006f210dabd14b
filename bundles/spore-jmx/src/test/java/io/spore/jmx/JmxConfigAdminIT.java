package io.spore.jmx;

import io.spore.api.config.ApiPackages;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.testsupport.LogCapture;
import io.spore.testsupport.MetaTypes;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged JMX bundle beside the core bundle and the real Felix Config Admin bundle in an embedded Felix
 * framework: the configuration {@code io.spore.jmx} turns the remote connector on while the node runs, moves it to
 * another port (the old one then refuses clients), refuses with one line a configuration that cannot be read or a
 * port that cannot be bound while the connector runs on, and once deleted leaves the framework properties; Felix
 * Metatype, beside them, describes the configuration.
 */
@Timeout(90)
class JmxConfigAdminIT {
    private static final String[] BUNDLES = {"spore.configadmin.bundle", "spore.log.bundle", "spore.metatype.bundle",
        "spore.core.bundle", "spore.jmx.bundle"};
    private static final String NODE = "jmx-config@localhost";

    @TempDir
    Path dir;
    private Framework framework;
    private final LogCapture capture = new LogCapture(JmxActivator.class);
    private final List<LogRecord> records = capture.records();

    @AfterEach
    void stopFramework() throws Exception {
        capture.close();
        if (framework != null) {
            framework.stop();
            framework.waitForStop(20_000);
        }
    }

    @Test
    void aConfigurationTurnsTheConnectorOnMovesItAndRefusesWhatCannotWork() throws Exception {
        capture.start();
        framework = node(Map.of());
        Map<String, String> files = files();
        int first = FreePorts.tcp();
        assertThrows(IOException.class, () -> connect(first).close(), "no connector before the configuration");

        configure(framework, with(files, first));
        Await.until("the connector listens on " + first, Duration.ofSeconds(20), () -> reachable(first));
        assertEquals(NODE, nodeName(first));

        int second = FreePorts.tcp();
        configure(framework, with(files, second));
        Await.until("the connector listens on " + second, Duration.ofSeconds(20), () -> reachable(second));
        assertEquals(NODE, nodeName(second));
        awaitClosed(first, "the old port refuses clients");

        records.clear();
        Map<String, String> unreadable = new HashMap<>(with(files, second));
        unreadable.put("spore.jmx.port", "seven");
        configure(framework, unreadable);
        String line = refusal();
        assertTrue(line.contains("io.spore.jmx") && line.contains("spore.jmx.port") && line.contains("'seven'"), line);
        assertEquals(NODE, nodeName(second), "the connector runs on as it was");

        records.clear();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            configure(framework, with(files, taken.getLocalPort()));
            line = refusal();
            assertTrue(line.contains("io.spore.jmx") && line.contains("port " + taken.getLocalPort()), line);
        }
        assertEquals(NODE, nodeName(second), "the connector runs on as it was");

        configure(framework, null);
        Await.until("the connector stopped", Duration.ofSeconds(20), () -> !reachable(second));
    }

    @Test
    void aDeletedConfigurationLeavesTheFrameworkPropertiesAgain() throws Exception {
        Map<String, String> files = files();
        int frameworkPort = FreePorts.tcp();
        Map<String, String> properties = new HashMap<>(files);
        properties.put("spore.jmx.port", Integer.toString(frameworkPort));
        framework = node(properties);
        assertEquals(NODE, nodeName(frameworkPort), "the framework property, Config Admin having no configuration");

        int configured = FreePorts.tcp();
        configure(framework, Map.of("spore.jmx.port", Integer.toString(configured)));
        Await.until("the connector moved to " + configured, Duration.ofSeconds(20), () -> reachable(configured));
        awaitClosed(frameworkPort, "the framework's port is left");

        configure(framework, null);
        Await.until("the connector came back on the framework's port", Duration.ofSeconds(20),
            () -> reachable(frameworkPort));
        awaitClosed(configured, "the configured port is left");
    }

    @Test
    void theMetatypeServiceDescribesTheConfiguration() throws Exception {
        framework = node(Map.of());
        BundleContext context = framework.getBundleContext();
        Bundle jmx = java.util.Arrays.stream(context.getBundles())
            .filter(bundle -> "io.spore.jmx".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
        Await.until("the connector's configuration is described",
            () -> !MetaTypes.attributes(context, jmx, "io.spore.jmx").isEmpty());
        Map<String, MetaTypes.Attribute> attributes = MetaTypes.attributes(context, jmx, "io.spore.jmx");
        assertEquals(List.of("spore.jmx.port", "spore.jmx.rmi.port", "spore.jmx.host", "spore.jmx.password.file",
            "spore.jmx.access.file", "spore.state.dir", "spore.jmx.ssl", "spore.jmx.registry.ssl",
            "spore.jmx.ssl.keystore", "spore.jmx.ssl.keystore.type", "spore.jmx.ssl.keystore.password.file",
            "spore.jmx.ssl.keystore.password"), List.copyOf(attributes.keySet()));
        MetaTypes.Attribute port = attributes.get("spore.jmx.port");
        assertEquals(3, port.type(), "an Integer");
        assertEquals(null, port.defaultValue(), "absent: no connector");
        assertTrue(port.description().endsWith("A change restarts the JMX connector."), port.description());
        assertEquals("127.0.0.1", attributes.get("spore.jmx.host").defaultValue());
        assertEquals(11, attributes.get("spore.jmx.ssl").type(), "a Boolean");
        assertEquals("false", attributes.get("spore.jmx.ssl").defaultValue());
    }

    /**
     * Waits until {@code port} refuses clients: a connector on other ports starts before the old one closes (so that
     * one that cannot start leaves the old running), and the new one answers a moment before the old is gone.
     */
    private static void awaitClosed(int port, String what) {
        Await.until(what + " (" + port + ")", Duration.ofSeconds(20), () -> !reachable(port));
    }

    /** The one line the activator logged at ERROR, awaited. */
    private String refusal() {
        Await.until("the configuration was refused", () -> records.stream()
            .anyMatch(record -> record.getLevel() == Level.SEVERE));
        String line = records.stream().filter(record -> record.getLevel() == Level.SEVERE).findFirst().orElseThrow()
            .getMessage();
        assertTrue(!line.contains("\n"), line);
        return line;
    }

    /** The password and access files of one read-only user, as connector settings. */
    private Map<String, String> files() throws IOException {
        Path passwords = TestConnector.privateFile(dir.resolve("jmx.password"), "tester secret\n");
        Path access = TestConnector.privateFile(dir.resolve("jmx.access"), "tester readonly\n");
        return Map.of("spore.jmx.password.file", passwords.toString(), "spore.jmx.access.file", access.toString());
    }

    private static Map<String, String> with(Map<String, String> files, int port) {
        Map<String, String> settings = new HashMap<>(files);
        settings.put("spore.jmx.port", Integer.toString(port));
        return settings;
    }

    private static JMXConnector connect(int port) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {"tester", "secret"}));
    }

    private static boolean reachable(int port) {
        try {
            connect(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The node's name as a JMX client reads it, an attribute of its MBean. */
    private static String nodeName(int port) throws Exception {
        try (JMXConnector client = connect(port)) {
            return (String) client.getMBeanServerConnection()
                .getAttribute(new ObjectName("io.spore:type=Node,name=" + NODE), "Name");
        }
    }

    /**
     * Sets the connector's configuration through the {@code ConfigurationAdmin} service, by reflection.
     *
     * @param settings the configuration's properties, or {@code null} to delete it
     */
    private static void configure(Framework framework, Map<String, String> settings) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?> reference = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin",
            null)[0];
        // The API's classes are the Config Admin bundle's, not this test's.
        Bundle configAdmin = reference.getBundle();
        Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = configAdmin.loadClass("org.osgi.service.cm.Configuration");
        Object admin = context.getService(reference);
        try {
            // A null location leaves the configuration unbound, so it goes to the JMX bundle's ManagedService.
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, "io.spore.jmx", null);
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

    private Framework node(Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", ApiPackages.EXPORTS);
        config.put("spore.node.name", NODE);
        config.put("spore.workers", "1");
        config.putAll(extra);
        Framework started = new FrameworkFactory().newFramework(config);
        started.start();
        framework = started;
        BundleContext context = started.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String property : BUNDLES) {
            String file = System.getProperty(property);
            assertTrue(file != null && Path.of(file).toFile().isFile(), property + " (run by failsafe): " + file);
            installed.add(context.installBundle(Path.of(file).toUri().toString()));
        }
        for (Bundle bundle : installed) {
            bundle.start();
        }
        ObjectName bean = new ObjectName("io.spore:type=Node,name=" + NODE);
        Await.until(NODE + "'s MBeans are registered",
            () -> ManagementFactory.getPlatformMBeanServer().isRegistered(bean));
        return started;
    }
}
