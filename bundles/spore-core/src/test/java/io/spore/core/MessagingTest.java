package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagingTest extends NodeFixture {

    @Test
    void messagesFromOneSenderArriveInOrderEvenWithManySenders() throws Exception {
        int senders = 4;
        int perSender = 20_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            seen.add(new ArrayList<>());
        }
        AtomicInteger received = new AtomicInteger();
        Pid sink = node.spawn(() -> (ctx, from, message) -> {
            int[] m = (int[]) message;
            seen.get(m[0]).add(m[1]); // one turn at a time: plain lists are safe here
            received.incrementAndGet();
        }, ProcessOptions.DEFAULTS);

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perSender; i++) {
                    node.send(sink, new int[] {sender, i});
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        Await.until("all messages received", () -> received.get() == senders * perSender);
        for (int s = 0; s < senders; s++) {
            List<Integer> list = seen.get(s);
            assertEquals(perSender, list.size());
            for (int i = 0; i < perSender; i++) {
                assertEquals(i, list.get(i), "sender " + s + " message " + i + " out of order");
            }
        }
    }

    @Test
    void aProcessHandlesOneMessageAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        ConcurrentLinkedQueue<String> threadsUsed = new ConcurrentLinkedQueue<>();
        Pid pid = node.spawn(() -> (ctx, from, message) -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            threadsUsed.add(Thread.currentThread().getName());
            Thread.onSpinWait();
            inside.decrementAndGet();
            handled.incrementAndGet();
        }, ProcessOptions.DEFAULTS);
        int senders = 4;
        int perSender = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    node.send(pid, i);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        Await.until("all handled", () -> handled.get() == senders * perSender);
        assertEquals(0, overlaps.get(), "a process ran on two threads at once");
        assertTrue(threadsUsed.stream().allMatch(n -> n.startsWith("spore-worker-")),
            "handlers must run on worker threads");
    }

    @Test
    void aBusyProcessGivesUpItsThreadSoOthersProgress() throws Exception {
        // One worker, one process flooded with messages: another process must still get turns in between.
        node.close();
        node = SporeNode.start(new NodeContext().workerThreads(1).throughput(8));
        AtomicLong floodHandled = new AtomicLong();
        CountDownLatch otherRan = new CountDownLatch(1);
        Pid flood = node.spawn(() -> (ctx, from, message) -> {
            floodHandled.incrementAndGet();
            ctx.send(ctx.self(), message); // keeps itself busy for ever
        }, ProcessOptions.DEFAULTS);
        node.send(flood, "go");
        Pid other = node.spawn(() -> (ctx, from, message) -> otherRan.countDown(), ProcessOptions.DEFAULTS);
        Await.until("flood running", () -> floodHandled.get() > 1000);
        node.send(other, "hello");
        assertTrue(otherRan.await(5, TimeUnit.SECONDS), "a flooding process starved another on the only worker");
        node.kill(flood);
    }

    @Test
    void sendToExitedProcessIsDroppedAndCounted() {
        Pid pid = node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.exit(io.spore.api.ExitReason.NORMAL);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS);
        assertTrue(!node.isAlive(pid));
        long before = node.stats().messagesDropped();
        node.send(pid, "anyone?");
        assertEquals(before + 1, node.stats().messagesDropped());
    }

    @Test
    void anImportantSendToAnExitedProcessFailsOnTheSender() {
        Pid pid = node.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        node.kill(pid);
        Await.until("dead", () -> !node.isAlive(pid));
        SporeException e = assertThrows(SporeException.class,
            () -> node.send(pid, "hello?", io.spore.api.SendOptions.IMPORTANT));
        assertEquals(SporeException.Reason.NO_PROCESS, e.reason());
        assertTrue(e.getMessage().contains(pid.toString()));
    }

    /** A local important send is never NOT_CONFIRMED, so it never needs a retry: its delivery id is not looked at. */
    @Test
    void aLocalImportantSendIgnoresItsDeliveryId() {
        AtomicInteger received = new AtomicInteger();
        Pid pid = node.spawn(() -> (ctx, from, message) -> received.incrementAndGet(), ProcessOptions.DEFAULTS);
        io.spore.api.SendOptions withId = io.spore.api.SendOptions.IMPORTANT.withDeliveryId(5);
        node.send(pid, "once", withId);
        node.send(pid, "twice", withId);
        Await.until("both delivered", () -> received.get() == 2);
    }

    @Test
    void sendToUnknownRegisteredNameIsATypedError() {
        SporeException e = assertThrows(SporeException.class, () -> node.send(Name.of("nobody"), "hi"));
        assertEquals(SporeException.Reason.NO_PROCESS, e.reason());
        assertTrue(e.getMessage().contains("nobody"));
    }

    @Test
    void aMessageCarriesItsSenderSoTheReceiverCanAnswer() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        Pid echo = node.spawn(() -> (ctx, from, message) -> ctx.send(from, message), ProcessOptions.DEFAULTS);
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.send(echo, "ping");
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (from.equals(echo) && "ping".equals(message)) {
                    answered.countDown();
                }
            }
        }, ProcessOptions.DEFAULTS);
        assertTrue(answered.await(5, TimeUnit.SECONDS));
    }
}
