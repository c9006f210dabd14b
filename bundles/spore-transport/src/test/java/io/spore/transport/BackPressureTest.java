package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.FreePorts;
import io.spore.testsupport.LogCapture;
import io.spore.transport.TestCluster.Member;
import io.spore.transport.naming.StaticRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a sender sees when a peer does not keep up: its sends are slowed, then refused with {@code BACK_PRESSURED}
 * naming the peer; nothing it was not told about is lost.
 */
@Timeout(60)
class BackPressureTest {
    private static final byte[] KIB = new byte[1024];

    @TempDir
    Path dir;
    private TestCluster cluster;

    @BeforeEach
    void makeCluster() {
        cluster = new TestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aStalledReceiverBackPressuresTheSenderWhoIsToldAndLosesNothing() throws Exception {
        // Detection is long: the stalled receiver sends no heartbeats while it is stuck.
        Member a = cluster.start(cluster.context("a").heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(20)));
        TransportContext bSettings = cluster.context("b").heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(20));
        SporeNode bNode = SporeNode.start(new NodeContext().nodeName(bSettings.nodeName()).workerThreads(2));
        StallingRuntime bRuntime = new StallingRuntime(bNode);
        Member b = cluster.start(bSettings, bNode, bRuntime);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> inbox.add(((List<?>) message).get(0)),
            ProcessOptions.DEFAULTS);
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", Duration.ofSeconds(5)));

        bRuntime.stall();
        int accepted = 0;
        SporeException refused = null;
        long refusedAfterNs = 0;
        while (refused == null && accepted < 1_000_000) {
            long startNs = System.nanoTime();
            try {
                a.node().send(sink, List.of(accepted, KIB));
                accepted++;
            } catch (SporeException e) {
                refused = e;
                refusedAfterNs = System.nanoTime() - startNs;
            }
        }
        assertNotNull(refused, "a million sends to a stalled receiver were all accepted");
        assertTrue(bRuntime.awaitStalled(0));
        assertEquals(SporeException.Reason.BACK_PRESSURED, refused.reason());
        assertTrue(refused.getMessage().contains("b@localhost"), refused.getMessage());
        long retriedMs = TimeUnit.NANOSECONDS.toMillis(refusedAfterNs);
        long boundMs = TransportContext.DEFAULT_BACK_PRESSURE_TIMEOUT.toMillis();
        assertTrue(retriedMs >= boundMs - 10, "the refused send retried for " + retriedMs + " ms, not the "
            + boundMs + " ms bound");
        TransportCounters counters = a.transport().counters();
        assertTrue(counters.backPressureEvents() >= 1, counters.toString());
        assertTrue(counters.backPressureFailures() >= 1, counters.toString());

        bRuntime.release();
        for (int i = 0; i < accepted; i++) {
            assertEquals(i, inbox.poll(10, TimeUnit.SECONDS), "every accepted message arrives, in order");
        }
        a.node().send(sink, List.of(-1, KIB));
        assertEquals(-1, inbox.poll(10, TimeUnit.SECONDS), "the sender may carry on once the receiver does");
        assertTrue(a.node().connectedNodes().contains(b.name()));
    }

    @Test
    void whileAConnectionIsBeingMadeItsQueueIsBoundedAndThenTheNodeIsDown() throws Exception {
        NodeName ghost = NodeName.parse("ghost@localhost");
        int silentPort = FreePorts.udp();
        Member a = cluster.start(cluster.context("a")
            .staticRoutes(StaticRoutes.parse(ghost + "=127.0.0.1:" + silentPort))
            .heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(2))
            .pendingLimitBytes(70_000));
        Pid ghostPid = new Pid(ghost, 1, 1);
        CompletableFuture<Object> call = a.node().callAsync(ghostPid, "anyone?", Duration.ofSeconds(60));
        long startNs = System.nanoTime();

        int queued = 0;
        SporeException refused = null;
        while (refused == null && queued < 10_000) {
            try {
                a.node().send(ghostPid, List.of(queued, KIB));
                queued++;
            } catch (SporeException e) {
                refused = e;
            }
        }
        assertNotNull(refused);
        assertEquals(SporeException.Reason.BACK_PRESSURED, refused.reason());
        assertTrue(refused.getMessage().contains("ghost@localhost") && refused.getMessage().contains("being made"),
            refused.getMessage());
        assertTrue(queued > 10 && queued < 70, queued + " messages of 1 KiB fit a queue of 70,000 bytes");
        assertEquals(1, a.transport().counters().pendingFull());

        ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertEquals(SporeException.Reason.NODE_DOWN,
            assertInstanceOf(SporeException.class, failed.getCause()).reason());
        long failedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(failedAfterMs < 6_000, "the call failed after " + failedAfterMs + " ms");
        assertTrue(a.transport().counters().failedHandshakes() >= 1);
        // Right after a failed attempt the node is unreachable: important sends fail, plain ones are dropped.
        assertEquals(SporeException.Reason.NODE_DOWN, assertThrows(SporeException.class,
            () -> a.node().send(ghostPid, "x", SendOptions.IMPORTANT)).reason());
        long dropped = a.transport().counters().droppedUnreachable();
        a.node().send(ghostPid, "lost");
        assertEquals(dropped + 1, a.transport().counters().droppedUnreachable());
    }

    /**
     * Issue 14: a failed attempt used to clear its queue with no counter and no number in the log. Every frame a
     * sender queued for it now counts as dropped, and the warning that reports the failure says how many.
     */
    @Test
    void theFramesAFailedAttemptDropsAreCountedAndLogged() throws Exception {
        NodeName ghost = NodeName.parse("ghost@localhost");
        Member a = cluster.start(cluster.context("a")
            .staticRoutes(StaticRoutes.parse(ghost + "=127.0.0.1:" + FreePorts.udp()))
            .heartbeatInterval(Duration.ofMillis(500))
            .detectionTimeout(Duration.ofSeconds(1)));
        LogCapture log = new LogCapture(HandshakeProtocol.class).start();
        try {
            Pid ghostPid = new Pid(ghost, 1, 1);
            long before = a.transport().counters().droppedUnreachable();
            int sent = 25;
            for (int i = 0; i < sent; i++) {
                a.node().send(ghostPid, List.of(i, KIB));
            }
            io.spore.testsupport.Await.until("the attempt to fail",
                () -> log.records().stream().anyMatch(r -> r.getMessage().contains("cannot connect to " + ghost)));
            assertEquals(before + sent, a.transport().counters().droppedUnreachable(),
                "each queued message counted once");
            String line = log.records().stream().map(java.util.logging.LogRecord::getMessage)
                .filter(w -> w.contains("cannot connect to " + ghost)).findFirst().orElseThrow();
            assertTrue(line.contains("; " + sent + " queued frames dropped"), line);
        } finally {
            log.close();
        }
    }
}
