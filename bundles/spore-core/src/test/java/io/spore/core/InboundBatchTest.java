package io.spore.core;

import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.SpawnRequest;
import io.spore.core.spi.TrafficStats;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transport's receiving thread delivers in batches ({@link Inbound#beginBatch()}): its messages wake their
 * process once, at the end of the batch, and nothing is lost or reordered; its spawn requests go to the workers at
 * its end too; other threads are not held up. Also the
 * per-thread traffic counts that sit on the same path.
 */
class InboundBatchTest {
    private SporeNode a;
    private SporeNode b;
    private Inbound intoB;

    @BeforeEach
    void startTwoNodes() {
        a = SporeNode.start(new NodeContext().nodeName(NodeName.parse("a@localhost")).workerThreads(2));
        b = SporeNode.start(new NodeContext().nodeName(NodeName.parse("b@localhost")).workerThreads(2));
        intoB = LoopbackRouter.join(a, b)[0].peer();
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
    }

    @Test
    void aBatchWakesItsProcessesAtItsEndWithEveryMessageInOrder() {
        Queue<Object> first = new ConcurrentLinkedQueue<>();
        Queue<Object> second = new ConcurrentLinkedQueue<>();
        Pid one = b.spawn(() -> (ctx, from, message) -> first.add(message), ProcessOptions.DEFAULTS);
        Pid two = b.spawn(() -> (ctx, from, message) -> second.add(message), ProcessOptions.DEFAULTS);
        Pid sender = a.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);

        intoB.beginBatch();
        try {
            for (int i = 0; i < 100; i++) {
                intoB.send(sender, i % 3 == 0 ? two : one, i);
            }
            // Nothing has woken either process: their mailboxes hold the messages, no turn has been scheduled.
            assertTrue(first.isEmpty() && second.isEmpty(), "a process ran before the batch ended");
        } finally {
            intoB.endBatch();
        }

        Await.until("every message handled", () -> first.size() + second.size() == 100);
        assertEquals(IntStream.range(0, 100).filter(i -> i % 3 != 0).boxed().toList(), List.copyOf(first));
        assertEquals(IntStream.range(0, 100).filter(i -> i % 3 == 0).boxed().toList(), List.copyOf(second));
    }

    @Test
    void envelopesReusedRoundAfterRoundCarryEveryMessageIntact() {
        Queue<Object> first = new ConcurrentLinkedQueue<>();
        Queue<Object> second = new ConcurrentLinkedQueue<>();
        Pid one = b.spawn(() -> (ctx, from, message) -> first.add(message), ProcessOptions.DEFAULTS);
        Pid two = b.spawn(() -> (ctx, from, message) -> second.add(message), ProcessOptions.DEFAULTS);
        Pid sender = a.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);

        int rounds = 200;
        int perRound = 100;
        for (int round = 0; round < rounds; round++) {
            intoB.beginBatch();
            try {
                for (int i = 0; i < perRound; i++) {
                    int n = round * perRound + i;
                    intoB.send(sender, n % 2 == 0 ? one : two, n);
                }
            } finally {
                intoB.endBatch();
            }
        }

        Await.until("every message handled", () -> first.size() + second.size() == rounds * perRound);
        List<Integer> all = IntStream.range(0, rounds * perRound).boxed().toList();
        assertEquals(all.stream().filter(n -> n % 2 == 0).toList(), List.copyOf(first));
        assertEquals(all.stream().filter(n -> n % 2 == 1).toList(), List.copyOf(second));
    }

    @Test
    void spawnRequestsInABatchGoToTheWorkersAtItsEnd() {
        AtomicInteger created = new AtomicInteger();
        b.registerFactory("counted", () -> {
            created.incrementAndGet();
            return (ctx, from, message) -> { };
        });
        Pid requester = a.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        int requests = 10;

        intoB.beginBatch();
        try {
            for (int i = 0; i < requests; i++) {
                intoB.spawnRequest(a.name(), new SpawnRequest(new Ref(a.name(), 1_000 + i, 1), requester,
                    Name.of("counted"), null, requester, null, null, LogLevel.INFO, false, Map.of(), List.of(),
                    10_000));
            }
            // No worker has been handed a request yet: they wait for the batch's end, with the batch's messages.
            assertEquals(0, created.get(), "a request was handled before the batch ended");
        } finally {
            intoB.endBatch();
        }
        Await.until("every request handled", () -> created.get() == requests);
    }

    @Test
    void anotherThreadsDeliveriesAreNotHeldByABatch() throws InterruptedException {
        Queue<Object> inbox = new ConcurrentLinkedQueue<>();
        Pid target = b.spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
        Pid sender = a.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);

        intoB.beginBatch();
        try {
            Thread other = new Thread(() -> intoB.send(sender, target, "from another thread"));
            other.start();
            other.join();
            Await.until("the other thread's message handled while the batch is open", () -> !inbox.isEmpty());
        } finally {
            intoB.endBatch();
        }
        assertEquals(List.of("from another thread"), List.copyOf(inbox));
    }
}
