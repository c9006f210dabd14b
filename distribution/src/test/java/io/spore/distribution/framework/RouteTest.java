package io.spore.distribution.framework;

import io.spore.api.NodeName;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTest {
    @Test
    void readsNameHostAddressAndPort() {
        Route route = Route.parse("b@beta=10.0.0.2:7000");
        assertEquals(NodeName.parse("b@beta"), route.node());
        assertEquals("10.0.0.2", route.address());
        assertEquals(7000, route.port());
        assertEquals("b@beta=10.0.0.2:7000", route.toString());
    }

    @Test
    void anIpv6AddressGoesInBrackets() {
        Route route = Route.parse("b@beta=[::1]:7000");
        assertEquals("::1", route.address());
        assertEquals("b@beta=[::1]:7000", route.toString());
    }

    @Test
    void refusesMalformedRoutesSayingWhy() {
        for (String bad : new String[] {"b@beta", "b@beta=", "b@beta=host", "b@beta=host:", "=host:1", "bbeta=host:1",
            "b@beta=host:0", "b@beta=host:65536", "b@beta=host:x", "b@beta=:7000", "b@beta=a,b:7000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Route.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
