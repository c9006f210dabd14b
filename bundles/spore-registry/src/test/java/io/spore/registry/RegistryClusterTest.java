package io.spore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.api.NodeName;
import io.spore.api.Pid;

import io.spore.registry.sbe.ResponseDecoder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real three-member registry cluster (Aeron Cluster over loopback UDP, in this JVM) and real clients: the name
 * race, a node leaving, and the leader stopped during a stream of registrations. The leader test runs last: it
 * leaves two members.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 100, unit = TimeUnit.SECONDS)
class RegistryClusterTest {
    @TempDir
    static File dir;
    static TestRegistryCluster cluster;

    @BeforeAll
    static void start() throws InterruptedException {
        cluster = new TestRegistryCluster(3, dir);
        cluster.awaitLeader(30_000);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static RegistryNode node(String name) {
        return new RegistryNode(NodeName.parse(name + "@localhost"), 1, List.of("127.0.0.1:4000"), List.of("echo"));
    }

    static Pid pid(String node, long id) {
        return new Pid(NodeName.parse(node + "@localhost"), id, 1);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    @Order(1)
    void ofFourNodesRacingForOneNameExactlyOneWins() throws Exception {
        List<RegistryClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(cluster.client(node("racer" + i)));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<RegistryResult>> results = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RegistryClient client = clients.get(i);
                Pid pid = pid("racer" + i, 10);
                CompletableFuture<RegistryResult> result = new CompletableFuture<>();
                results.add(result);
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        result.complete(client.registerGlobal("the-one", pid).get(10, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            go.countDown();
            Pid winner = null;
            int taken = 0;
            for (int i = 0; i < 4; i++) {
                RegistryResult result = results.get(i).get(15, TimeUnit.SECONDS);
                if (result.isOk()) {
                    assertNull(winner, "two winners");
                    winner = pid("racer" + i, 10);
                } else {
                    assertEquals(RegistryStatus.NAME_TAKEN, result.status(), result.toString());
                    taken++;
                }
            }
            assertEquals(3, taken);
            for (int i = 0; i < 4; i++) {
                RegistryResult result = results.get(i).get();
                if (!result.isOk()) {
                    assertEquals(winner, result.holder(), "the loser is told the holder");
                }
            }
            Pid expected = winner;
            for (RegistryClient client : clients) {
                await(() -> expected.equals(client.whereis("the-one")), "every replica knows the winner");
            }
        } finally {
            clients.forEach(RegistryClient::close);
        }
    }

    @Test
    @Order(2)
    void aClosedSessionTakesItsNamesAndGroupsAway() throws Exception {
        try (RegistryClient watcher = cluster.client(node("watcher"))) {
            RegistryClient leaving = cluster.client(node("leaving"));
            Pid pid = pid("leaving", 3);
            assertTrue(leaving.registerGlobal("leaving-name", pid).get(10, TimeUnit.SECONDS).isOk());
            assertTrue(leaving.joinGroup("workers", pid).get(10, TimeUnit.SECONDS).isOk());
            await(() -> pid.equals(watcher.whereis("leaving-name")), "the watcher sees the name");
            await(() -> watcher.members("workers").contains(pid), "the watcher sees the member");
            assertTrue(watcher.nodes().containsKey(NodeName.parse("leaving@localhost")));

            leaving.close();

            await(() -> watcher.whereis("leaving-name") == null, "the name goes with the session");
            await(() -> watcher.members("workers").isEmpty(), "the membership goes with the session");
            await(() -> !watcher.nodes().containsKey(NodeName.parse("leaving@localhost")), "the node leaves");
        }
    }

    @Test
    @Order(2)
    void aSilentNodeLeavesWhenItsSessionTimesOut() throws Exception {
        // The node's client goes silent as a killed node does: its media driver vanishes, so no keepalive and no
        // goodbye reach the registry.
        MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(cluster.root.getPath() + "/silent-driver")
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        RegistryClient silent = null;
        try (RegistryClient watcher = cluster.client(node("watcher-silent"))) {
            silent = RegistryClient.connect(new RegistryClient.Context()
                .members(cluster.members)
                .node(node("silent"))
                .aeronDirectoryName(driver.aeronDirectoryName())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(20)));
            Pid pid = pid("silent", 1);
            assertTrue(silent.registerGlobal("silent-name", pid).get(10, TimeUnit.SECONDS).isOk());
            assertTrue(silent.joinGroup("silent-group", pid).get(10, TimeUnit.SECONDS).isOk());
            await(() -> pid.equals(watcher.whereis("silent-name")), "the watcher sees the name");

            long silencedMs = System.currentTimeMillis();
            driver.close();

            long deadline = silencedMs + 20_000;
            while (watcher.whereis("silent-name") != null || !watcher.members("silent-group").isEmpty()
                || watcher.nodes().containsKey(NodeName.parse("silent@localhost"))) {
                assertTrue(System.currentTimeMillis() < deadline, "the silent node left within 20 s");
                Thread.sleep(20);
            }
            long goneMs = System.currentTimeMillis() - silencedMs;
            assertTrue(goneMs >= 5_000, "not before the 10 s session timeout was near: " + goneMs + " ms");
        } finally {
            if (silent != null) {
                silent.close();
            }
            driver.close();
        }
    }

    @Test
    @Order(2)
    void aJoiningNodeGetsALargeViewWhole() throws Exception {
        int members = 10_000;
        try (RegistryClient big = cluster.client(node("big"))) {
            List<CompletableFuture<RegistryResult>> joins = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                joins.add(big.joinGroup("big-group", pid("big", 1 + i)));
                if (joins.size() == 500) {
                    for (CompletableFuture<RegistryResult> join : joins) {
                        assertTrue(join.get(20, TimeUnit.SECONDS).isOk());
                    }
                    joins.clear();
                }
            }
            for (CompletableFuture<RegistryResult> join : joins) {
                assertTrue(join.get(20, TimeUnit.SECONDS).isOk());
            }
            try (RegistryClient late = cluster.client(node("late"))) {
                assertEquals(members, late.members("big-group").size(), "the whole view, at once");
            }
        }
    }

    @Test
    @Order(3)
    void aRestartedNodeReplacesItsEarlierIncarnation() throws Exception {
        NodeName phoenix = NodeName.parse("phoenix@localhost");
        RegistryClient first = cluster.client(new RegistryNode(phoenix, 1, List.of(), List.of()));
        try (RegistryClient watcher = cluster.client(node("watcher2"))) {
            Pid old = new Pid(phoenix, 1, 1);
            assertTrue(first.registerGlobal("phoenix-name", old).get(10, TimeUnit.SECONDS).isOk());
            await(() -> old.equals(watcher.whereis("phoenix-name")), "the watcher sees the first incarnation's name");

            try (RegistryClient second = cluster.client(new RegistryNode(phoenix, 2, List.of(), List.of()))) {
                await(() -> watcher.whereis("phoenix-name") == null, "the earlier incarnation's name goes");
                await(() -> watcher.nodes().get(phoenix) != null && watcher.nodes().get(phoenix).creation() == 2,
                    "the node is the new incarnation");
                Pid fresh = new Pid(phoenix, 1, 2);
                assertTrue(second.registerGlobal("phoenix-name", fresh).get(10, TimeUnit.SECONDS).isOk());
                RegistryResult stale = first.registerGlobal("phoenix-other", old).get(10, TimeUnit.SECONDS);
                assertTrue(stale.status() == RegistryStatus.UNAVAILABLE || stale.status() == RegistryStatus.NOT_JOINED,
                    "the replaced session cannot register any more: " + stale);
            }
        } finally {
            first.close();
        }
    }

    @Test
    @Order(4)
    void hostileBytesOnARealSessionGetInvalidAndTheRegistryKeepsServing() throws Exception {
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.spore.registry.service.RecordReader reader = new io.spore.registry.service.RecordReader();
        try (AeronCluster raw = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(cluster.clientDriver.aeronDirectoryName())
                .ingressChannel("aeron:udp")
                .ingressEndpoints(cluster.addresses.ingressEndpoints())
                .egressChannel("aeron:udp?endpoint=localhost:0")
                .egressListener((sessionId, timestamp, buffer, offset, length, header) -> {
                    if (reader.open(buffer, offset, length) == ResponseDecoder.TEMPLATE_ID) {
                        statuses.add(reader.response().status().name());
                    }
                }));
            RegistryClient watcher = cluster.client(node("watcher3"))) {
            java.util.Random random = new java.util.Random(18);
            byte[] garbage = new byte[300];
            int sent = 0;
            for (int i = 0; i < 50; i++) {
                random.nextBytes(garbage);
                if (i % 2 == 0) {
                    // The registry's header, so the garbage reaches the decoders.
                    new UnsafeBuffer(garbage).putShort(4, (short) 21330, java.nio.ByteOrder.LITTLE_ENDIAN);
                    new UnsafeBuffer(garbage).putShort(6, (short) 1, java.nio.ByteOrder.LITTLE_ENDIAN);
                }
                while (raw.offer(new UnsafeBuffer(garbage), 0, 1 + random.nextInt(garbage.length - 1)) < 0) {
                    raw.pollEgress();
                    Thread.sleep(1);
                }
                sent++;
            }
            int expected = sent;
            long deadline = System.currentTimeMillis() + 15_000;
            while (statuses.size() < expected && System.currentTimeMillis() < deadline) {
                raw.pollEgress();
                raw.sendKeepAlive();
                Thread.sleep(5);
            }
            assertEquals(expected, statuses.size(), "one answer per hostile message");
            assertTrue(statuses.stream().allMatch(status -> status.equals("INVALID") || status.equals("NOT_JOINED")),
                statuses.toString());
            Pid pid = pid("watcher3", 1);
            assertTrue(watcher.registerGlobal("after-the-garbage", pid).get(10, TimeUnit.SECONDS).isOk());
        }
    }

    @Test
    @Order(5)
    void stoppingTheLeaderDuringAStreamLosesAndDoublesNoAcknowledgedRegistration() throws Exception {
        int count = 200;
        Map<String, Pid> acknowledged = new LinkedHashMap<>();
        int stopped = -1;
        long stoppedAtNs = 0;
        long resumedAfterMs = -1;
        try (RegistryClient streamer = cluster.client(node("streamer"))) {
            for (int i = 0; i < count; i++) {
                if (i == count / 4) {
                    stopped = cluster.awaitLeader(1_000);
                    cluster.stop(stopped);
                    stoppedAtNs = System.nanoTime();
                }
                String name = "stream-" + i;
                Pid pid = pid("streamer", 100 + i);
                // A client whose session the stopped leader took with it connects again; an attempt made while the
                // members still elect goes unanswered until it gives up (2 s, then longer on a busy host): ample.
                long deadline = System.currentTimeMillis() + 60_000;
                RegistryResult result;
                do {
                    result = streamer.registerGlobal(name, pid).get(10, TimeUnit.SECONDS);
                } while (result.status() == RegistryStatus.UNAVAILABLE && System.currentTimeMillis() < deadline);
                assertEquals(RegistryStatus.OK, result.status(), name + ": " + result);
                acknowledged.put(name, pid);
                if (i == count / 4) {
                    resumedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAtNs);
                }
            }
            // The election takes the 2 s leader timeout and a little more; a client that lost its session meanwhile
            // connects again with attempts of 2 s, not with one attempt of its whole 20 s connect timeout.
            System.out.println("registrations resumed " + resumedAfterMs + " ms after the leader stopped");
            assertTrue(resumedAfterMs < 15_000, "registrations resumed " + resumedAfterMs + " ms after the leader"
                + " stopped");
            assertTrue(stopped >= 0 && cluster.awaitLeader(15_000) != stopped, "another member leads");
            try (RegistryClient checker = cluster.client(node("checker"))) {
                for (Map.Entry<String, Pid> entry : acknowledged.entrySet()) {
                    assertEquals(entry.getValue(), checker.whereis(entry.getKey()), entry.getKey());
                }
                Set<Pid> holders = new java.util.HashSet<>();
                for (int i = 0; i < count; i++) {
                    assertTrue(holders.add(checker.whereis("stream-" + i)), "one holder per name, once");
                }
                await(() -> acknowledged.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(streamer.whereis(e.getKey()))),
                    "the streamer's own replica caught up after the leader change");
            }
        }
    }
}
