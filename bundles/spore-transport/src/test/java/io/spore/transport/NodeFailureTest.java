package io.spore.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeDown;
import io.spore.api.NodeUp;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that goes away: with a goodbye (at once), without one (within the detection timeout), and one that comes
 * back as a new incarnation.
 */
@Timeout(60)
class NodeFailureTest {
    private static final Duration LONG = Duration.ofSeconds(60);

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

    /** A process that takes calls and never answers them: only its node going away ends a caller's wait. */
    private static Pid silent(SporeNode node) {
        return node.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                return ProcessContext.NO_REPLY;
            }
        }, ProcessOptions.DEFAULTS);
    }

    /** A process on {@code node} that links to and monitors {@code target}, calls it, and reports what it hears. */
    private static Pid watcher(SporeNode node, Pid target, BlockingQueue<Object> inbox) {
        return node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.trapExits(true);
                ctx.link(target);
                ctx.monitor(target);
                ctx.monitorNodes(true);
                ctx.call(target, "hello?", LONG, new ReplyHandler() {
                    @Override
                    public void onReply(Object reply) {
                        inbox.add(reply);
                    }

                    @Override
                    public void onError(SporeException error) {
                        inbox.add(error.reason());
                    }
                });
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
    }

    /** Waits until {@code target}'s node has taken the watcher's relations: a call behind them has been answered. */
    private static void awaitRelations(Member from, Member to) {
        Pid echo = to.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("after", from.node().call(echo, "after", Duration.ofSeconds(5)));
    }

    private static List<Object> take(BlockingQueue<Object> inbox, int count, Duration timeout)
        throws InterruptedException {
        List<Object> taken = new ArrayList<>();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            Object next = inbox.poll(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            taken.add(next);
        }
        return taken;
    }

    private static void assertNoconnection(List<Object> notices) {
        assertTrue(notices.contains(SporeException.Reason.NODE_DOWN), notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n instanceof Down d && d.reason() == ExitReason.NOCONNECTION),
            notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n instanceof Exit e && e.reason() == ExitReason.NOCONNECTION),
            notices.toString());
    }

    private static SporeException.Reason failure(CompletableFuture<Object> call, Duration timeout) throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> call.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(SporeException.class, failed.getCause()).reason();
    }

    @Test
    void aGoodbyeFiresNoconnectionAndFailsCallsAtOnce() throws Exception {
        // Detection is set long, so only the goodbye can explain a quick reaction.
        Member a = cluster.start(cluster.context("a").heartbeatInterval(Duration.ofSeconds(2))
            .detectionTimeout(Duration.ofSeconds(20)));
        Member b = cluster.start(cluster.context("b").heartbeatInterval(Duration.ofSeconds(2))
            .detectionTimeout(Duration.ofSeconds(20)));
        Pid target = silent(b.node());
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid watching = watcher(a.node(), target, inbox);
        CompletableFuture<Object> outsideCall = a.node().callAsync(target, "anyone?", LONG);
        awaitRelations(a, b);
        assertEquals(new NodeUp(b.name(), b.node().creation()), inbox.poll(5, TimeUnit.SECONDS));

        long startNs = System.nanoTime();
        b.transport().close();

        assertEquals(SporeException.Reason.NODE_DOWN, failure(outsideCall, Duration.ofSeconds(5)));
        List<Object> notices = take(inbox, 4, Duration.ofSeconds(5));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertNoconnection(notices);
        assertTrue(notices.contains(new NodeDown(b.name())), notices.toString());
        assertTrue(elapsedMs < 5_000, "the goodbye took effect after " + elapsedMs + " ms");
        assertTrue(a.node().isAlive(watching));

        // b's name is gone from the name service: a call to it fails with NODE_DOWN, and so does a second one.
        for (int i = 0; i < 2; i++) {
            SporeException refused = assertThrows(SporeException.class,
                () -> a.node().call(Name.of("echo"), b.name(), "x", Duration.ofSeconds(10)));
            assertEquals(SporeException.Reason.NODE_DOWN, refused.reason());
        }
        a.node().send(target, "lost"); // a plain send to a node that is gone is dropped, as in Erlang
        assertEquals(SporeException.Reason.NODE_DOWN, assertThrows(SporeException.class,
            () -> a.node().send(target, "x", SendOptions.IMPORTANT)).reason());
    }

    @Test
    void aPeerKilledWithoutGoodbyeIsDetectedWithinTheDetectionTimeout() throws Exception {
        Member a = cluster.start("a");
        // b uses a media driver of the test's own, which the test kills: b's frames simply stop.
        MediaDriver driver = launchDriver(dir.resolve("b-driver"));
        cluster.closeLater(driver);
        Member b = cluster.start(cluster.context("b").aeronDir(dir.resolve("b-driver"))
            .driverTimeout(Duration.ofSeconds(1)));
        Pid target = silent(b.node());
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        watcher(a.node(), target, inbox);
        CompletableFuture<Object> outsideCall = a.node().callAsync(target, "anyone?", LONG);
        awaitRelations(a, b);

        long startNs = System.nanoTime();
        driver.close();

        Duration detection = a.transport().context().detectionTimeout();
        Duration bound = detection.plus(Duration.ofSeconds(1)); // plus a heartbeat and scheduling on a busy machine
        assertEquals(SporeException.Reason.NODE_DOWN, failure(outsideCall, bound.plusSeconds(2)));
        long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(detectedMs <= bound.toMillis(), "detected after " + detectedMs + " ms; the bound is " + bound);
        List<Object> notices = take(inbox, 5, Duration.ofSeconds(5));
        assertNoconnection(notices);
        assertTrue(notices.contains(new NodeDown(b.name())), notices.toString());
        assertTrue(a.node().connectedNodes().isEmpty());
    }

    @Test
    void aRestartedPeerReconnectsAsANewIncarnationAndItsOldPidsAreDead() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        Pid oldEcho = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        b.node().register(Name.of("echo"), oldEcho);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        a.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitorNodes(true);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        assertEquals("one", a.node().call(Name.of("echo"), b.name(), "one", Duration.ofSeconds(5)));
        int oldCreation = b.node().creation();
        assertEquals(new NodeUp(b.name(), oldCreation), inbox.poll(5, TimeUnit.SECONDS));

        b.close();
        assertEquals(new NodeDown(b.name()), inbox.poll(5, TimeUnit.SECONDS));
        Member b2 = cluster.start("b");
        assertNotEquals(oldCreation, b2.node().creation());
        Pid newEcho = b2.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        b2.node().register(Name.of("echo"), newEcho);

        assertEquals("two", a.node().call(Name.of("echo"), b.name(), "two", Duration.ofSeconds(5)));
        assertEquals(new NodeUp(b.name(), b2.node().creation()), inbox.poll(5, TimeUnit.SECONDS));
        SporeException stale = assertThrows(SporeException.class,
            () -> a.node().call(oldEcho, "old", Duration.ofSeconds(5)));
        assertEquals(SporeException.Reason.NO_PROCESS, stale.reason());
        long dropped = b2.node().stats().messagesDropped();
        a.node().send(oldEcho, "to the old incarnation");
        Await.until("b2 dropped the message to a pid of its previous incarnation",
            () -> b2.node().stats().messagesDropped() > dropped);
    }

    @Test
    void aPeerThatRestartsBeforeItIsMissedReplacesItsOldIncarnation() throws Exception {
        Member a = cluster.start(cluster.context("a").heartbeatInterval(Duration.ofSeconds(2))
            .detectionTimeout(Duration.ofSeconds(20)));
        MediaDriver driver = launchDriver(dir.resolve("b-driver"));
        cluster.closeLater(driver);
        Member b = cluster.start(cluster.context("b").aeronDir(dir.resolve("b-driver"))
            .driverTimeout(Duration.ofSeconds(1)));
        Pid target = silent(b.node());
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        watcher(a.node(), target, inbox);
        awaitRelations(a, b);
        assertEquals(new NodeUp(b.name(), b.node().creation()), inbox.poll(5, TimeUnit.SECONDS));

        driver.close(); // b vanishes without a goodbye, and a, detecting slowly, does not notice yet
        b.close();
        Member b2 = cluster.start("b");
        Pid echo = a.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("hi a", b2.node().call(echo, "hi a", Duration.ofSeconds(5))); // b2 connects to a

        List<Object> notices = take(inbox, 5, Duration.ofSeconds(5));
        assertNoconnection(notices);
        assertTrue(notices.contains(new NodeDown(b.name())), notices.toString());
        assertTrue(notices.contains(new NodeUp(b.name(), b2.node().creation())), notices.toString());
        assertTrue(notices.indexOf(new NodeDown(b.name())) < notices.indexOf(new NodeUp(b.name(),
            b2.node().creation())), notices.toString());
    }

    /** A media driver of the test's own, which the test may close to make a node vanish without a goodbye. */
    static MediaDriver launchDriver(Path dir) {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
            .termBufferSparseFile(true));
    }
}
