package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's half of distribution, over an in-JVM loopback router: the same API reaches processes of another node,
 * and a node going away fires links and monitors with noconnection and fails calls. The transport's own tests
 * prove the same over Aeron between real node processes.
 */
class RemoteRoutingTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private SporeNode a;
    private SporeNode b;
    private LoopbackRouter[] routers;

    @BeforeEach
    void startTwoNodes() {
        a = SporeNode.start(new NodeContext().nodeName(NodeName.parse("a@localhost")).workerThreads(2));
        b = SporeNode.start(new NodeContext().nodeName(NodeName.parse("b@localhost")).workerThreads(2));
        routers = LoopbackRouter.join(a, b);
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
    }

    /** Answers calls with the request; replies to messages by sending them back to the sender. */
    private static final class Echo implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if (message instanceof List<?> list && list.get(0) instanceof Pid replyTo) {
                ctx.send(replyTo, list.get(1)); // Factor's reply: a pid that travelled inside a message
            } else {
                ctx.send(from, message);
            }
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            if ("crash".equals(request)) {
                throw new IllegalStateException("asked to");
            }
            return request;
        }
    }

    private Pid collector(SporeNode node, BlockingQueue<Object> inbox) {
        return node.spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
    }

    @Test
    void sendAndCallReachAProcessOnTheOtherNodeByPidAndByName() throws Exception {
        Pid echo = b.spawn(Echo::new, ProcessOptions.DEFAULTS);
        b.register(Name.of("echo"), echo);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid here = collector(a, inbox);

        assertEquals("by pid", a.call(echo, "by pid", FIVE_SECONDS));
        assertEquals("by name", a.call(Name.of("echo"), b.name(), "by name", FIVE_SECONDS));
        a.send(echo, List.of(here, "answer me")); // the pid travels inside the message
        assertEquals("answer me", inbox.poll(5, TimeUnit.SECONDS));
        a.send(Name.of("echo"), b.name(), List.of(here, "by name too"));
        assertEquals("by name too", inbox.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aProcessCallsAcrossNodesWithoutBlockingAndGetsTypedErrors() throws Exception {
        Pid echo = b.spawn(Echo::new, ProcessOptions.DEFAULTS);
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
        Pid caller = a.spawn(() -> (ctx, from, message) -> {
            ctx.call(echo, message, FIVE_SECONDS, record);
            ctx.call(Name.of("nobody"), b.name(), message, FIVE_SECONDS, record);
        }, ProcessOptions.DEFAULTS);
        a.send(caller, "hi");
        // Two independent calls: their answers may come in either order.
        java.util.Set<Object> answers = java.util.Set.of(results.poll(5, TimeUnit.SECONDS),
            results.poll(5, TimeUnit.SECONDS));
        assertEquals(java.util.Set.of("hi", SporeException.Reason.NO_PROCESS), answers);
        SporeException crashed = assertThrows(SporeException.class, () -> a.call(echo, "crash", FIVE_SECONDS));
        assertEquals(SporeException.Reason.CALL_FAILED, crashed.reason());
    }

    @Test
    void orderIsKeptPerSenderAndReceiverAcrossNodes() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = collector(b, inbox);
        for (int i = 0; i < 10_000; i++) {
            a.send(sink, i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, inbox.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void linksAndMonitorsWorkAcrossNodes() throws Exception {
        Pid target = b.spawn(Echo::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid watcher = a.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.trapExits(true);
                ctx.link(target);
                ctx.monitor(target);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        Await.until("link reached b", () -> b.processInfo(target).isPresent());
        assertThrows(SporeException.class, () -> a.call(target, "crash", FIVE_SECONDS));
        Object first = inbox.poll(5, TimeUnit.SECONDS);
        Object second = inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNotNull(second);
        for (Object notice : List.of(first, second)) {
            ExitReason reason = notice instanceof Down d ? d.reason() : ((Exit) notice).reason();
            assertEquals(ExitReason.Kind.ERROR, reason.kind());
        }
        assertTrue(a.isAlive(watcher));
    }

    @Test
    void aRemoteProcessLinkedToALocalOneDiesWithIt() {
        Pid local = a.spawn(Echo::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Pid> linked = new LinkedBlockingQueue<>();
        Pid remote = b.spawn(() -> new ProcessBehavior() {
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
        a.kill(local);
        Await.until("remote partner ended by the cross-node link", () -> !b.isAlive(remote));
    }

    @Test
    void aNodeGoingAwayFiresNoconnectionAndFailsCallsAtOnce() throws Exception {
        Pid silent = b.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                return ProcessContext.NO_REPLY; // never answers: only the node going down can end the wait
            }
        }, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid watcher = a.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.trapExits(true);
                ctx.link(silent);
                ctx.monitor(silent);
                ctx.call(silent, "hello?", Duration.ofSeconds(60), new ReplyHandler() {
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
        Pid plainPartner = a.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.link(silent);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS);
        CompletableFuture<Object> outsideCall = a.callAsync(silent, "anyone?", Duration.ofSeconds(60));
        Await.until("relations reached b", () -> b.processInfo(silent).isPresent());

        LoopbackRouter.cut(routers, a, b);

        ExecutionExceptionAssert.failsWith(outsideCall, SporeException.Reason.NODE_DOWN);
        List<Object> notices = List.of(inbox.poll(5, TimeUnit.SECONDS), inbox.poll(5, TimeUnit.SECONDS),
            inbox.poll(5, TimeUnit.SECONDS));
        assertTrue(notices.contains(SporeException.Reason.NODE_DOWN), notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n instanceof Down d && d.reason() == ExitReason.NOCONNECTION),
            notices.toString());
        assertTrue(notices.stream().anyMatch(n -> n instanceof Exit e && e.reason() == ExitReason.NOCONNECTION),
            notices.toString());
        assertTrue(a.isAlive(watcher));
        Await.until("a non-trapping linked process ends with noconnection", () -> !a.isAlive(plainPartner));
    }

    @Test
    void processesThatMonitorNodesHearOfUpAndDown() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        a.spawn(() -> new ProcessBehavior() {
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
        assertEquals(java.util.Set.of(b.name()), a.connectedNodes());
        LoopbackRouter.cut(routers, a, b);
        assertEquals(new io.spore.api.NodeDown(b.name()), inbox.poll(5, TimeUnit.SECONDS));
        assertTrue(a.connectedNodes().isEmpty());
        routers = LoopbackRouter.join(a, b);
        assertEquals(new io.spore.api.NodeUp(b.name(), b.creation()), inbox.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void withoutARouteRemoteSendsAreDroppedAndImportantOnesFail() {
        LoopbackRouter.cut(routers, a, b);
        a.detach(routers[0]);
        Pid remote = new Pid(b.name(), 1, b.creation());
        long dropped = a.stats().messagesDropped();
        a.send(remote, "lost");
        assertEquals(dropped + 1, a.stats().messagesDropped());
        assertEquals(SporeException.Reason.NODE_DOWN,
            assertThrows(SporeException.class, () -> a.send(remote, "x", SendOptions.IMPORTANT)).reason());
        assertEquals(SporeException.Reason.NODE_DOWN,
            assertThrows(SporeException.class, () -> a.call(remote, "x", FIVE_SECONDS)).reason());
    }

    @Test
    void anImportantSendToAnotherNodeIsConfirmedOrFailsWithNoProcess() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid there = collector(b, inbox);
        a.send(there, "confirmed", SendOptions.IMPORTANT);
        assertEquals("confirmed", inbox.poll(5, TimeUnit.SECONDS));

        Pid gone = new Pid(b.name(), 999_999, b.creation());
        SporeException refused = assertThrows(SporeException.class, () -> a.send(gone, "x", SendOptions.IMPORTANT));
        assertEquals(SporeException.Reason.NO_PROCESS, refused.reason());
        assertTrue(refused.getMessage().contains(gone.toString()), refused.getMessage());

        // From inside a process: the send fails in the handler, which may catch it.
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        Pid sender = a.spawn(() -> (ctx, from, message) -> {
            try {
                ctx.send((Pid) message, "from a process", SendOptions.IMPORTANT);
                outcome.add("delivered");
            } catch (SporeException e) {
                outcome.add(e.reason());
            }
        }, ProcessOptions.DEFAULTS);
        a.send(sender, there);
        assertEquals("delivered", outcome.poll(5, TimeUnit.SECONDS));
        assertEquals("from a process", inbox.poll(5, TimeUnit.SECONDS));
        a.send(sender, gone);
        assertEquals(SporeException.Reason.NO_PROCESS, outcome.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void theDeliveryIdOfAnImportantSendReachesTheRouter() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid there = collector(b, inbox);
        a.send(there, "with an id", SendOptions.DEFAULTS.withDeliveryId(42));
        a.send(there, "without", SendOptions.IMPORTANT);
        Pid sender = a.spawn(() -> (ctx, from, message) -> ctx.send(there, message,
            SendOptions.IMPORTANT.withDeliveryId(-7)), ProcessOptions.DEFAULTS);
        a.send(sender, "from a process");

        assertEquals("with an id", inbox.poll(5, TimeUnit.SECONDS));
        assertEquals("without", inbox.poll(5, TimeUnit.SECONDS));
        assertEquals("from a process", inbox.poll(5, TimeUnit.SECONDS));
        assertEquals(List.of(42L, 0L, -7L), routers[0].deliveryIds);
    }

    @Test
    void aPidOfAnEarlierIncarnationAddressesNothing() {
        Pid stale = new Pid(a.name(), 1, a.creation() + 1);
        assertEquals(SporeException.Reason.NO_PROCESS,
            assertThrows(SporeException.class, () -> a.call(stale, "x", FIVE_SECONDS)).reason());
        assertInstanceOf(SporeException.class,
            assertThrows(SporeException.class, () -> a.send(stale, "x", SendOptions.IMPORTANT)));
    }
}
