package io.spore.wire;

import io.spore.api.config.ApiPackages;
import io.spore.api.Pid;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Installs the packaged wire bundle and the wrapped Agrona bundle in an embedded Felix configured as a node
 * configures it (the API from the system bundle), and uses the codec through the bundle's own classes.
 */
class WireBundleIT {
    @TempDir
    Path storage;
    private Framework framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void resolvesAgainstTheAgronaBundleAndRoundTripsAPayload() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
            "org.osgi.framework.storage", storage.toString(),
            "org.osgi.framework.storage.clean", "onFirstInit",
            "org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS));
        framework.start();
        Bundle agrona = install("spore.agrona.bundle");
        Bundle wire = install("spore.wire.bundle");
        agrona.start();
        wire.start();
        assertEquals(Bundle.ACTIVE, wire.getState());

        Class<?> registryType = wire.loadClass("io.spore.wire.TypeRegistry");
        Object registry = registryType.getConstructor().newInstance();
        registryType.getMethod("register", String.class, Class.class).invoke(registry, "point", Samples.Point.class);
        Object encoder = wire.loadClass("io.spore.wire.PayloadEncoder").getConstructor(registryType)
            .newInstance(registry);
        Object decoder = wire.loadClass("io.spore.wire.PayloadDecoder").getConstructor(registryType)
            .newInstance(registry);
        Class<?> directBuffer = agrona.loadClass("org.agrona.DirectBuffer");

        Object message = List.of(Samples.PID, new Samples.Point(1, 2), "through OSGi");
        int length = (int) encoder.getClass().getMethod("encode", Object.class).invoke(encoder, message);
        Object buffer = encoder.getClass().getMethod("buffer").invoke(encoder);
        Object back = decoder.getClass().getMethod("decode", directBuffer, int.class, int.class)
            .invoke(decoder, buffer, 0, length);
        assertEquals(message, back);
        assertEquals(Pid.class, ((List<?>) back).get(0).getClass(), "one io.spore.api, from the system bundle");

        assertNotNull(wire.loadClass("io.spore.wire.FrameReader").getConstructor().newInstance());
    }

    private Bundle install(String property) throws Exception {
        String jar = System.getProperty(property);
        assertNotNull(jar, property + " is set by failsafe");
        return framework.getBundleContext().installBundle(Path.of(jar).toUri().toString());
    }
}
