package io.spore.registry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.registry.RegistryNode;
import io.spore.transport.discovery.MembershipEvent;
import io.spore.transport.discovery.MembershipWatch;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The registry as a discovery provider: endpoints from the replica, members, and watches. */
class RegistryDiscoveryTest {
    static final NodeName A = NodeName.parse("a@alpha");
    static final NodeName B = NodeName.parse("b@beta");
    final Map<NodeName, RegistryNode> replica = new ConcurrentHashMap<>();
    final RegistryEvents events = new RegistryEvents("r:9000", () -> { });
    final RegistryDiscovery discovery = new RegistryDiscovery(() -> Map.copyOf(replica), events);

    @Test
    void aNodeIsWhereItToldTheRegistryItListens() {
        replica.put(A, new RegistryNode(A, 1, List.of("10.0.0.1:7000", "[::1]:7001", "bad", "h:0", "h:x"),
            List.of()));
        assertEquals(List.of(InetSocketAddress.createUnresolved("10.0.0.1", 7000),
            InetSocketAddress.createUnresolved("::1", 7001)), discovery.resolve(A), "bad endpoints are skipped");
        assertEquals(List.of(), discovery.resolve(B), "unknown here: the next provider is asked");
        assertEquals("registry", discovery.name());
        assertTrue(discovery.listsMembers());
    }

    @Test
    void aWatchIsToldTheMembersThenTheChangesUntilClosed() {
        replica.put(A, new RegistryNode(A, 1, List.of(), List.of()));
        List<MembershipEvent> seen = new CopyOnWriteArrayList<>();
        MembershipWatch watch = discovery.watch(seen::add);
        assertEquals(List.of(new MembershipEvent("registry", A, true)), seen);
        events.onNodeJoined(new RegistryNode(B, 1, List.of(), List.of()));
        events.onNodeLeft(A, 1);
        assertEquals(List.of(new MembershipEvent("registry", A, true), new MembershipEvent("registry", B, true),
            new MembershipEvent("registry", A, false)), seen);
        watch.close();
        events.onNodeLeft(B, 1);
        assertEquals(3, seen.size(), "nothing after close");
    }

    @Test
    void theAdvertisedHostIsTheBoundAddressUnlessItIsEveryInterface() {
        assertEquals("127.0.0.1", RegistryNodeSide.advertisedHost(A, "127.0.0.1"));
        assertEquals("alpha", RegistryNodeSide.advertisedHost(A, "0.0.0.0"));
        assertEquals("alpha", RegistryNodeSide.advertisedHost(A, null));
        assertNull(RegistryDiscovery.endpoint(":7000"));
    }
}
