package io.spore.transport;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeUp;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in one JVM, each with its own embedded media driver, talking over Aeron UDP on loopback: the same API
 * reaches processes of the other node as of its own.
 */
@Timeout(60)
class RemoteMessagingTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private TestCluster cluster;
    private Member a;
    private Member b;

    @BeforeEach
    void startTwoNodes() {
        cluster = new TestCluster(dir);
        a = cluster.start("a");
        b = cluster.start("b");
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    static Pid collector(SporeNode node, BlockingQueue<Object> inbox) {
        return node.spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
    }

    @Test
    void sendAndCallReachTheOtherNodeBothWaysByPidAndByName() throws Exception {
        Pid echoOnB = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        b.node().register(Name.of("echo"), echoOnB);
        Pid echoOnA = a.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        a.node().register(Name.of("echo"), echoOnA);

        assertEquals("a to b by pid", a.node().call(echoOnB, "a to b by pid", FIVE_SECONDS));
        assertEquals("a to b by name", a.node().call(Name.of("echo"), b.name(), "a to b by name", FIVE_SECONDS));
        assertEquals("b to a by pid", b.node().call(echoOnA, "b to a by pid", FIVE_SECONDS));
        assertEquals("b to a by name", b.node().call(Name.of("echo"), a.name(), "b to a by name", FIVE_SECONDS));

        BlockingQueue<Object> inboxOnA = new LinkedBlockingQueue<>();
        Pid hereOnA = collector(a.node(), inboxOnA);
        a.node().send(echoOnB, List.of(hereOnA, "answer me")); // the pid travels inside the message
        assertEquals("answer me", inboxOnA.poll(5, TimeUnit.SECONDS));
        a.node().send(Name.of("echo"), b.name(), List.of(hereOnA, "by name too"));
        assertEquals("by name too", inboxOnA.poll(5, TimeUnit.SECONDS));

        BlockingQueue<Object> inboxOnB = new LinkedBlockingQueue<>();
        Pid hereOnB = collector(b.node(), inboxOnB);
        b.node().send(echoOnA, List.of(hereOnB, "from b"));
        assertEquals("from b", inboxOnB.poll(5, TimeUnit.SECONDS));
        b.node().send(Name.of("echo"), a.name(), List.of(hereOnB, "from b by name"));
        assertEquals("from b by name", inboxOnB.poll(5, TimeUnit.SECONDS));

        assertEquals(Set.of(b.name()), a.node().connectedNodes());
        assertEquals(Set.of(a.name()), b.node().connectedNodes());
        assertEquals(1, a.transport().counters().connectionsUp(), "one connection serves both directions");
    }

    @Test
    void twoNodesThatConnectToEachOtherAtOnceEndUpWithOneConnection() throws Exception {
        Pid echoOnA = a.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        Pid echoOnB = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.CompletableFuture<Object> fromA = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> awaitThen(start, () -> a.node().call(echoOnB, "from a", FIVE_SECONDS)));
        java.util.concurrent.CompletableFuture<Object> fromB = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> awaitThen(start, () -> b.node().call(echoOnA, "from b", FIVE_SECONDS)));
        assertEquals("from a", fromA.get(10, TimeUnit.SECONDS));
        assertEquals("from b", fromB.get(10, TimeUnit.SECONDS));
        assertEquals(1, a.transport().counters().connectionsUp(), a.transport().counters().toString());
        assertEquals(1, b.transport().counters().connectionsUp(), b.transport().counters().toString());
        assertEquals(0, a.transport().counters().connectionsDown());
        assertEquals(0, b.transport().counters().connectionsDown());
    }

    private static Object awaitThen(java.util.concurrent.CyclicBarrier barrier,
                                    java.util.function.Supplier<Object> action) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return action.get();
    }

    @Test
    void theReceiverAnswersAPidFromTheMessageWithItsOwnProcess() throws Exception {
        // Factor's reply: the remote process answers the sender it finds in the message, not the message's sender.
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid replier = b.node().spawn(() -> (ctx, from, message) -> {
            List<?> request = (List<?>) message;
            ctx.send((Pid) request.get(0), List.of("reply to", request.get(1), "from", ctx.self()));
        }, ProcessOptions.DEFAULTS);
        Pid asker = collector(a.node(), inbox);
        a.node().send(replier, List.of(asker, 42L));
        List<?> answer = (List<?>) inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(answer);
        assertEquals(List.of("reply to", 42L, "from", replier), answer);
    }

    @Test
    void aProcessCallsAcrossNodesWithoutBlockingAndGetsTypedErrors() throws Exception {
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        ReplyHandler record = new ReplyHandler() {
            @Override
            public void onReply(Object reply) {
                results.add(reply);
            }

            @Override
            public void onError(SporeException error) {
                results.add(error.reason());
            }
        };
        Pid caller = a.node().spawn(() -> (ctx, from, message) -> {
            ctx.call(echo, message, FIVE_SECONDS, record);
            ctx.call(Name.of("nobody"), b.name(), message, FIVE_SECONDS, record);
        }, ProcessOptions.DEFAULTS);
        a.node().send(caller, "hi");
        Set<Object> answers = Set.of(results.poll(5, TimeUnit.SECONDS), results.poll(5, TimeUnit.SECONDS));
        assertEquals(Set.of("hi", SporeException.Reason.NO_PROCESS), answers);
        SporeException crashed = assertThrows(SporeException.class,
            () -> a.node().call(echo, "crash", FIVE_SECONDS));
        assertEquals(SporeException.Reason.CALL_FAILED, crashed.reason());
        SporeException unencodable = assertThrows(SporeException.class,
            () -> a.node().call(echo, new Object(), FIVE_SECONDS));
        assertEquals(SporeException.Reason.UNENCODABLE, unencodable.reason());
        assertTrue(unencodable.getMessage().contains("java.lang.Object"), unencodable.getMessage());
    }

    @Test
    void aReplyThatCannotTravelFailsTheCallAtOnceAndTheCalleeCarriesOn() {
        Pid answersBadly = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, io.spore.api.Caller caller, Object request) {
                return "object".equals(request) ? new Object() : request;
            }
        }, ProcessOptions.DEFAULTS);
        long startNs = System.nanoTime();
        SporeException failed = assertThrows(SporeException.class,
            () -> a.node().call(answersBadly, "object", Duration.ofSeconds(30)));
        // The callee's node could not encode the answer and says so, naming the type.
        assertEquals(SporeException.Reason.UNENCODABLE, failed.reason());
        assertTrue(failed.getMessage().contains("java.lang.Object"), failed.getMessage());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(10), "failed at once, not by timeout");
        assertEquals("still here", a.node().call(answersBadly, "still here", FIVE_SECONDS));
    }

    /** A user type, which travels once both nodes registered it under one wire name. */
    record Order(String item, int count) {
    }

    @Test
    void aRegisteredRecordTravelsAndAnUnregisteredOneIsRefusedOnTheSender() {
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        SporeException refused = assertThrows(SporeException.class,
            () -> a.node().call(echo, new Order("tea", 2), FIVE_SECONDS));
        assertEquals(SporeException.Reason.UNENCODABLE, refused.reason());
        assertTrue(refused.getMessage().contains(Order.class.getName()), refused.getMessage());

        a.transport().typeRegistry().register("test.order", Order.class);
        b.transport().typeRegistry().register("test.order", Order.class);
        assertEquals(new Order("tea", 2), a.node().call(echo, new Order("tea", 2), FIVE_SECONDS));
    }

    @Test
    void orderIsKeptForTenThousandMessagesFromTheFirstSendOn() throws Exception {
        // The first sends go out before the connection exists: they wait in its queue and leave in order.
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = collector(b.node(), inbox);
        for (int i = 0; i < 10_000; i++) {
            a.node().send(sink, i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, inbox.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(0, b.transport().counters().malformedFrames());
        assertEquals(0, b.transport().counters().unauthenticatedFrames());
    }

    @Test
    void linksAndMonitorsWorkAcrossNodes() throws Exception {
        Pid target = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid watcher = a.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.trapExits(true);
                ctx.link(target);
                ctx.monitor(target);
                ctx.send(target, "ready"); // echoed back: behind the link and monitor on the data stream
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        // The link and the monitor reached b before the echo did; only then may the call (control stream) crash it.
        assertEquals("ready", inbox.poll(5, TimeUnit.SECONDS));
        assertThrows(SporeException.class, () -> a.node().call(target, "crash", FIVE_SECONDS));
        List<Object> notices = List.of(inbox.poll(5, TimeUnit.SECONDS), inbox.poll(5, TimeUnit.SECONDS));
        assertTrue(notices.stream().anyMatch(n -> n instanceof Down d && d.pid().equals(target)
            && d.reason().kind() == ExitReason.Kind.ERROR), notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n instanceof Exit e && e.from().equals(target)
            && e.reason().kind() == ExitReason.Kind.ERROR), notices.toString());
        assertTrue(a.node().isAlive(watcher));
    }

    @Test
    void aMessageAndTheSendersLaterExitArriveInThatOrder() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid trapper = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.trapExits(true);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        for (int round = 0; round < 20; round++) {
            String result = "result " + round;
            a.node().spawn(() -> new ProcessBehavior() {
                @Override
                public void init(ProcessContext ctx, Object... args) {
                    ctx.link(trapper);
                    ctx.send(trapper, result);
                    ctx.exit(ExitReason.other("done"));
                }

                @Override
                public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                }
            }, ProcessOptions.DEFAULTS);
            assertEquals(result, inbox.poll(5, TimeUnit.SECONDS), "the result must come before the exit");
            Object exit = inbox.poll(5, TimeUnit.SECONDS);
            assertTrue(exit instanceof Exit e && e.reason().description().equals("done"), String.valueOf(exit));
        }
    }

    @Test
    void aRemoteProcessLinkedToALocalOneDiesWithIt() {
        Pid local = a.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Pid> linked = new LinkedBlockingQueue<>();
        Pid remote = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.link(local);
                linked.add(ctx.self());
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS);
        assertEquals(remote, linked.poll());
        // Whether the link arrives before or after the kill, the remote partner ends: by the exit, or by noproc.
        a.node().kill(local);
        Await.until("the remote partner ended by the cross-node link", () -> !b.node().isAlive(remote));
    }

    @Test
    void monitoringAProcessThatDoesNotExistGivesNoprocAtOnce() throws Exception {
        Pid ghost = new Pid(b.name(), 987_654, b.node().creation());
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        a.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitor(ghost);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        Object notice = inbox.poll(5, TimeUnit.SECONDS);
        assertTrue(notice instanceof Down d && d.reason() == ExitReason.NOPROC, String.valueOf(notice));
    }

    @Test
    void processesThatMonitorNodesHearWhenOneComesUp() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        a.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitorNodes(true);
                inbox.add("watching");
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        assertEquals("watching", inbox.poll(5, TimeUnit.SECONDS));
        Pid echo = b.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        assertEquals("up?", a.node().call(echo, "up?", FIVE_SECONDS));
        assertEquals(new NodeUp(b.name(), b.node().creation()), inbox.poll(5, TimeUnit.SECONDS));
    }
}
