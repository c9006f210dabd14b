package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A blocking call to another node from outside the workers waits in its thread's reusable slot: its timeout, an
 * interrupt and its node going down each end the wait exactly once, and the slot serves the thread's next call
 * with nothing of the last one left in it.
 */
class RemoteCallWaitTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private SporeNode a;
    private SporeNode b;
    private LoopbackRouter[] routers;
    /** The call the holder keeps unanswered until it gets the message "answer now". */
    private final AtomicReference<Caller> held = new AtomicReference<>();

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

    /** Echoes calls, except "hold", which it answers only when told to. */
    private Pid holder() {
        return b.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                Caller caller = held.getAndSet(null);
                if (caller != null) {
                    ctx.reply(caller, "late");
                }
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                if ("hold".equals(request)) {
                    held.set(caller);
                    return ProcessContext.NO_REPLY;
                }
                return request;
            }
        }, ProcessOptions.DEFAULTS);
    }

    @Test
    void aTimedOutCallLeavesNothingForTheThreadsNextCall() {
        Pid holder = holder();
        SporeException timedOut = assertThrows(SporeException.class,
            () -> a.call(holder, "hold", Duration.ofMillis(100)));
        assertEquals(SporeException.Reason.TIMEOUT, timedOut.reason());
        assertTrue(timedOut.getMessage().contains(holder.toString()), timedOut.getMessage());
        b.send(holder, "answer now"); // the late answer finds no wait and is dropped
        Await.until("the late answer went", () -> held.get() == null);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, a.call(holder, i, FIVE_SECONDS), "the answer to this call, not to an earlier one");
        }
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() throws Exception {
        Pid holder = holder();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete(a.call(holder, "hold", Duration.ofSeconds(60)));
            } catch (SporeException e) {
                outcome.complete(e.reason() + " " + Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        Await.until("the call is held", () -> held.get() != null);
        caller.interrupt();
        assertEquals("TIMEOUT true", outcome.get(5, TimeUnit.SECONDS));
        caller.join(5_000);
    }

    @Test
    void theNodeGoingDownEndsTheWaitAtOnce() throws Exception {
        Pid holder = holder();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete(a.call(holder, "hold", Duration.ofSeconds(60)));
            } catch (SporeException e) {
                outcome.complete(e.reason());
            }
        });
        caller.start();
        Await.until("the call is held", () -> held.get() != null);
        LoopbackRouter.cut(routers, a, b);
        assertEquals(SporeException.Reason.NODE_DOWN, outcome.get(5, TimeUnit.SECONDS));
        caller.join(5_000);
    }
}
