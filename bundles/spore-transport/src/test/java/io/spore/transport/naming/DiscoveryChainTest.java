package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.discovery.NodeDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class DiscoveryChainTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aNodeIsFoundThroughItsHostsNameService() {
        NameServiceConfig config = new NameServiceConfig("127.0.0.1", FreePort.find(), TIMEOUT);
        try (Registrar alpha = Registrar.start(config, LineClient.COOKIE, "alpha", 42001)) {
            assertTrue(alpha.isRegistered());
            DiscoveryChain resolver = chain(StaticRoutes.NONE, config);
            assertEquals(new InetSocketAddress("127.0.0.1", 42001),
                first(resolver, "alpha@127.0.0.1"));
            assertEquals(new InetSocketAddress("127.0.1.1", 42001),
                first(resolver, "alpha@127.0.1.1"),
                "another address of this host (Debian's for the host name) asks the loopback name service");

            SporeException e = assertThrows(SporeException.class,
                () -> resolver.resolve(NodeName.parse("beta@localhost")));
            assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
            assertTrue(e.getMessage().contains("no node named beta runs on localhost"), e.getMessage());
        }
    }

    @Test
    void staticRoutesTakePrecedence() {
        NameServiceConfig config = new NameServiceConfig("127.0.0.1", FreePort.find(), TIMEOUT);
        try (Registrar alpha = Registrar.start(config, LineClient.COOKIE, "alpha", 42001)) {
            assertTrue(alpha.isRegistered());
            StaticRoutes routes = StaticRoutes.parse("alpha@127.0.0.1=127.0.0.1:42999, far@elsewhere=127.0.0.2:7000");
            DiscoveryChain resolver = chain(routes, config);
            assertEquals(new InetSocketAddress("127.0.0.1", 42999),
                first(resolver, "alpha@127.0.0.1"));
            assertEquals(new InetSocketAddress("127.0.0.2", 7000), first(resolver, "far@elsewhere"),
                "a routed host needs neither DNS nor a name service");
        }
    }

    @Test
    void aHostWithoutANameServiceIsReportedAsDown() {
        DiscoveryChain resolver = chain(StaticRoutes.NONE,
            new NameServiceConfig("127.0.0.1", FreePort.find(), TIMEOUT));
        SporeException e = assertThrows(SporeException.class, () -> resolver.resolve(NodeName.parse("a@127.0.0.1")));
        assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
        assertTrue(e.getMessage().contains("refused the connection"), e.getMessage());
    }

    @Test
    void theFirstProviderThatKnowsTheNodeWinsAndTheErrorNamesEveryProviderAsked() {
        NodeName alpha = NodeName.parse("alpha@alpha.example");
        NodeDiscovery nobody = fixed("nobody", Map.of());
        NodeDiscovery one = fixed("one", Map.of(alpha, List.of(new InetSocketAddress("127.0.0.5", 7001))));
        NodeDiscovery two = fixed("two", Map.of(alpha, List.of(new InetSocketAddress("127.0.0.6", 7002))));
        DiscoveryProviders registered = DiscoveryProviders.of(nobody, one, two);
        DiscoveryChain chain = DiscoveryChain.create(List.of("routes", "nobody", "two", "one"), builtIns(),
            registered);
        assertEquals(List.of(new InetSocketAddress("127.0.0.6", 7002)), chain.resolve(alpha));

        // A provider that leaves is skipped, and the error says so.
        registered.remove(two);
        assertEquals(List.of(new InetSocketAddress("127.0.0.5", 7001)), chain.resolve(alpha));
        SporeException e = assertThrows(SporeException.class, () -> chain.resolve(NodeName.parse("b@x")));
        assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
        assertTrue(e.getMessage().startsWith("no discovery provider knows b@x (asked routes, nobody, two (not running),"
            + " one)"), e.getMessage());
    }

    @Test
    void aDefiniteAnswerEndsTheSearch() {
        NodeDiscovery refuses = new NodeDiscovery() {
            @Override
            public String name() {
                return "refuses";
            }

            @Override
            public List<InetSocketAddress> resolve(NodeName node) {
                throw new SporeException(SporeException.Reason.NODE_DOWN, node + " is known to be gone");
            }
        };
        NodeDiscovery knows = fixed("knows", Map.of(NodeName.parse("a@h"), List.of(new InetSocketAddress(1))));
        DiscoveryChain chain = DiscoveryChain.create(List.of("refuses", "knows"), builtIns(),
            DiscoveryProviders.of(refuses, knows));
        SporeException e = assertThrows(SporeException.class, () -> chain.resolve(NodeName.parse("a@h")));
        assertEquals("a@h is known to be gone", e.getMessage());
        assertFalse(refuses.listsMembers());
        assertThrows(UnsupportedOperationException.class, refuses::members);
        assertThrows(UnsupportedOperationException.class, () -> refuses.watch(event -> { }));
    }

    @Test
    void anOrderNamingNoProviderIsOneLine() {
        SporeException e = assertThrows(SporeException.class,
            () -> DiscoveryChain.create(List.of("routes", "registry"), builtIns(), new DiscoveryProviders()));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertEquals("spore.discovery.order: no discovery provider is named 'registry' (there are: nameservice,"
            + " routes); fix the order, or start the bundle that provides it", e.getMessage());
        assertEquals(List.of("routes", "nameservice"), DiscoveryChain.parseOrder(" "));
        assertEquals(List.of("dns", "routes"), DiscoveryChain.parseOrder("dns, routes"));
        for (String bad : new String[] {"dns,dns", "DNS", "dns;routes", "a_b"}) {
            assertEquals(SporeException.Reason.INVALID_ARGUMENT,
                assertThrows(SporeException.class, () -> DiscoveryChain.parseOrder(bad), bad).reason());
        }
    }

    @Test
    void attemptsGoRoundTheEndpoints() {
        NodeName node = NodeName.parse("a@h");
        List<InetSocketAddress> endpoints = List.of(new InetSocketAddress("127.0.0.1", 1),
            InetSocketAddress.createUnresolved("localhost", 2));
        assertEquals(endpoints.get(0), DiscoveryChain.pick(node, endpoints, 1));
        assertEquals(new InetSocketAddress("localhost", 2), DiscoveryChain.pick(node, endpoints, 2));
        assertEquals(endpoints.get(0), DiscoveryChain.pick(node, endpoints, 3));
        SporeException e = assertThrows(SporeException.class, () -> DiscoveryChain.pick(node,
            List.of(InetSocketAddress.createUnresolved("no-such-host.invalid", 1)), 1));
        assertTrue(e.getMessage().contains("host no-such-host.invalid is unknown"), e.getMessage());
    }

    private static DiscoveryChain chain(StaticRoutes routes, NameServiceConfig config) {
        return DiscoveryChain.create(DiscoveryChain.DEFAULT_ORDER, List.of(new RoutesDiscovery(routes),
            new NameServiceDiscovery(config, LineClient.COOKIE)), new DiscoveryProviders());
    }

    private static List<NodeDiscovery> builtIns() {
        return List.of(new RoutesDiscovery(StaticRoutes.NONE),
            new NameServiceDiscovery(new NameServiceConfig("127.0.0.1", 1, TIMEOUT), LineClient.COOKIE));
    }

    private static InetSocketAddress first(DiscoveryChain chain, String node) {
        return DiscoveryChain.pick(NodeName.parse(node), chain.resolve(NodeName.parse(node)), 1);
    }

    private static NodeDiscovery fixed(String name, Map<NodeName, List<InetSocketAddress>> nodes) {
        return new NodeDiscovery() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<InetSocketAddress> resolve(NodeName node) {
                return nodes.getOrDefault(node, List.of());
            }
        };
    }

    @Test
    void malformedRoutesAreNamed() {
        for (String bad : new String[] {"alpha", "alpha@h", "alpha@h=", "alpha@h=host", "alpha@h=host:0",
            "al pha@h=host:1", "a@h=x:1,a@h=y:2", "=host:1"}) {
            SporeException e = assertThrows(SporeException.class, () -> StaticRoutes.parse(bad), bad);
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().startsWith("invalid static route"), e.getMessage());
        }
        assertEquals(StaticRoutes.NONE, StaticRoutes.parse("  "));
        assertEquals(new InetSocketAddress("::1", 7000).getPort(),
            StaticRoutes.parse("a@h=[::1]:7000").route(NodeName.parse("a@h")).orElseThrow().getPort());
    }
}
