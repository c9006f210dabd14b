package io.spore.transport.osgi;

import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged transport bundle beside the real Felix Config Admin bundle in an embedded Felix framework: the
 * configuration {@code io.spore.transport} moves the running transport to another port (its connections drop and
 * form again), a configuration that cannot be read is refused with one line while the transport runs on, and a
 * deleted one leaves the framework properties; Felix Metatype, beside them, describes the configuration. The bundle
 * without Config Admin or Metatype is {@link TransportActivatorIT}'s.
 */
@Timeout(90)
class TransportConfigAdminIT {
    private static final String[] BUNDLES = {"spore.configadmin.bundle", "spore.log.bundle", "spore.metatype.bundle",
        "spore.agrona.bundle", "spore.wire.bundle", "spore.core.bundle", "spore.transport.bundle"};

    @TempDir
    Path dir;
    private final List<Framework> frameworks = new ArrayList<>();
    private final int nameServicePort = FreePorts.tcp();
    private final LogCapture capture = new LogCapture(TransportActivator.class);
    private final List<LogRecord> records = capture.records();

    @AfterEach
    void stopFrameworks() throws Exception {
        capture.close();
        for (int i = frameworks.size() - 1; i >= 0; i--) {
            frameworks.get(i).stop();
            frameworks.get(i).waitForStop(20_000);
        }
    }

    @Test
    void aConfiguredPortRestartsTheTransportAndAnUnreadableOneIsRefused() throws Exception {
        Connected pair = connectedPair();
        Framework a = pair.a();
        Node nodeA = pair.nodeA();
        Node nodeB = pair.nodeB();
        int before = port(a);

        int configured = FreePorts.udp();
        configure(a, Map.of("spore.transport.port", Integer.toString(configured)));
        Await.until("a's transport came back on port " + configured, Duration.ofSeconds(20),
            () -> port(a) == configured);
        assertTrue(before != configured, "a new port");
        assertTrue(records.stream().anyMatch(record -> record.getMessage().contains("connections drop and form again")),
            "the restart says the connections drop");
        Await.until("b reaches a on its new port", Duration.ofSeconds(20), () -> {
            try {
                return "after".equals(nodeB.call(Name.of("echo"), nodeA.name(), "after", Duration.ofSeconds(2)));
            } catch (SporeException e) {
                return false; // still forming again
            }
        });

        records.clear();
        configure(a, Map.of("spore.transport.port", "seven"));
        Await.until("the configuration was refused", () -> records.stream()
            .anyMatch(record -> record.getLevel() == Level.SEVERE));
        LogRecord refused = records.stream().filter(record -> record.getLevel() == Level.SEVERE).findFirst()
            .orElseThrow();
        String line = refused.getMessage();
        assertTrue(line.contains("io.spore.transport") && line.contains("spore.transport.port")
            && line.contains("'seven'"), line);
        assertTrue(!line.contains("\n"), line);
        assertEquals(configured, port(a), "the running transport keeps its port");
        assertEquals("still", nodeB.call(Name.of("echo"), nodeA.name(), "still", Duration.ofSeconds(10)));
    }

    /** Heartbeat and detection apply to the running transport at once: no restart, the connections stay up. */
    @Test
    void changedLivenessTimesApplyAtOnceAndKeepTheConnections() throws Exception {
        Connected pair = connectedPair();
        Framework a = pair.a();
        Node nodeA = pair.nodeA();
        Node nodeB = pair.nodeB();
        Object routerBefore = routerId(a);

        configure(a, Map.of("spore.heartbeat.interval.ms", "100", "spore.detection.timeout.ms", "600"));
        Await.until("a applied the new times", () -> records.stream()
            .anyMatch(record -> record.getMessage().contains("at once: heartbeat 100 ms, detection timeout 600 ms")));
        assertEquals(Duration.ofMillis(600), running(a, "detectionTimeout"), "the running transport's detection");
        assertEquals(Duration.ofMillis(100), running(a, "heartbeatInterval"));
        assertEquals(routerBefore, routerId(a), "the same transport: not restarted");
        assertTrue(records.stream().noneMatch(record -> record.getMessage().contains("connections drop")), "no restart");
        assertEquals("after", nodeB.call(Name.of("echo"), nodeA.name(), "after", Duration.ofSeconds(10)));
    }

    /** Two nodes whose transports have connected: b calls a process registered as echo on a. */
    private record Connected(Framework a, Node nodeA, Node nodeB) {
    }

    private Connected connectedPair() throws Exception {
        capture.start();
        Path cookie = cookie();
        // b first: it serves the host's name service, which a's restarted transport registers with again.
        Framework b = node("b@localhost", cookie);
        Framework a = node("a@localhost", cookie);
        Node nodeA = nodeOf(a);
        Node nodeB = nodeOf(b);
        nodeA.register(Name.of("echo"), nodeA.spawn(Echo::new, ProcessOptions.DEFAULTS));
        assertEquals("before", nodeB.call(Name.of("echo"), nodeA.name(), "before", Duration.ofSeconds(10)));
        return new Connected(a, nodeA, nodeB);
    }

    /** @return the service id of the framework's running transport, which a restart replaces */
    private static Object routerId(Framework framework) throws Exception {
        ServiceReference<?>[] routers = framework.getBundleContext()
            .getAllServiceReferences("io.spore.core.spi.RemoteRouter", null);
        return routers[0].getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    /** @return a setting of the running transport's {@code context()}, read through the bundle's own classes */
    private static Object running(Framework framework, String setting) throws Exception {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?> reference = context.getAllServiceReferences("io.spore.core.spi.RemoteRouter", null)[0];
        Object router = context.getService(reference);
        try {
            Object settings = router.getClass().getMethod("context").invoke(router);
            return settings.getClass().getMethod(setting).invoke(settings);
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    void aDeletedConfigurationLeavesTheFrameworkPropertiesAgain() throws Exception {
        int framework = FreePorts.udp();
        Framework c = node("c@localhost", cookie(), Map.of("spore.transport.port", Integer.toString(framework)));
        assertEquals(framework, port(c), "the framework property, Config Admin having no configuration");

        int configured = FreePorts.udp();
        configure(c, Map.of("spore.transport.port", Integer.toString(configured)));
        Await.until("c's transport came back on port " + configured, Duration.ofSeconds(20),
            () -> port(c) == configured);
        configure(c, null);
        Await.until("c's transport came back on the framework's port " + framework, Duration.ofSeconds(20),
            () -> port(c) == framework);
    }

    @Test
    void theMetatypeServiceDescribesTheConfiguration() throws Exception {
        Framework d = node("d@localhost", cookie());
        BundleContext context = d.getBundleContext();
        Bundle transport = java.util.Arrays.stream(context.getBundles())
            .filter(bundle -> "io.spore.transport".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
        Await.until("the transport's configuration is described",
            () -> !MetaTypes.attributes(context, transport, "io.spore.transport").isEmpty());
        Map<String, MetaTypes.Attribute> attributes = MetaTypes.attributes(context, transport, "io.spore.transport");
        assertEquals(List.of("spore.transport.port", "spore.transport.bind", "spore.cookie.file",
            "spore.wire.security", "spore.insecure.network", "spore.identity.keystore", "spore.identity.truststore",
            "spore.identity.password.file", "spore.aeron.dir", "spore.routes", "spore.nameservice.port",
            "spore.nameservice.bind", "spore.transport.term.length", "spore.transport.max.message.size",
            "spore.transport.large.message.threshold", "spore.heartbeat.interval.ms", "spore.detection.timeout.ms",
            "spore.close.timeout.ms", "spore.transport.threading", "spore.transport.idle", "spore.discovery.order",
            "spore.discovery.dns.service", "spore.discovery.dns.port", "spore.discovery.dns.server", "spore.discovery.dns.node-name",
            "spore.discovery.dns.interval.ms"), List.copyOf(attributes.keySet()));
        assertEquals("routes,nameservice", attributes.get("spore.discovery.order").defaultValue());
        MetaTypes.Attribute detection = attributes.get("spore.detection.timeout.ms");
        assertEquals(3, detection.type(), "an Integer");
        assertEquals("3000", detection.defaultValue());
        assertTrue(detection.description().endsWith("by the new times from their next check."),
            detection.description());
        assertTrue(attributes.get("spore.transport.port").description().endsWith("connections drop and form again."),
            attributes.get("spore.transport.port").description());
        assertEquals("127.0.0.1", attributes.get("spore.nameservice.bind").defaultValue());
        assertEquals(1, attributes.get("spore.cookie.file").type(), "a String");
        Bundle core = java.util.Arrays.stream(context.getBundles())
            .filter(bundle -> "io.spore.core".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
        assertTrue(MetaTypes.attributes(context, core, "io.spore.node").containsKey("spore.remote.spawn"),
            "the node's configuration is described too");
    }

    /**
     * Sets the transport's configuration through the {@code ConfigurationAdmin} service, by reflection.
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
            // A null location leaves the configuration unbound, so it goes to the transport bundle's ManagedService.
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, "io.spore.transport", null);
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

    /** The port of the framework's running transport, or -1 while none runs. */
    private static int port(Framework framework) {
        try {
            ServiceReference<?>[] routers = framework.getBundleContext()
                .getAllServiceReferences("io.spore.core.spi.RemoteRouter", null);
            return routers == null || routers.length != 1 ? -1
                : (Integer) routers[0].getProperty("spore.transport.port");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Framework node(String name, Path cookie) throws Exception {
        return node(name, cookie, Map.of());
    }

    private Framework node(String name, Path cookie, Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix-" + name).toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS);
        config.put("spore.node.name", name);
        config.put("spore.workers", "2");
        config.put("spore.nameservice.port", Integer.toString(nameServicePort));
        config.put("spore.heartbeat.interval.ms", "200");
        config.put("spore.detection.timeout.ms", "1000");
        config.put("spore.cookie.file", cookie.toString());
        config.putAll(extra);
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start();
        frameworks.add(framework);
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String property : BUNDLES) {
            String file = System.getProperty(property);
            assertTrue(file != null && Path.of(file).toFile().isFile(), property + " (run by failsafe): " + file);
            installed.add(context.installBundle(Path.of(file).toUri().toString()));
        }
        for (Bundle bundle : installed) {
            bundle.start();
        }
        Await.until(name + "'s transport runs", () -> port(framework) > 0);
        return framework;
    }

    private static Node nodeOf(Framework framework) {
        BundleContext context = framework.getBundleContext();
        return context.getService(context.getServiceReference(Node.class));
    }

    private Path cookie() throws Exception {
        Path file = dir.resolve("cookie");
        Files.writeString(file, "framework-secret-of-the-config-admin-test\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Answers a call with its request. */
    private static final class Echo implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, io.spore.api.Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return request;
        }
    }
}
