package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answers come from the node that was asked: a third node holding the cookie, which learnt a ref, sends real frames
 * through its own authenticated connection that answer a call, or end a monitor, in the place of the node asked.
 * They are ignored; the asker gets the real answer.
 */
class ForgedAnswersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TestCluster cluster;
    private Member asker;
    private Member callee;
    private Member third;

    @BeforeEach
    void makeCluster() {
        cluster = new TestCluster(dir);
        asker = cluster.start("asker");
        callee = cluster.start("callee");
        third = cluster.start("third");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** A callee that answers only when told, so the test can forge an answer while the call waits. */
    private static final class Holder implements ProcessBehavior {
        final AtomicReference<Caller> held = new AtomicReference<>();

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            ctx.reply(held.get(), message);
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            held.set(caller);
            return ProcessContext.NO_REPLY;
        }
    }

    @Test
    void aCallFromOutsideAnyProcessTakesOnlyTheCalleesReply() throws Exception {
        Holder holder = new Holder();
        Pid held = callee.node().spawn(() -> holder, ProcessOptions.DEFAULTS);
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> asker.node().call(held, "q", TIMEOUT));
        Await.until("the callee holds the call", () -> holder.held.get() != null);

        forgeReply(holder.held.get(), "forged");
        Thread.sleep(200); // time for the forged reply to arrive and be ignored
        assertTrue(!answer.isDone(), "a third node's reply did not answer the call");
        callee.node().send(held, "real");
        assertEquals("real", answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void aProcessesCallTakesOnlyTheCalleesReply() throws Exception {
        Holder holder = new Holder();
        Pid held = callee.node().spawn(() -> holder, ProcessOptions.DEFAULTS);
        List<Object> replies = new CopyOnWriteArrayList<>();
        asker.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.call(held, "q", TIMEOUT, new ReplyHandler() {
                    @Override
                    public void onReply(Object reply) {
                        replies.add(reply);
                    }

                    @Override
                    public void onError(SporeException error) {
                        replies.add(error.reason());
                    }
                });
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS);
        Await.until("the callee holds the call", () -> holder.held.get() != null);

        forgeReply(holder.held.get(), "forged");
        Thread.sleep(200);
        assertEquals(List.of(), replies, "a third node's reply did not answer the call");
        callee.node().send(held, "real");
        Await.until("the real reply came", () -> !replies.isEmpty());
        assertEquals(List.of("real"), replies);
    }

    @Test
    void aMonitorEndsOnlyWithTheMonitoredNodesDown() throws Exception {
        Pid target = callee.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        List<Down> downs = new CopyOnWriteArrayList<>();
        AtomicReference<Ref> monitor = new AtomicReference<>();
        Pid watcher = asker.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                monitor.set(ctx.monitor(target));
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof Down down) {
                    downs.add(down);
                }
            }
        }, ProcessOptions.DEFAULTS);
        Await.until("the watcher monitors", () -> monitor.get() != null);
        assertEquals("up", asker.node().call(target, "up", TIMEOUT)); // the monitor has reached the callee

        // The third node names a process of its own with the target's number: the only pid a frame from it can name.
        Pid impostor = new Pid(third.name(), target.id(), target.creation());
        FrameWriter writer = writer();
        sendFromThird(PeerPublications.DATA, writer, writer.down(monitor.get(), watcher, impostor,
            ExitReason.KILLED));
        Thread.sleep(200);
        assertEquals(List.of(), downs, "a third node's down did not end the monitor");

        callee.node().exit(target, ExitReason.KILLED);
        Await.until("the real down came", () -> !downs.isEmpty());
        assertEquals(target, downs.get(0).pid());
        assertEquals(1, downs.size(), downs.toString());
    }

    private void forgeReply(Caller caller, Object value) {
        FrameWriter writer = writer();
        sendFromThird(PeerPublications.CONTROL, writer, writer.callReply(caller, value, null, null));
    }

    private FrameWriter writer() {
        return new FrameWriter(third.transport().typeRegistry(), 64 * 1024, new BusySpinIdleStrategy(), new Tally());
    }

    /** Offers the frame in {@code writer} through the third node's own authenticated connection to the asker. */
    private void sendFromThird(int stream, FrameWriter writer, int length) {
        assertEquals("up", third.node().call(asker.node().spawn(Echo::new, ProcessOptions.DEFAULTS), "up", TIMEOUT));
        Association connection = third.transport().connection(asker.name());
        assertNotNull(connection, "connected");
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (connection.publications().offer(stream, writer.buffer(), 0, length) < 0) {
            assertTrue(System.nanoTime() - deadlineNs < 0, "the frame was not taken");
            Thread.onSpinWait();
        }
    }
}
