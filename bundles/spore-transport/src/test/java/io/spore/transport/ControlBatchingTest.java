package io.spore.transport;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control frames sent while the media driver is busy travel packed into batches, as data frames do, over real Aeron
 * between two sealed transports: a burst of pipelined remote spawns (requests one way, replies the other, nothing on
 * the data stream) arrives whole and answered, in fewer datagrams; a peer whose handshake does not say it reads
 * batches on its control stream (a node of an earlier build) is sent every control frame alone and still answers
 * every request; and a node that closes right after a burst sends what it staged before its goodbye.
 */
@Timeout(120)
class ControlBatchingTest {
    private static final int BURST = 2_000;
    private static final Name CHILD = Name.of("child");

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

    /** A process that ends in its init: the spawn is measured, not the process table. */
    private static final class EndsAtOnce implements ProcessBehavior {
        @Override
        public void init(ProcessContext ctx, Object... args) {
            ctx.exit(ExitReason.NORMAL);
        }

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }
    }

    private Member start(String name, boolean readsControlBatches) {
        Member member = cluster.start(cluster.context(name).readsControlBatches(readsControlBatches));
        member.node().registerFactory(CHILD.toString(), EndsAtOnce::new);
        return member;
    }

    /** Pipelines {@link #BURST} spawns from {@code from} on {@code to} and checks every answer. */
    private static void spawnBurst(Member from, Member to) throws Exception {
        RemoteNode remote = from.node().network().getNode(to.name());
        List<CompletableFuture<Pid>> answers = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            answers.add(remote.spawnAsync(CHILD, ProcessOptions.DEFAULTS));
        }
        Set<Pid> pids = new HashSet<>();
        for (CompletableFuture<Pid> answer : answers) {
            Pid pid = answer.get(60, TimeUnit.SECONDS);
            assertEquals(to.name(), pid.node());
            pids.add(pid);
        }
        assertEquals(BURST, pids.size(), "every request answered, each with its own child");
    }

    private static void assertClean(Member member) {
        TransportCounters counters = member.transport().counters();
        assertEquals(0, counters.malformedFrames(), counters.toString());
        assertEquals(0, counters.errors(), counters.toString());
    }

    @Test
    void aBurstOfSpawnRequestsAndRepliesTravelsInBatches() throws Exception {
        Member a = start("a", true);
        Member b = start("b", true);
        long aBefore = a.transport().counters().batchesOut();
        long bBefore = b.transport().counters().batchesOut();

        spawnBurst(a, b);

        assertTrue(a.transport().counters().batchesOut() > aBefore, "a packed some of its requests");
        assertTrue(b.transport().counters().batchesOut() > bBefore, "b packed some of its replies");
        assertClean(a);
        assertClean(b);
    }

    @Test
    void aPeerThatDoesNotSayItReadsControlBatchesGetsEveryControlFrameAlone() throws Exception {
        Member fresh = start("fresh", true);
        Member old = start("old", false);
        long freshBefore = fresh.transport().counters().batchesOut();

        spawnBurst(fresh, old);

        assertEquals(freshBefore, fresh.transport().counters().batchesOut(),
            "nothing packed for the node that reads no batches on its control stream");
        assertTrue(old.transport().counters().batchesOut() > 0,
            "the old node's peer says it reads them, and gets the replies packed");
        assertClean(fresh);
        assertClean(old);
    }

    /**
     * A node that closes right after a burst: the control frames it left staged go before its goodbye, and the peer
     * learns it left from the goodbye (silence would take 30 s here), with every request answered or failed.
     */
    @Test
    void aNodeThatClosesAfterABurstSaysGoodbyeBehindItsStagedFrames() throws Exception {
        Member a = cluster.start(cluster.context("a").heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(30)));
        Member b = cluster.start(cluster.context("b").heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(30)));
        b.node().registerFactory(CHILD.toString(), EndsAtOnce::new);
        RemoteNode remote = a.node().network().getNode(b.name());
        List<CompletableFuture<Pid>> answers = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            answers.add(remote.spawnAsync(CHILD, ProcessOptions.DEFAULTS));
        }
        answers.get(BURST / 2).get(60, TimeUnit.SECONDS);
        long closedAtNs = System.nanoTime();
        b.close(); // replies may be staged on its control stream as it goes
        for (CompletableFuture<Pid> answer : answers) {
            try {
                assertEquals(b.name(), answer.get(20, TimeUnit.SECONDS).node());
            } catch (ExecutionException failed) {
                assertTrue(failed.getCause() instanceof SporeException, failed.toString());
            }
        }
        Await.until("a learns from the goodbye that b left", Duration.ofSeconds(10),
            () -> !a.transport().connectedNodes().contains(b.name()));
        assertTrue(System.nanoTime() - closedAtNs < TimeUnit.SECONDS.toNanos(20), "well before silence would tell");
        assertClean(a);
    }
}
