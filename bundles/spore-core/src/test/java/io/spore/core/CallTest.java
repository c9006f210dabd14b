package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallTest extends NodeFixture {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    /** Answers "echo" at once, defers "later" until a "release" message, ignores "never", crashes on "crash". */
    private static final class Server implements ProcessBehavior {
        private Caller deferred;

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if ("release".equals(message) && deferred != null) {
                ctx.reply(deferred, "released");
            }
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return switch ((String) request) {
                case "later" -> {
                    deferred = caller;
                    yield ProcessContext.NO_REPLY;
                }
                case "never" -> ProcessContext.NO_REPLY;
                case "crash" -> throw new IllegalStateException("handler bug");
                default -> request;
            };
        }
    }

    @Test
    void callFromOutsideBlocksForTheReply() {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        assertEquals("echo", node.call(server, "echo", FIVE_SECONDS));
    }

    @Test
    void deferredReplyArrives() throws Exception {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        var future = node.callAsync(server, "later", FIVE_SECONDS);
        node.send(server, "release");
        assertEquals("released", future.get(5, TimeUnit.SECONDS));
    }

    @Test
    void callTimesOutWithATypedError() {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        long before = node.stats().callTimeouts();
        SporeException e = assertThrows(SporeException.class,
            () -> node.call(server, "never", Duration.ofMillis(100)));
        assertEquals(SporeException.Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains(server.toString()));
        assertEquals(before + 1, node.stats().callTimeouts());
        assertTrue(node.isAlive(server), "a caller's timeout does not harm the callee");
    }

    @Test
    void callToADeadProcessFailsAtOnce() {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        node.kill(server);
        Await.until("dead", () -> !node.isAlive(server));
        SporeException e = assertThrows(SporeException.class, () -> node.call(server, "echo", FIVE_SECONDS));
        assertEquals(SporeException.Reason.NO_PROCESS, e.reason());
        SporeException byName = assertThrows(SporeException.class,
            () -> node.call(Name.of("nobody-here"), "echo", FIVE_SECONDS));
        assertEquals(SporeException.Reason.NO_PROCESS, byName.reason());
    }

    @Test
    void aCrashingHandlerFailsTheCallAndEndsOnlyThatProcess() {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        Pid bystander = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        SporeException e = assertThrows(SporeException.class, () -> node.call(server, "crash", FIVE_SECONDS));
        assertEquals(SporeException.Reason.CALL_FAILED, e.reason());
        Await.until("crashed server gone", () -> !node.isAlive(server));
        assertEquals("echo", node.call(bystander, "echo", FIVE_SECONDS));
        // The dying thread takes the process out of the table first, then counts the crash.
        Await.until("the crash counted", () -> node.stats().crashed() >= 1);
        assertEquals(1, node.stats().crashed());
    }

    @Test
    void aProcessThatDoesNotAnswerCallsSaysSo() {
        Pid plain = node.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        SporeException e = assertThrows(SporeException.class, () -> node.call(plain, "hi", FIVE_SECONDS));
        assertEquals(SporeException.Reason.NOT_SUPPORTED, e.reason());
        assertTrue(node.isAlive(plain));
    }

    @Test
    void aCallInsideAProcessDoesNotBlockItsWorker() throws Exception {
        // One worker only: if the caller blocked its thread waiting, the callee could never run.
        node.close();
        node = SporeNode.start(new NodeContext().workerThreads(1));
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Pid client = node.spawn(() -> (ctx, from, message) -> {
            if ("start".equals(message)) {
                ctx.call(server, "echo", FIVE_SECONDS, reply -> results.add("reply:" + reply));
                ctx.send(ctx.self(), "after-call"); // runs before the reply: the call returned at once
            } else {
                results.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        node.send(client, "start");
        assertEquals("after-call", results.poll(5, TimeUnit.SECONDS));
        assertEquals("reply:echo", results.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aTimeoutInsideAProcessReachesItsHandlerOnItsOwnTurn() throws Exception {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.call(server, "never", Duration.ofMillis(50), new ReplyHandler() {
                    @Override
                    public void onReply(Object reply) {
                        results.add("unexpected reply");
                    }

                    @Override
                    public void onError(SporeException error) {
                        results.add(error.reason());
                    }
                });
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS);
        assertEquals(SporeException.Reason.TIMEOUT, results.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void anUnhandledCallErrorEndsTheCallerLikeErlang() {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        Pid client = node.spawn(() -> (ctx, from, message) ->
            ctx.call(server, "never", Duration.ofMillis(50), reply -> { }), ProcessOptions.DEFAULTS);
        node.send(client, "go");
        Await.until("client ended by its call's timeout", () -> !node.isAlive(client));
    }

    @Test
    void blockingCallFromAWorkerIsRefused() throws Exception {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Pid client = node.spawn(() -> (ctx, from, message) -> {
            try {
                ctx.node().call(server, "echo", FIVE_SECONDS);
            } catch (SporeException e) {
                results.add(e.reason());
            }
        }, ProcessOptions.DEFAULTS);
        node.send(client, "go");
        assertEquals(SporeException.Reason.WRONG_THREAD, results.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void badTimeoutsAreRejected() {
        Pid server = node.spawn(Server::new, ProcessOptions.DEFAULTS);
        assertEquals(SporeException.Reason.INVALID_ARGUMENT,
            assertThrows(SporeException.class, () -> node.call(server, "echo", Duration.ZERO)).reason());
        assertFalse(node.stats().calls() > 0 && node.stats().callTimeouts() > 0);
    }
}
