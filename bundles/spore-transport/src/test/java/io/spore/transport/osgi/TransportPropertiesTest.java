package io.spore.transport.osgi;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.TransportContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportPropertiesTest {
    private static final NodeName NODE = NodeName.parse("n@localhost");

    @TempDir
    Path dir;

    @Test
    void theTransportUsesTheRegistryItIsGiven() {
        io.spore.wire.TypeRegistry registry = new io.spore.wire.TypeRegistry();
        assertSame(registry, TransportProperties.read(name -> null, NODE, registry).typeRegistry());
    }

    /** The Metatype description of io.spore.transport lists what the transport reads, no more, no less. */
    @Test
    void theDescriptionListsExactlyTheSettingsTheTransportReads() {
        Set<String> read = new TreeSet<>();
        TransportProperties.read(name -> {
            read.add(name);
            return null;
        }, NODE);
        // The identity's trust store and password file are read only once a keystore is named.
        read.add(io.spore.api.config.SporeProperties.IDENTITY_TRUSTSTORE.name());
        read.add(io.spore.api.config.SporeProperties.IDENTITY_PASSWORD_FILE.name());
        // The dns provider's other settings are read only once a service or a port is given.
        read.add(io.spore.api.config.SporeProperties.DISCOVERY_DNS_SERVER.name());
        read.add(io.spore.api.config.SporeProperties.DISCOVERY_DNS_NODE_NAME.name());
        read.add(io.spore.api.config.SporeProperties.DISCOVERY_DNS_INTERVAL.name());
        Set<String> described = new TreeSet<>();
        TransportProperties.DESCRIPTION.settings().forEach(setting -> described.add(setting.name()));
        assertEquals(read, described);
    }

    @Test
    void withoutPropertiesTheTransportsDefaultsApply() {
        TransportContext context = TransportProperties.read(name -> null, NODE);
        assertEquals(NODE, context.nodeName());
        assertEquals(0, context.port());
        assertEquals("127.0.0.1", context.bindAddress());
        assertNull(context.cookieFile());
        assertNull(context.aeronDir());
        assertTrue(context.staticRoutes().routes().isEmpty());
        assertEquals(4370, context.nameServicePort());
        assertEquals(Duration.ofMillis(300), context.heartbeatInterval());
        assertEquals(Duration.ofSeconds(3), context.detectionTimeout());
        assertEquals(Duration.ofSeconds(5), context.closeTimeout());
        assertEquals(java.util.List.of("routes", "nameservice"), context.discoveryOrder());
        assertNull(context.dnsDiscovery());
        assertEquals(io.aeron.driver.ThreadingMode.SHARED, context.threadingMode());
        assertEquals(org.agrona.concurrent.BackoffIdleStrategy.class, context.idleStrategy().get().getClass());
    }

    @Test
    void everyPropertyIsRead() throws IOException {
        Path cookie = Files.writeString(dir.resolve("cookie"), "secret");
        Map<String, String> properties = new HashMap<>();
        properties.put("spore.transport.port", "7001");
        properties.put("spore.transport.bind", "0.0.0.0");
        properties.put("spore.cookie.file", cookie.toString());
        properties.put("spore.aeron.dir", dir.toString());
        properties.put("spore.routes", "a@alpha=10.0.0.5:7000, b@beta=127.0.0.1:7002");
        properties.put("spore.nameservice.port", "5000");
        properties.put("spore.nameservice.bind", "0.0.0.0");
        properties.put("spore.heartbeat.interval.ms", "250");
        properties.put("spore.detection.timeout.ms", " 1500 ");
        properties.put("spore.close.timeout.ms", "750");
        properties.put("spore.discovery.order", "dns routes");
        properties.put("spore.discovery.dns.service", "_spore._udp.workers.example.org");
        properties.put("spore.discovery.dns.port", "4380");
        properties.put("spore.discovery.dns.server", "127.0.0.1:5353");
        properties.put("spore.discovery.dns.node-name", "worker");
        properties.put("spore.discovery.dns.interval.ms", "2000");
        properties.put("spore.transport.threading", "Shared-Network");
        properties.put("spore.transport.idle", "spin");
        TransportContext context = TransportProperties.read(properties::get, NODE);
        assertEquals(io.aeron.driver.ThreadingMode.SHARED_NETWORK, context.threadingMode());
        assertEquals(io.aeron.driver.ThreadingMode.INVOKER, TransportProperties.read(
            Map.of("spore.transport.threading", " Invoker ")::get, NODE).threadingMode());
        assertEquals(org.agrona.concurrent.BusySpinIdleStrategy.class, context.idleStrategy().get().getClass());
        assertEquals(java.util.List.of("dns", "routes"), context.discoveryOrder());
        assertEquals(new io.spore.transport.dns.DnsSettings("_spore._udp.workers.example.org", 4380,
            "127.0.0.1:5353", "worker", Duration.ofSeconds(2), TransportContext.DEFAULT_LOOKUP_TIMEOUT),
            context.dnsDiscovery());
        assertEquals(7001, context.port());
        assertEquals("0.0.0.0", context.bindAddress());
        assertEquals(cookie, context.cookieFile());
        assertEquals(dir, context.aeronDir());
        assertEquals(InetSocketAddress.createUnresolved("10.0.0.5", 7000),
            context.staticRoutes().route(NodeName.parse("a@alpha")).orElseThrow());
        assertEquals(5000, context.nameServicePort());
        assertEquals("0.0.0.0", context.nameServiceBindAddress());
        assertEquals(Duration.ofMillis(250), context.heartbeatInterval());
        assertEquals(Duration.ofMillis(1500), context.detectionTimeout());
        assertEquals(Duration.ofMillis(750), context.closeTimeout());
    }

    @Test
    void aBadValueIsRefusedNamingItsProperty() {
        assertNamed("spore.transport.port", Map.of("spore.transport.port", "seven"));
        assertNamed("spore.discovery.order", Map.of("spore.discovery.order", "dns"));
        assertNamed("spore.discovery.order", Map.of("spore.discovery.order", "routes,,Routes"));
        assertNamed("spore.discovery.dns.port", Map.of("spore.discovery.dns.port", "0"));
        assertNamed("spore.discovery.dns.*", Map.of("spore.discovery.dns.service", "no spaces"));
        assertNamed("spore.transport.port", Map.of("spore.transport.port", "70000"));
        assertNamed("spore.nameservice.port", Map.of("spore.nameservice.port", "0"));
        assertNamed("spore.routes", Map.of("spore.routes", "a@alpha=nowhere"));
        assertNamed("spore.cookie.file", Map.of("spore.cookie.file", dir.resolve("missing").toString()));
        assertNamed("spore.aeron.dir", Map.of("spore.aeron.dir", dir.resolve("no-driver").toString()));
        assertNamed("spore.heartbeat.interval.ms", Map.of("spore.heartbeat.interval.ms", "-5"));
        assertNamed("spore.detection.timeout.ms", Map.of("spore.detection.timeout.ms", "500"));
        assertNamed("spore.heartbeat.interval.ms", Map.of("spore.heartbeat.interval.ms", "2000"));
        assertNamed("spore.transport.threading", Map.of("spore.transport.threading", "agent"));
        assertNamed("spore.transport.idle", Map.of("spore.transport.idle", "sleep:0"));
    }

    private static void assertNamed(String property, Map<String, String> properties) {
        SporeException refused = assertThrows(SporeException.class,
            () -> TransportProperties.read(properties::get, NODE));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, refused.reason());
        assertTrue(refused.getMessage().startsWith(property + ": "), refused.getMessage());
        assertTrue(!refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
    }
}
