package io.spore.distribution.framework;

import io.spore.api.NodeName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract with the transport bundle: which framework property each network setting becomes. */
class FrameworkPropertiesTest {
    @TempDir
    Path tmp;

    @Test
    void everyNetworkSettingBecomesItsProperty() throws Exception {
        Path cookie = Files.writeString(tmp.resolve("cookie"), "secret");
        Path aeron = Files.createDirectories(tmp.resolve("aeron"));
        Map<String, String> properties = FrameworkProperties.of(config()
            .port(7000)
            .bindAddress("10.0.0.1")
            .cookieFile(cookie)
            .aeronDir(aeron)
            .routes(List.of(Route.parse("b@beta=10.0.0.2:7001"), Route.parse("c@gamma=[::1]:7002")))
            .nameServicePort(4999)
            .nameServiceBind("0.0.0.0")
            .heartbeatInterval(Duration.ofMillis(250))
            .detectionTimeout(Duration.ofSeconds(2))
            .closeTimeout(Duration.ofMillis(1500))
            .transportThreading("dedicated")
            .transportIdle("spin")
            .termLength(4 * 1024 * 1024)
            .maxMessageSize(256 * 1024 * 1024)
            .conclude(), tmp);
        assertEquals("dedicated", properties.get("spore.transport.threading"));
        assertEquals("spin", properties.get("spore.transport.idle"));
        assertEquals("7000", properties.get("spore.transport.port"));
        assertEquals("10.0.0.1", properties.get("spore.transport.bind"));
        assertEquals(cookie.toAbsolutePath().toString(), properties.get("spore.cookie.file"));
        assertEquals(aeron.toAbsolutePath().toString(), properties.get("spore.aeron.dir"));
        assertEquals("b@beta=10.0.0.2:7001,c@gamma=[::1]:7002", properties.get("spore.routes"));
        assertEquals("4999", properties.get("spore.nameservice.port"));
        assertEquals("0.0.0.0", properties.get("spore.nameservice.bind"));
        assertEquals("250", properties.get("spore.heartbeat.interval.ms"));
        assertEquals("2000", properties.get("spore.detection.timeout.ms"));
        assertEquals("1500", properties.get("spore.close.timeout.ms"));
        assertEquals("4194304", properties.get("spore.transport.term.length"));
        assertEquals("268435456", properties.get("spore.transport.max.message.size"));
    }

    /** A largest message size past 1 GiB is refused with one line; left out, none is written. */
    @Test
    void aMaxMessageSizeMustBeAtMostAGibibyte() {
        assertThrows(ActionableException.class, () -> config().maxMessageSize(0).conclude());
        assertThrows(ActionableException.class, () -> config().maxMessageSize((1 << 30) + 1).conclude());
        assertFalse(FrameworkProperties.of(config().conclude(), tmp).containsKey("spore.transport.max.message.size"));
    }

    /** A term length that is not a power of two from 256 KiB is refused with one line; left out, none is written. */
    @Test
    void aTermLengthMustBeAPowerOfTwoFromTheShortest() {
        assertThrows(ActionableException.class, () -> config().termLength(300_000).conclude());
        assertThrows(ActionableException.class, () -> config().termLength(128 * 1024).conclude());
        assertFalse(FrameworkProperties.of(config().conclude(), tmp).containsKey("spore.transport.term.length"));
    }

    /** The node's default mailbox limit reaches the core bundle, which reads it; left out, there is none. */
    @Test
    void theMailboxLimitBecomesTheCoresProperty() {
        assertEquals("500", FrameworkProperties.of(config().mailboxLimit(500).conclude(), tmp)
            .get("spore.mailbox.limit"));
        assertFalse(FrameworkProperties.of(config().conclude(), tmp).containsKey("spore.mailbox.limit"));
        assertThrows(ActionableException.class, () -> config().mailboxLimit(0).conclude());
    }

    /** --jmx-ssl and its options become the JMX bundle's TLS properties; without it none is written. */
    @Test
    void jmxTlsBecomesTheJmxBundlesProperties() throws IOException {
        Path keystore = Files.writeString(tmp.resolve("node.p12"), "not read here");
        Path password = Files.writeString(tmp.resolve("node.pass"), "not read here");
        Map<String, String> properties = FrameworkProperties.of(config().stateDir(tmp.resolve("state"))
            .jmxPort(9010).jmxRmiPort(9011)
            .jmxTls(new NodeConfig.JmxTls(keystore, password, true)).conclude(), tmp);
        assertEquals("true", properties.get("spore.jmx.ssl"));
        assertEquals(keystore.toAbsolutePath().toString(), properties.get("spore.jmx.ssl.keystore"));
        assertEquals(password.toAbsolutePath().toString(), properties.get("spore.jmx.ssl.keystore.password.file"));
        assertEquals("false", properties.get("spore.jmx.registry.ssl"));
        assertFalse(FrameworkProperties.of(config().stateDir(tmp.resolve("state")).jmxPort(9010).conclude(), tmp)
            .containsKey("spore.jmx.ssl"));
        ActionableException alone = assertThrows(ActionableException.class, () -> config()
            .stateDir(tmp.resolve("state")).jmxPort(9010).jmxTls(new NodeConfig.JmxTls(keystore, password, true))
            .conclude());
        assertTrue(alone.getMessage().contains("--jmx-rmi-port"), alone.getMessage());
    }

    @Test
    void settingsLeftOutAreLeftToTheTransport() {
        Map<String, String> properties = FrameworkProperties.of(config().conclude(), tmp);
        for (String key : List.of("spore.transport.port", "spore.transport.bind", "spore.cookie.file",
            "spore.aeron.dir", "spore.routes", "spore.nameservice.port", "spore.heartbeat.interval.ms",
            "spore.detection.timeout.ms", "spore.transport.threading", "spore.transport.idle")) {
            assertFalse(properties.containsKey(key), key);
        }
        assertTrue(properties.containsKey("felix.fileinstall.dir"));
    }

    /** --registry becomes the registry bundle's property, and puts the registry in the default discovery order. */
    @Test
    void theRegistryBecomesItsPropertyAndJoinsTheDefaultDiscoveryOrder() {
        Map<String, String> properties = FrameworkProperties.of(config().registry("r1:9000,r2:9000,r3:9000")
            .conclude(), tmp);
        assertEquals("r1:9000,r2:9000,r3:9000", properties.get("spore.registry.members"));
        assertEquals("routes,registry,nameservice", properties.get("spore.discovery.order"));
        Map<String, String> ordered = FrameworkProperties.of(config().registry("r1:9000")
            .discovery(Map.of("spore.discovery.order", "registry,dns")).conclude(), tmp);
        assertEquals("registry,dns", ordered.get("spore.discovery.order"), "a given order wins");
        Map<String, String> without = FrameworkProperties.of(config().conclude(), tmp);
        assertFalse(without.containsKey("spore.registry.members"));
        assertFalse(without.containsKey("spore.discovery.order"), "no registry: the transport's default order");
    }

    @Test
    void aNodeWithoutADeployFolderHasNoFileInstallFolder() {
        Map<String, String> properties = FrameworkProperties.of(config().deployDir(null).conclude(), tmp);
        assertFalse(properties.containsKey("felix.fileinstall.dir"));
    }

    @Test
    void conclusionRefusesWhatTheTransportWould() {
        assertThrows(ActionableException.class, () -> config().cookieFile(tmp.resolve("missing")).conclude());
        assertThrows(ActionableException.class, () -> config().aeronDir(tmp.resolve("missing")).conclude());
        assertThrows(ActionableException.class, () -> config().port(65536).conclude());
        assertThrows(ActionableException.class, () -> config().nameServicePort(0).conclude());
        assertThrows(ActionableException.class, () -> config()
            .heartbeatInterval(Duration.ofSeconds(1)).detectionTimeout(Duration.ofMillis(1999)).conclude());
        assertThrows(ActionableException.class, () -> config()
            .routes(List.of(Route.parse("b@beta=h:1"), Route.parse("b@beta=h:2"))).conclude());
    }

    private NodeConfig config() {
        try {
            Path bundle = Files.exists(tmp.resolve("core.jar")) ? tmp.resolve("core.jar")
                : Files.createFile(tmp.resolve("core.jar"));
            return new NodeConfig()
                .name(NodeName.parse("a@localhost"))
                .deployDir(tmp.resolve("deploy"))
                .bundles(List.of(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
