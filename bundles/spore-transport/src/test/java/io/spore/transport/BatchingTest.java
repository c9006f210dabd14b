package io.spore.transport;

import io.aeron.driver.ThreadingMode;
import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small data frames sent while the media driver is busy travel packed into batches (BatchingPublication), over
 * real Aeron between two transports: nothing is lost or reordered, a lone message is not held back, signals stay
 * behind the messages sent before them, and back-pressure still reaches the sender.
 */
@Timeout(60)
class BatchingTest {
    private static final int BURST = 20_000;

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
    void burstsFromTwoSendersArriveWholeAndInOrderPackedInBatches() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        Map<Object, List<Integer>> bySender = new ConcurrentHashMap<>();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> {
            List<?> parts = (List<?>) message;
            bySender.computeIfAbsent(parts.get(0), k -> new CopyOnWriteArrayList<>()).add((Integer) parts.get(1));
        }, ProcessOptions.DEFAULTS);
        connect(a, b);

        Thread[] senders = new Thread[2];
        for (int s = 0; s < senders.length; s++) {
            String name = "sender-" + s;
            senders[s] = new Thread(() -> {
                for (int i = 0; i < BURST; i++) {
                    a.node().send(sink, List.of(name, i));
                }
            }, name);
            senders[s].start();
        }
        for (Thread sender : senders) {
            sender.join();
        }

        Await.until("every message of both bursts arrived", Duration.ofSeconds(30), () ->
            bySender.values().stream().mapToInt(List::size).sum() == 2 * BURST);
        for (int s = 0; s < senders.length; s++) {
            List<Integer> received = bySender.get("sender-" + s);
            for (int i = 0; i < BURST; i++) {
                assertEquals(i, received.get(i), "message " + i + " of sender-" + s);
            }
        }
        TransportCounters counters = a.transport().counters();
        assertTrue(counters.batchesOut() > 0, "bursts of small messages were never batched: " + counters);
        assertEquals(0, b.transport().counters().malformedFrames(), b.transport().counters().toString());
    }

    @Test
    void aRunOfMessagesToOneProcessArrivesInFewerBytesThanItsFrames() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        List<Integer> received = new CopyOnWriteArrayList<>();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> received.add((Integer) message),
            ProcessOptions.DEFAULTS);
        connect(a, b);
        long framesBytesBefore = a.transport().counters().bytesOut();
        long arrivedBefore = b.transport().counters().bytesIn();

        for (int i = 0; i < BURST; i++) {
            a.node().send(sink, i);
        }
        Await.until("the burst arrived", Duration.ofSeconds(30), () -> received.size() == BURST);

        for (int i = 0; i < BURST; i++) {
            assertEquals(i, received.get(i), "message " + i);
        }
        // Each frame is about 45 bytes, 32 of them header, sender and target, which a packed batch does not repeat:
        // what arrives (seals and batch headers included) is well under the frames' own bytes.
        long framesBytes = a.transport().counters().bytesOut() - framesBytesBefore;
        long arrived = b.transport().counters().bytesIn() - arrivedBefore;
        assertTrue(arrived < framesBytes * 3 / 4, arrived + " bytes arrived for " + framesBytes + " bytes of frames");
        assertEquals(0, b.transport().counters().malformedFrames(), b.transport().counters().toString());
    }

    @Test
    void aLoneMessageIsSentAtOnceNotStaged() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
        connect(a, b);
        long batchesBefore = a.transport().counters().batchesOut();

        for (int i = 0; i < 5; i++) {
            a.node().send(sink, "lone " + i);
            // Nothing else is in flight: the frame goes out alone, now; it waits for no batch to fill.
            assertEquals("lone " + i, inbox.poll(5, TimeUnit.SECONDS));
        }
        assertEquals(batchesBefore, a.transport().counters().batchesOut());
    }

    @Test
    void aProcessThatSendsABurstAndEndsIsSeenToEndAfterItsLastMessage() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        BlockingQueue<Integer> countsAtDown = new LinkedBlockingQueue<>();
        Pid watcher = b.node().spawn(() -> new ProcessBehavior() {
            private int messages;

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof Pid burster) {
                    ctx.monitor(burster);
                    ctx.send(burster, "go"); // behind the monitor frame on the same stream
                } else if (message instanceof Down) {
                    countsAtDown.add(messages);
                } else {
                    messages++;
                }
            }
        }, ProcessOptions.DEFAULTS);
        connect(a, b);

        Pid burster = a.node().spawn(() -> (ctx, from, message) -> {
            for (int i = 0; i < BURST; i++) {
                ctx.send(watcher, i);
            }
            ctx.exit(ExitReason.NORMAL);
        }, ProcessOptions.DEFAULTS);
        b.node().send(watcher, burster);

        Integer seen = countsAtDown.poll(30, TimeUnit.SECONDS);
        assertNotNull(seen, "no down arrived");
        assertEquals(BURST, seen, "the down overtook messages sent before it");
    }

    /**
     * With an invoked driver the stalled agent held the driver up too, until a {@link DriverKeeper} ran it: the
     * sender's publication then dropped out after 5 s instead of back-pressuring, and the receiver was lost.
     */
    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "INVOKER"})
    void aStalledReceiverStillBackPressuresSmallMessagesAndLosesNoneItAccepted(ThreadingMode threading)
        throws Exception {
        Member a = cluster.start(cluster.context("a").heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(20)).threadingMode(threading));
        TransportContext bSettings = cluster.context("b").heartbeatInterval(Duration.ofSeconds(1))
            .detectionTimeout(Duration.ofSeconds(20)).threadingMode(threading);
        SporeNode bNode = SporeNode.start(new NodeContext().nodeName(bSettings.nodeName()).workerThreads(2));
        StallingRuntime bRuntime = new StallingRuntime(bNode);
        Member b = cluster.start(bSettings, bNode, bRuntime);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = b.node().spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
        connect(a, b);

        bRuntime.stall();
        int accepted = 0;
        SporeException refused = null;
        while (refused == null && accepted < 10_000_000) {
            try {
                a.node().send(sink, accepted);
                accepted++;
            } catch (SporeException e) {
                refused = e;
            }
        }
        assertNotNull(refused, "ten million small sends to a stalled receiver were all accepted");
        assertEquals(SporeException.Reason.BACK_PRESSURED, refused.reason());
        assertTrue(a.transport().counters().batchesOut() > 0, "small messages were never batched");

        bRuntime.release();
        for (int i = 0; i < accepted; i++) {
            assertEquals(i, inbox.poll(10, TimeUnit.SECONDS), "every accepted message arrives, in order");
        }
    }

    /** A call both ways: the connection is up, the handshake said both read batches. */
    private static void connect(Member a, Member b) {
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up", a.node().call(echo, "up", Duration.ofSeconds(10)));
    }
}
