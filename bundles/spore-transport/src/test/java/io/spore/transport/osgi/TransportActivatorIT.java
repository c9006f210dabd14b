package io.spore.transport.osgi;

import io.spore.api.config.ApiPackages;
import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.transport.osgi.fixture.Order;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged bundles in embedded Felix frameworks configured as the distribution configures a node: two nodes in
 * two frameworks find each other through the name service and talk; the transport stops with its bundle, saying
 * goodbye; a bad framework property keeps the transport from starting while the node runs on.
 */
@Timeout(90)
class TransportActivatorIT {
    private static final String[] BUNDLES = {"spore.agrona.bundle", "spore.wire.bundle", "spore.core.bundle",
        "spore.transport.bundle"};

    @TempDir
    Path dir;
    private final List<Framework> frameworks = new ArrayList<>();
    private final int nameServicePort = FreePorts.tcp();

    @AfterEach
    void stopFrameworks() throws Exception {
        for (int i = frameworks.size() - 1; i >= 0; i--) {
            frameworks.get(i).stop();
            frameworks.get(i).waitForStop(20_000);
        }
    }

    @Test
    void twoNodesInTwoFrameworksConnectThroughTheirTransportBundles() throws Exception {
        Path cookie = cookie();
        Framework a = node("a@localhost", Map.of("spore.cookie.file", cookie.toString()));
        Framework b = node("b@localhost", Map.of("spore.cookie.file", cookie.toString()));
        Node nodeA = nodeOf(a);
        Node nodeB = nodeOf(b);
        Pid echo = nodeB.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                return request;
            }
        }, ProcessOptions.DEFAULTS);
        nodeB.register(Name.of("echo"), echo);

        assertEquals("across frameworks", nodeA.call(Name.of("echo"), nodeB.name(), "across frameworks",
            Duration.ofSeconds(10)));
        assertEquals(java.util.Set.of(nodeB.name()), nodeA.connectedNodes());
        // All references: this test's class path has its own copy of the core's classes, which the framework would
        // otherwise judge incompatible with the bundles' and hide.
        org.osgi.framework.ServiceReference<?> router = b.getBundleContext()
            .getAllServiceReferences("io.spore.core.spi.RemoteRouter", null)[0];
        assertEquals("b@localhost", router.getProperty("spore.node.name"));
        assertTrue((Integer) router.getProperty("spore.transport.port") > 0, "the port it bound");
        assertEquals("127.0.0.1", router.getProperty("spore.transport.bind"));

        bundle(b, "io.spore.transport").stop();
        Await.until("a heard b's goodbye", () -> nodeA.connectedNodes().isEmpty());
        assertEquals(null, b.getBundleContext().getAllServiceReferences("io.spore.core.spi.RemoteRouter", null));
        SporeException refused = org.junit.jupiter.api.Assertions.assertThrows(SporeException.class,
            () -> nodeA.call(echo, "gone?", Duration.ofSeconds(10)));
        assertEquals(SporeException.Reason.NODE_DOWN, refused.reason());
        assertTrue(nodeB.isAlive(echo), "b runs on without its transport");
    }

    @Test
    void aBadPropertyIsOneLineNamingItAndTheNodeRunsOnItsOwn() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(TransportActivator.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                errors.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            Framework c = node("c@localhost", Map.of("spore.cookie.file", cookie().toString(),
                "spore.transport.port", "not-a-port"));
            assertEquals(Bundle.ACTIVE, bundle(c, "io.spore.transport").getState());
            Node nodeC = nodeOf(c);
            Pid local = nodeC.spawn(() -> (ctx, from, message) -> {
            }, ProcessOptions.DEFAULTS);
            assertTrue(nodeC.isAlive(local));
            Await.until("the error was logged", () -> !errors.isEmpty());
            String line = errors.get(0).getMessage();
            assertTrue(line.contains("spore.transport.port") && line.contains("not-a-port"), line);
            assertTrue(!line.contains("\n"), line);
            SporeException unreachable = org.junit.jupiter.api.Assertions.assertThrows(SporeException.class,
                () -> nodeC.call(new Pid(NodeName.parse("d@localhost"), 1, 1), "x", Duration.ofSeconds(5)));
            assertEquals(SporeException.Reason.NODE_DOWN, unreachable.reason());
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void theRunningTransportsRegistryHoldsTheTypesOfStartedBundlesHeaders() throws Exception {
        Framework d = node("d@localhost", Map.of("spore.cookie.file", cookie().toString()));
        String order = Order.class.getName();
        Path jar = TestBundles.build(dir, "com.example.shop", "shop.order = " + order,
            Order.class);
        Bundle shop = d.getBundleContext().installBundle(jar.toUri().toString());
        assertEquals(Map.of(), registeredTypes(d));

        shop.start();
        assertEquals(Map.of("shop.order", shop.loadClass(order)), registeredTypes(d));
        shop.stop();
        assertEquals(Map.of(), registeredTypes(d));
    }

    /**
     * A provider the order names but no bundle registers yet keeps the transport from starting, with one line; once a
     * bundle registers it as a NodeDiscovery service, the transport starts and asks it.
     */
    @Test
    void aProviderTheOrderNamesIsWaitedForThenAsked() throws Exception {
        Path cookie = cookie();
        Framework f = node("f@localhost", Map.of("spore.cookie.file", cookie.toString()));
        Node nodeF = nodeOf(f);
        Pid echo = nodeF.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                return request;
            }
        }, ProcessOptions.DEFAULTS);
        nodeF.register(Name.of("echo"), echo);
        int portF = (Integer) f.getBundleContext().getAllServiceReferences("io.spore.core.spi.RemoteRouter", null)[0]
            .getProperty("spore.transport.port");

        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(TransportActivator.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                errors.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        Framework e;
        try {
            e = node("e@localhost", Map.of("spore.cookie.file", cookie.toString(), "spore.discovery.order", "custom"));
            Await.until("the error was logged", () -> !errors.isEmpty());
        } finally {
            logger.removeHandler(capture);
        }
        String line = errors.get(0).getMessage();
        assertTrue(line.contains("spore.discovery.order: no discovery provider is named 'custom' (there are:"
            + " nameservice, routes)") && !line.contains("\n"), line);
        assertEquals(null, e.getBundleContext().getAllServiceReferences("io.spore.core.spi.RemoteRouter", null));

        // The provider, of the transport bundle's NodeDiscovery type: it knows f alone, at f's port.
        Class<?> type = bundle(e, "io.spore.transport").loadClass("io.spore.transport.discovery.NodeDiscovery");
        List<String> asked = new CopyOnWriteArrayList<>();
        Object provider = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            (proxy, method, args) -> switch (method.getName()) {
                case "name" -> "custom";
                case "resolve" -> {
                    asked.add(args[0].toString());
                    yield args[0].toString().equals("f@localhost")
                        ? List.of(new InetSocketAddress("127.0.0.1", portF)) : List.of();
                }
                case "listsMembers" -> false;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "the custom provider";
                default -> throw new UnsupportedOperationException(method.getName());
            });
        e.getBundleContext().registerService(type.getName(), provider, null);
        Framework started = e;
        Await.until("e's transport started", () -> hasRouter(started));
        assertEquals("found by custom", nodeOf(e).call(Name.of("echo"), nodeF.name(), "found by custom",
            Duration.ofSeconds(10)));
        assertEquals(List.of("f@localhost"), asked);
    }

    private Framework node(String name, Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>();
        Path storage = dir.resolve("felix-" + name);
        config.put("org.osgi.framework.storage", storage.toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS);
        config.put("spore.node.name", name);
        config.put("spore.workers", "2");
        config.put("spore.nameservice.port", Integer.toString(nameServicePort));
        config.put("spore.heartbeat.interval.ms", "200");
        config.put("spore.detection.timeout.ms", "1000");
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
        return framework;
    }

    private static boolean hasRouter(Framework framework) {
        try {
            return framework.getBundleContext().getAllServiceReferences("io.spore.core.spi.RemoteRouter", null) != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Node nodeOf(Framework framework) {
        BundleContext context = framework.getBundleContext();
        return context.getService(context.getServiceReference(Node.class));
    }

    /** The registry of the framework's running transport, reached by reflection: its classes are the bundles'. */
    private static Map<?, ?> registeredTypes(Framework framework) throws Exception {
        BundleContext context = framework.getBundleContext();
        org.osgi.framework.ServiceReference<?>[] routers = context
            .getAllServiceReferences("io.spore.core.spi.RemoteRouter", null);
        assertTrue(routers != null && routers.length == 1, "one transport runs");
        Object transport = context.getService(routers[0]);
        try {
            Object registry = transport.getClass().getMethod("typeRegistry").invoke(transport);
            return (Map<?, ?>) registry.getClass().getMethod("registered").invoke(registry);
        } finally {
            context.ungetService(routers[0]);
        }
    }

    private static Bundle bundle(Framework framework, String symbolicName) {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private Path cookie() throws IOException {
        Path file = dir.resolve("cookie");
        if (!Files.exists(file)) {
            Files.writeString(file, "framework-secret-of-the-activator-test\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }
}
