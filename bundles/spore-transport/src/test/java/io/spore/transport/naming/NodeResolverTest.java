package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class NodeResolverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aNodeIsFoundThroughItsHostsNameService() {
        NameServiceConfig config = new NameServiceConfig("127.0.0.1", FreePort.find(), TIMEOUT);
        try (Registrar alpha = Registrar.start(config, LineClient.COOKIE, "alpha", 42001)) {
            assertTrue(alpha.isRegistered());
            NodeResolver resolver = new NodeResolver(StaticRoutes.NONE, config, LineClient.COOKIE);
            assertEquals(new InetSocketAddress("127.0.0.1", 42001),
                resolver.resolve(NodeName.parse("alpha@127.0.0.1")));
            assertEquals(new InetSocketAddress("127.0.1.1", 42001),
                resolver.resolve(NodeName.parse("alpha@127.0.1.1")),
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
            NodeResolver resolver = new NodeResolver(routes, config, LineClient.COOKIE);
            assertEquals(new InetSocketAddress("127.0.0.1", 42999),
                resolver.resolve(NodeName.parse("alpha@127.0.0.1")));
            assertEquals(new InetSocketAddress("127.0.0.2", 7000), resolver.resolve(NodeName.parse("far@elsewhere")),
                "a routed host needs neither DNS nor a name service");
        }
    }

    @Test
    void aHostWithoutANameServiceIsReportedAsDown() {
        NodeResolver resolver = new NodeResolver(StaticRoutes.NONE,
            new NameServiceConfig("127.0.0.1", FreePort.find(), TIMEOUT), LineClient.COOKIE);
        SporeException e = assertThrows(SporeException.class, () -> resolver.resolve(NodeName.parse("a@127.0.0.1")));
        assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
        assertTrue(e.getMessage().contains("refused the connection"), e.getMessage());
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
