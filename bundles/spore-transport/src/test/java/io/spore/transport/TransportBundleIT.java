package io.spore.transport;

import io.spore.api.config.ApiPackages;
import io.spore.api.NodeName;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Installs the packaged transport bundle with the shared Agrona bundle in an embedded Felix configured as a node
 * configures it, and runs an embedded media driver inside it: Aeron's classes come from the transport bundle,
 * Agrona's from org.agrona, and a message travels over UDP on loopback. The test reaches into the framework by
 * reflection, since the bundle's classes are not the test's.
 */
@Timeout(60)
class TransportBundleIT {
    private static final String TRANSPORT = System.getProperty("spore.transport.bundle");
    private static final String AGRONA = System.getProperty("spore.agrona.bundle");
    private static final String WIRE = System.getProperty("spore.wire.bundle");
    private static final String CORE = System.getProperty("spore.core.bundle");

    @TempDir
    Path storage;
    private Framework framework;

    @BeforeEach
    void startFramework() throws Exception {
        assertTrue(TRANSPORT != null && Path.of(TRANSPORT).toFile().isFile(), "run by failsafe after package");
        assertTrue(AGRONA != null && Path.of(AGRONA).toFile().isFile(), "the Agrona bundle: " + AGRONA);
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", storage.toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        // As in a node: Agrona needs jdk.internal.misc, and the Spore API comes from the class path.
        config.put("org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS);
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void anEmbeddedDriverRunsInsideTheFrameworkAndCarriesAMessage() throws Exception {
        Bundle agrona = framework.getBundleContext().installBundle(Path.of(AGRONA).toUri().toString());
        // Installed so the transport resolves, but the core is not started: without a node the transport's activator
        // starts nothing, and this test drives the driver itself.
        framework.getBundleContext().installBundle(Path.of(WIRE).toUri().toString());
        framework.getBundleContext().installBundle(Path.of(CORE).toUri().toString());
        Bundle transport = framework.getBundleContext().installBundle(Path.of(TRANSPORT).toUri().toString());
        agrona.start();
        transport.start();
        assertEquals(Bundle.ACTIVE, transport.getState());
        assertEquals("org.agrona", providerOf(transport, "org.agrona.concurrent"));

        Class<?> contextClass = transport.loadClass("io.spore.transport.TransportContext");
        Object context = contextClass.getConstructor().newInstance();
        call(context, "nodeName", NodeName.parse("osgi@localhost"));
        call(context, "maxMessageSize", 64 * 1024);
        call(context, "conclude");

        Object host = call(transport.loadClass("io.spore.transport.MediaDriverHost"), "start", context);
        try {
            Object aeron = call(host, "aeron");
            assertEquals(transport, bundleOf(aeron.getClass()), "Aeron is the transport bundle's own");
            Object endpoint = call(transport.loadClass("io.spore.transport.NodeEndpoint"), "open", aeron, context,
                Duration.ofSeconds(5));
            String channel = (String) call(transport.loadClass("io.spore.transport.Channels"), "outbound",
                "127.0.0.1", call(endpoint, "port"), context);
            Object publication = call(aeron, "addPublication", channel, call(context, "controlStreamId"));

            Object buffer = agrona.loadClass("org.agrona.concurrent.UnsafeBuffer").getConstructor(byte[].class)
                .newInstance((Object) "inside OSGi".getBytes(StandardCharsets.UTF_8));
            offer(publication, buffer);
            assertEquals("inside OSGi", receive(transport, call(endpoint, "control")));
        } finally {
            call(host, "close");
        }
    }

    private static String providerOf(Bundle bundle, String pkg) {
        for (BundleWire wire : bundle.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package")) {
            if (pkg.equals(wire.getCapability().getAttributes().get("osgi.wiring.package"))) {
                return wire.getProvider().getBundle().getSymbolicName();
            }
        }
        return null;
    }

    private static Bundle bundleOf(Class<?> type) {
        return org.osgi.framework.FrameworkUtil.getBundle(type);
    }

    private static void offer(Object publication, Object buffer) throws Exception {
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((long) call(publication, "offer", buffer) < 0) {
            if (System.nanoTime() - deadlineNs > 0) {
                fail("the publication did not connect within 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static String receive(Bundle transport, Object subscription) throws Exception {
        Class<?> handlerType = transport.loadClass("io.aeron.logbuffer.FragmentHandler");
        List<String> received = new ArrayList<>();
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
            (proxy, method, args) -> {
                if (method.getName().equals("onFragment")) {
                    received.add((String) call(args[0], "getStringWithoutLengthUtf8", args[1], args[2]));
                }
                return null;
            });
        long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.isEmpty()) {
            if ((int) call(subscription, "poll", handler, 1) == 0) {
                if (System.nanoTime() - deadlineNs > 0) {
                    fail("nothing arrived within 10 s");
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return received.get(0);
    }

    /** Calls the public method of that name and arity; on a Class, the static one. */
    private static Object call(Object target, String name, Object... args) throws Exception {
        Class<?> type = target instanceof Class ? (Class<?>) target : target.getClass();
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length
                && accepts(method.getParameterTypes(), args)) {
                return method.invoke(target instanceof Class ? null : target, args);
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " with " + args.length + " arguments");
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i].isPrimitive() ? boxed(types[i]) : types[i];
            if (args[i] != null && !type.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> boxed(Class<?> primitive) {
        return primitive == int.class ? Integer.class : primitive == long.class ? Long.class
            : primitive == boolean.class ? Boolean.class : Object.class;
    }
}
