package io.spore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.spore.api.config.ApiPackages;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Installs the packaged registry bundle and the Agrona bundle in an embedded Felix configured as a node configures
 * it, and runs a one-member registry through the bundle's own classes: the embedded Aeron (client, driver, archive,
 * cluster) resolves and works inside OSGi.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryBundleIT {
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
    void aOneMemberRegistryRunsInsideTheFramework() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
            "org.osgi.framework.storage", storage.resolve("felix").toString(),
            "org.osgi.framework.storage.clean", "onFirstInit",
            "org.osgi.framework.system.packages.extra", "jdk.internal.misc," + ApiPackages.EXPORTS));
        framework.start();
        Bundle agrona = install("spore.agrona.bundle");
        Bundle registry = install("spore.registry.bundle");
        agrona.start();
        registry.start();
        assertEquals(Bundle.ACTIVE, registry.getState());

        Class<?> addressesType = registry.loadClass("io.spore.registry.member.MemberAddresses");
        assertNotSame(MemberAddressesHolder.TYPE, addressesType, "the bundle's own copy, not the test's");
        Object addresses = addressesType.getMethod("parse", String.class)
            .invoke(null, TestRegistryCluster.freeBases(1));
        Class<?> contextType = registry.loadClass("io.spore.registry.member.RegistryMember$Context");
        Object context = contextType.getConstructor().newInstance();
        contextType.getMethod("memberId", int.class).invoke(context, 0);
        contextType.getMethod("addresses", addressesType).invoke(context, addresses);
        contextType.getMethod("dir", File.class).invoke(context, storage.resolve("member").toFile());
        contextType.getMethod("aeronDirectoryName", String.class).invoke(context,
            new File(System.getProperty("java.io.tmpdir"), "spore-registry-bundle-" + UUID.randomUUID()).getPath());
        Class<?> memberType = registry.loadClass("io.spore.registry.member.RegistryMember");
        AutoCloseable member = (AutoCloseable) memberType.getMethod("launch", contextType).invoke(null, context);
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            String role = "";
            while (!role.equals("LEADER") && System.currentTimeMillis() < deadline) {
                role = String.valueOf(memberType.getMethod("role").invoke(member));
                Thread.sleep(20);
            }
            assertEquals("LEADER", role, "a one-member registry leads itself");
        } finally {
            member.close();
        }
    }

    /** The test's own copy of the class, to show the bundle loads another. */
    private static final class MemberAddressesHolder {
        static final Class<?> TYPE = io.spore.registry.member.MemberAddresses.class;
    }

    private Bundle install(String property) throws Exception {
        String jar = System.getProperty(property);
        assertNotNull(jar, property + " is set by failsafe");
        return framework.getBundleContext().installBundle(Path.of(jar).toUri().toString());
    }
}
