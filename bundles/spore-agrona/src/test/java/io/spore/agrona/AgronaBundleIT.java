package io.spore.agrona;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the packaged bundle in an embedded Felix configured as a Spore node configures it, and checks that it
 * resolves, exports every Agrona package at Agrona's version, and works (an UnsafeBuffer reaches jdk.internal.misc).
 */
class AgronaBundleIT {
    private static final String BUNDLE = System.getProperty("spore.agrona.bundle");
    private static final Version AGRONA = Version.parseVersion(System.getProperty("spore.agrona.version"));

    @TempDir
    Path storage;
    private Framework framework;

    @BeforeEach
    void assumeBundle() {
        assertTrue(BUNDLE != null && Path.of(BUNDLE).toFile().isFile(), "run by failsafe after package: " + BUNDLE);
    }

    @AfterEach
    void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void resolvesAndExportsEveryPackageAtAgronasVersion() throws Exception {
        Bundle agrona = install("jdk.internal.misc");
        agrona.start();
        assertEquals(Bundle.ACTIVE, agrona.getState());
        assertEquals("org.agrona", agrona.getSymbolicName());
        assertEquals(AGRONA, agrona.getVersion());

        List<BundleCapability> exports = agrona.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package");
        Map<String, Object> versions = exports.stream().collect(Collectors.toMap(
            c -> (String) c.getAttributes().get("osgi.wiring.package"), c -> c.getAttributes().get("version")));
        assertEquals(packagesInJar(), new TreeSet<>(versions.keySet()), "every package of the jar is exported");
        versions.forEach((pkg, version) -> assertEquals(AGRONA, version, pkg));
    }

    @Test
    void buffersWorkInsideTheFramework() throws Exception {
        Bundle agrona = install("jdk.internal.misc");
        agrona.start();
        Class<?> bufferClass = agrona.loadClass("org.agrona.concurrent.UnsafeBuffer");
        Object buffer = bufferClass.getConstructor(byte[].class).newInstance((Object) new byte[16]);
        bufferClass.getMethod("putLong", int.class, long.class).invoke(buffer, 8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, bufferClass.getMethod("getLong", int.class).invoke(buffer, 8));
    }

    @Test
    void aFrameworkWithoutJdkInternalMiscRefusesToResolveIt() throws Exception {
        Bundle agrona = install(null);
        BundleException e = assertThrows(BundleException.class, agrona::start);
        assertTrue(e.getMessage().contains("jdk.internal.misc"), e.getMessage());
    }

    private Bundle install(String systemPackagesExtra) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", storage.toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        if (systemPackagesExtra != null) {
            config.put("org.osgi.framework.system.packages.extra", systemPackagesExtra);
        }
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        return framework.getBundleContext().installBundle(Path.of(BUNDLE).toUri().toString());
    }

    private static Set<String> packagesInJar() throws Exception {
        try (JarFile jar = new JarFile(BUNDLE)) {
            return jar.stream()
                .filter(e -> e.getName().startsWith("org/agrona/") && e.getName().endsWith(".class"))
                .map(e -> e.getName().substring(0, e.getName().lastIndexOf('/')).replace('/', '.'))
                .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
