package io.spore.registry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistryListener;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryNode;
import io.spore.registry.TestRegistryCluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The core's SPI over a real client of a real one-member registry: the SPI's errors, the replica in the API's
 * types, the events, and a process that ended (with and without names) as the registry sees it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeClusterRegistryTest {
    @TempDir
    static File dir;
    static TestRegistryCluster cluster;

    static final NodeName A = NodeName.parse("a@localhost");
    static final NodeName B = NodeName.parse("b@localhost");

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = new TestRegistryCluster(1, dir);
        cluster.awaitLeader(30_000);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSpiMapsTheRegistrysAnswersAndTellsItsChanges() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        RegistryEvents events = new RegistryEvents(cluster.members, () -> { });
        NodeClusterRegistry registry = new NodeClusterRegistry(new RegistryResults(cluster.members,
            TimeUnit.SECONDS.toNanos(10)), events);
        Pid a1 = new Pid(A, 1, 1);
        SporeException early = failure(registry.registerGlobal(GlobalName.of("x"), a1));
        assertEquals(SporeException.Reason.REGISTRY_UNAVAILABLE, early.reason(), "no client yet");
        assertEquals(List.of(), registry.members());

        registry.addListener(new ClusterRegistryListener() {
            @Override
            public void nodeJoined(ClusterMember member) {
                told.add("joined " + member.node() + " " + member.spawnNames());
            }

            @Override
            public void nodeLeft(NodeName node, int creation) {
                told.add("left " + node);
            }

            @Override
            public void groupJoined(GroupName group, Pid pid) {
                told.add("+" + group + " " + pid);
            }

            @Override
            public void groupLeft(GroupName group, Pid pid) {
                told.add("-" + group + " " + pid);
            }
        });
        RegistryClient clientB = cluster.client(node(B));
        try (RegistryClient clientA = client(A, events)) {
            registry.client(clientA);
            await(() -> registry.members().size() == 2, "both members");
            assertEquals(Set.of(Name.of("echo")), registry.members().get(0).spawnNames());

            Pid b1 = new Pid(B, 1, 1);
            assertTrue(clientB.registerGlobal("billing", b1).get(10, TimeUnit.SECONDS).isOk());
            SporeException taken = failure(registry.registerGlobal(GlobalName.of("billing"), a1));
            assertEquals(SporeException.Reason.NAME_TAKEN, taken.reason());
            assertEquals("global name 'billing' is taken: " + b1 + " holds it", taken.getMessage());
            SporeException notHolder = failure(registry.unregisterGlobal(GlobalName.of("billing"), a1));
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, notHolder.reason());
            SporeException foreign = failure(registry.registerGlobal(GlobalName.of("stolen"), b1));
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, foreign.reason(), foreign.getMessage());

            registry.registerGlobal(GlobalName.of("mine"), a1).get(10, TimeUnit.SECONDS);
            registry.joinGroup(GroupName.of("g"), a1).get(10, TimeUnit.SECONDS);
            assertTrue(clientB.joinGroup("g", b1).get(10, TimeUnit.SECONDS).isOk());
            await(() -> registry.groupMembers(GroupName.of("g")).size() == 2, "two members of g");
            assertEquals(a1, registry.whereis(GlobalName.of("mine")));
            assertEquals(Set.of(GlobalName.of("billing"), GlobalName.of("mine")), registry.globalNames());
            assertEquals(Set.of(GroupName.of("g")), registry.groups());

            Pid never = new Pid(A, 99, 1);
            registry.processEnded(never);
            registry.processEnded(a1);
            await(() -> registry.whereis(GlobalName.of("mine")) == null
                && registry.groupMembers(GroupName.of("g")).equals(Set.of(b1)), "a1's name and group gone");

            // Processes that end while their writes are on the way hold nothing once the writes are answered.
            List<CompletableFuture<Void>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Pid brief = new Pid(A, 1000 + i, 1);
                writes.add(registry.registerGlobal(GlobalName.of("brief-" + i), brief));
                writes.add(registry.joinGroup(GroupName.of("brief"), brief));
                registry.processEnded(brief);
            }
            for (CompletableFuture<Void> write : writes) {
                write.get(10, TimeUnit.SECONDS);
            }
            await(() -> registry.globalNames().stream().noneMatch(name -> name.value().startsWith("brief-"))
                && registry.groupMembers(GroupName.of("brief")).isEmpty(), "the ended processes hold nothing");

            clientB.close();
            clientB = null;
            await(() -> told.contains("left " + B), "b left");
            assertNull(registry.whereis(GlobalName.of("billing")), "b's name went with it");
            assertTrue(told.indexOf("-g " + b1) >= 0 && told.indexOf("-g " + b1) < told.indexOf("left " + B),
                "the membership that went with b is told before b left: " + told);
            assertTrue(told.contains("+g " + a1) && told.contains("-g " + a1), told.toString());
        } finally {
            if (clientB != null) {
                clientB.close();
            }
        }
    }

    private static RegistryClient client(NodeName node, RegistryEvents events) {
        return RegistryClient.connect(new RegistryClient.Context()
            .members(cluster.members)
            .node(node(node))
            .listener(events)
            .aeronDirectoryName(cluster.clientDriver.aeronDirectoryName())
            .responseTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(20)));
    }

    private static RegistryNode node(NodeName node) {
        return new RegistryNode(node, 1, List.of("127.0.0.1:4000"), List.of("echo"));
    }

    private static SporeException failure(CompletableFuture<Void> write) throws Exception {
        try {
            write.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (SporeException) e.getCause();
        }
        throw new AssertionError("the write succeeded");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
