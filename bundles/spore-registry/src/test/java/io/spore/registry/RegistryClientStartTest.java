package io.spore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A client started in the background, as a node starts it: with no registry yet its writes fail at once saying so;
 * once a registry runs on those members it joins by itself; and an announcement of new spawn names reaches another
 * node's replica.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RegistryClientStartTest {
    @TempDir
    File dir;

    @Test
    void aClientStartedBeforeItsRegistryFailsFastThenJoinsAndAnnounces() throws Exception {
        String members = TestRegistryCluster.freeBases(1);
        NodeName a = NodeName.parse("a@localhost");
        CountDownLatch joined = new CountDownLatch(1);
        RegistryNode node = new RegistryNode(a, 1, List.of("127.0.0.1:4000"), List.of("echo"));
        try (RegistryClient early = RegistryClient.start(new RegistryClient.Context()
            .members(members)
            .node(node)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(1))
            .listener(new RegistryListener() {
                @Override
                public void onRejoined() {
                    joined.countDown();
                }
            }))) {
            Pid pid = new Pid(a, 7, 1);
            await(() -> {
                RegistryResult result = early.registerGlobal("early", pid).join();
                assertEquals(RegistryStatus.UNAVAILABLE, result.status());
                return result.detail().startsWith("cannot reach the registry at " + members);
            }, "a write fails saying the registry cannot be reached");
            long startNs = System.nanoTime();
            RegistryResult fast = early.registerGlobal("early", pid).join();
            assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(2),
                "once connecting has failed, a write fails at once, not after its 10 s: " + fast);

            try (TestRegistryCluster cluster = new TestRegistryCluster(members, dir)) {
                cluster.awaitLeader(30_000);
                assertTrue(joined.await(40, TimeUnit.SECONDS), "the client joins by itself");
                await(early::hasView, "the first view");
                await(() -> early.registerGlobal("early", pid).join().isOk(), "a write succeeds");
                try (RegistryClient other = cluster.client(new RegistryNode(NodeName.parse("b@localhost"), 1,
                    List.of("127.0.0.1:4001"), List.of()))) {
                    assertEquals(pid, other.whereis("early"));
                    assertEquals(List.of("echo"), other.nodes().get(a).spawnNames());
                    RegistryResult announced = early.announce(new RegistryNode(a, 1, node.endpoints(),
                        List.of("echo", "worker"))).get(10, TimeUnit.SECONDS);
                    assertTrue(announced.isOk(), announced.toString());
                    await(() -> other.nodes().get(a).spawnNames().equals(List.of("echo", "worker")),
                        "the other node sees the new spawn names");
                    assertEquals(pid, other.whereis("early"), "announcing keeps the node's names");
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
