package io.spore.transport.osgi;

import io.spore.transport.osgi.fixture.Order;
import io.spore.transport.osgi.fixture.Plain;
import io.spore.transport.osgi.fixture.Status;
import io.spore.wire.TypeRegistry;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.BundleTracker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extender in a real Felix framework, over bundles built at test time whose classes their own class loaders
 * define. Bundle events are delivered synchronously to a {@code BundleTracker}, so every check follows the bundle
 * operation directly.
 */
@Timeout(60)
class MessageTypeExtenderTest {
    private static final String ORDER = Order.class.getName();
    private static final String STATUS = Status.class.getName();

    @TempDir
    Path dir;
    private Framework framework;
    private final TypeRegistry registry = new TypeRegistry();
    private BundleTracker<List<MessageTypeExtender.Registered>> tracker;
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(MessageTypeExtender.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startFramework() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        logger.addHandler(capture);
        tracker = new BundleTracker<>(framework.getBundleContext(), Bundle.STARTING | Bundle.ACTIVE,
            new MessageTypeExtender(registry));
        tracker.open();
    }

    @AfterEach
    void stopFramework() throws Exception {
        logger.removeHandler(capture);
        tracker.close();
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void aStartedBundlesTypesAreRegisteredFromItsClassLoaderAndWithdrawnWhenItStops() throws Exception {
        Bundle shop = install("com.example.shop", "shop.order=" + ORDER + ", shop.status = " + STATUS);
        assertEquals(Map.of(), registry.registered(), "installed is not started");

        shop.start();
        Class<?> order = registry.registered().get("shop.order");
        assertSame(shop.loadClass(ORDER), order);
        assertNotSame(Order.class, order, "the bundle's own class, not the test's");
        assertSame(shop.loadClass(STATUS), registry.registered().get("shop.status"));
        assertEquals(Set.of("shop.order", "shop.status"), registry.registered().keySet());
        assertEquals(List.of(), warnings);

        shop.stop();
        assertEquals(Map.of(), registry.registered());

        shop.start();
        assertEquals(Set.of("shop.order", "shop.status"), registry.registered().keySet(), "started again");
        tracker.close();
        assertEquals(Map.of(), registry.registered(), "closing the extender withdraws everything");
    }

    @Test
    void aBadEntryIsOneWarningNamingTheBundleAndTheEntryAndTheOthersStillRegister() throws Exception {
        Bundle shop = install("com.example.shop", String.join(", ",
            "shop.order=" + ORDER,
            "no-equals-sign",
            "shop.plain=" + Plain.class.getName(),
            "shop.missing=com.example.shop.Missing",
            "shop.status=" + STATUS));
        shop.start();

        assertEquals(Set.of("shop.order", "shop.status"), registry.registered().keySet());
        List<String> lines = warnings.stream().map(LogRecord::getMessage).toList();
        assertEquals(3, lines.size(), lines.toString());
        for (String line : lines) {
            assertTrue(line.startsWith("bundle com.example.shop 1.0.0 [" + shop.getBundleId() + "]"), line);
            assertTrue(line.contains(MessageTypesHeader.NAME), line);
            assertTrue(!line.contains("\n"), line);
        }
        assertTrue(lines.get(0).contains("'no-equals-sign' has no '='"), lines.get(0));
        assertTrue(lines.get(1).contains("'shop.plain=" + Plain.class.getName() + "'")
            && lines.get(1).contains("only records and enums"), lines.get(1));
        assertTrue(lines.get(2).contains("'shop.missing=com.example.shop.Missing'")
            && lines.get(2).contains("check the class name"), lines.get(2));

        shop.stop();
        assertEquals(Map.of(), registry.registered());
    }

    @Test
    void aWireNameTakenByAnotherBundlesClassIsAWarningAndTheFirstKeepsIt() throws Exception {
        Bundle first = install("com.example.first", "shop.order=" + ORDER);
        Bundle second = install("com.example.second", "shop.order=" + ORDER + ", shop.status=" + STATUS);
        first.start();
        second.start();

        assertSame(first.loadClass(ORDER), registry.registered().get("shop.order"));
        assertSame(second.loadClass(STATUS), registry.registered().get("shop.status"));
        assertEquals(1, warnings.size(), warnings.toString());
        String line = warnings.get(0).getMessage();
        assertTrue(line.startsWith("bundle com.example.second") && line.contains("'shop.order=" + ORDER + "'")
            && line.contains("taken by " + ORDER + " of bundle com.example.first")
            && line.contains("another wire name"), line);

        second.stop();
        assertEquals(Set.of("shop.order"), registry.registered().keySet(), "only the second's own entries go");
        assertSame(first.loadClass(ORDER), registry.registered().get("shop.order"));
        first.stop();
        assertEquals(Map.of(), registry.registered());
    }

    @Test
    void aTypeRegisteredInCodeStaysWhenABundleDeclaringItStops() throws Exception {
        registry.register("shop.order", Order.class);
        Bundle shop = install("com.example.shop", "shop.order=" + ORDER);
        shop.start();
        assertEquals(1, warnings.size(), "its own Order's name is taken: " + warnings);
        shop.stop();
        assertSame(Order.class, registry.registered().get("shop.order"));
    }

    @Test
    void aBundleActiveBeforeTheExtenderOpensIsRegisteredOnOpening() throws Exception {
        tracker.close();
        Bundle shop = install("com.example.shop", "shop.order=" + ORDER);
        shop.start();
        assertEquals(Map.of(), registry.registered());
        tracker = new BundleTracker<>(framework.getBundleContext(), Bundle.STARTING | Bundle.ACTIVE,
            new MessageTypeExtender(registry));
        tracker.open();
        assertSame(shop.loadClass(ORDER), registry.registered().get("shop.order"));
    }

    @Test
    void aBundleWithoutTheHeaderIsLeftAlone() throws Exception {
        Bundle other = install("com.example.other", null);
        other.start();
        assertEquals(Map.of(), registry.registered());
        assertEquals(List.of(), warnings);
    }

    private Bundle install(String symbolicName, String messageTypes) throws Exception {
        Path jar = TestBundles.build(dir, symbolicName, messageTypes, Order.class, Status.class, Plain.class);
        return framework.getBundleContext().installBundle(jar.toUri().toString());
    }
}
