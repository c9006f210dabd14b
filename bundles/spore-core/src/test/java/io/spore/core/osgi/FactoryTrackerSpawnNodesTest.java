package io.spore.core.osgi;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How a factory service's {@code spore.spawn.nodes} becomes its initial remote-spawn access list. */
class FactoryTrackerSpawnNodesTest {
    private static final Name ECHO = Name.of("echo");
    private static final NodeName A = NodeName.parse("a@localhost");
    private static final NodeName B = NodeName.parse("b@host.example");

    /** A reference with only the spawn-nodes property; everything else answers null. */
    private static ServiceReference<?> withNodes(Object value) {
        return (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
            new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                if (method.getName().equals("getProperty") && ProcessFactory.SPAWN_NODES.equals(args[0])) {
                    return value;
                }
                return null;
            });
    }

    @Test
    void absentOrEmptyMeansOpenToAll() {
        assertEquals(Set.of(), FactoryTracker.spawnNodes(withNodes(null), ECHO));
        assertEquals(Set.of(), FactoryTracker.spawnNodes(withNodes(new String[0]), ECHO));
        assertEquals(Set.of(), FactoryTracker.spawnNodes(withNodes(""), ECHO));
    }

    @Test
    void aStringAnArrayOrACollectionListsNodes() {
        assertEquals(Set.of(A), FactoryTracker.spawnNodes(withNodes("a@localhost"), ECHO));
        assertEquals(Set.of(A, B), FactoryTracker.spawnNodes(withNodes("a@localhost, b@host.example"), ECHO));
        assertEquals(Set.of(A, B), FactoryTracker.spawnNodes(withNodes(new String[] {"a@localhost", "b@host.example"}),
            ECHO));
        assertEquals(Set.of(A), FactoryTracker.spawnNodes(withNodes(List.of("a@localhost")), ECHO));
    }

    @Test
    void anUnreadableValueLeavesTheNameDisabledNeverOpen() {
        assertNull(FactoryTracker.spawnNodes(withNodes("not a node"), ECHO));
        assertNull(FactoryTracker.spawnNodes(withNodes(new String[] {"a@localhost", "bad"}), ECHO));
        assertNull(FactoryTracker.spawnNodes(withNodes(42), ECHO));
    }
}
