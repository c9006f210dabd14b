package io.spore.core;

import io.spore.testsupport.Await;
import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What another node can make this one hold is bounded, and past each bound it gets a typed answer. */
class PeerLimitsTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private SporeNode a;
    private SporeNode b;
    private LoopbackRouter[] routers;

    @BeforeEach
    void startTwoNodes() {
        a = SporeNode.start(new NodeContext().nodeName(NodeName.parse("a@localhost")).workerThreads(2));
        b = SporeNode.start(new NodeContext().nodeName(NodeName.parse("b@localhost")).workerThreads(2));
        b.registerFactory("blocked", () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) throws Exception {
                release.await(30, TimeUnit.SECONDS);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        });
        routers = LoopbackRouter.join(a, b);
    }

    @AfterEach
    void stopNodes() {
        release.countDown();
        a.close();
        b.close();
    }

    /** The core half of the mailbox limit: delivery says when the limit is reached, and when there is room again. */
    @Test
    void aMailboxLimitIsReportedToTheTransportAndClearsAsTheProcessTakes() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        List<Object> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pid slow = b.spawn(() -> (ctx, from, message) -> {
            try {
                blocked.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            taken.add(message);
        }, ProcessOptions.DEFAULTS.withMailboxLimit(10));
        Pid free = b.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        Inbound intoB = routers[0].peer();
        Pid from = new Pid(a.name(), 1, a.creation());

        intoB.beginBatch();
        try {
            for (int i = 1; i < 10; i++) {
                assertTrue(intoB.send(from, slow, i), "message " + i + " is under the limit");
            }
            assertFalse(intoB.send(from, slow, 10), "the tenth reaches it");
            assertNotNull(intoB.sendNamed(from, registered(slow), 11));
            for (int i = 0; i < 100; i++) {
                assertTrue(intoB.send(from, free, i), "a process without a limit never fills");
            }
        } finally {
            intoB.endBatch();
        }
        assertFalse(intoB.hasRoom(slow));
        assertTrue(intoB.hasRoom(free));
        assertTrue(intoB.hasRoom(new Pid(b.name(), 999_999, b.creation())), "a process that is gone has room");

        blocked.countDown();
        Await.until("the process took what waited", () -> taken.size() == 11);
        Await.until("it has room again", () -> intoB.hasRoom(slow));
    }

    private Name registered(Pid pid) {
        Name name = Name.of("slow");
        b.register(name, pid);
        return name;
    }

    @Test
    void theMailboxLimitIsValidated() {
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(
            SporeException.class, () -> ProcessOptions.DEFAULTS.withMailboxLimit(0)).reason());
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(
            SporeException.class, () -> new NodeContext().mailboxLimit(-1).conclude()).reason());
    }

    /** Monitors from another node stop at the bound; the one past it is answered with a down that says why. */
    @Test
    void monitorsFromAnotherNodeAreBoundedPerProcess() throws Exception {
        Pid target = b.spawn(() -> (ctx, from, message) -> { }, ProcessOptions.DEFAULTS);
        BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
        List<Ref> refs = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                for (int i = 0; i <= RelationRequests.MAX_REMOTE_RELATIONS; i++) {
                    refs.add(ctx.monitor(target));
                }
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                downs.add(message);
            }
        }, ProcessOptions.DEFAULTS);

        Down down = assertInstanceOf(Down.class, downs.poll(10, TimeUnit.SECONDS));
        assertEquals(refs.get(RelationRequests.MAX_REMOTE_RELATIONS), down.monitor(), "the one past the bound");
        assertEquals(ExitReason.Kind.OTHER, down.reason().kind());
        assertTrue(down.reason().description().contains("links and monitors already"), down.reason().toString());
        assertNull(downs.poll(200, TimeUnit.MILLISECONDS), "every monitor up to the bound was taken");
    }

    /** Spawn requests of one node in progress at once are bounded; past it, refused at once with BACK_PRESSURED. */
    @Test
    void spawnRequestsInFlightFromOneNodeAreBounded() throws Exception {
        List<CompletableFuture<Pid>> pending = new ArrayList<>();
        for (int i = 0; i < IncomingSpawns.MAX_IN_FLIGHT_PER_PEER; i++) {
            pending.add(a.network().node(b.name()).spawnAsync(Name.of("blocked"),
                ProcessOptions.DEFAULTS.withSpawnTimeout(Duration.ofSeconds(30))));
        }
        CompletableFuture<Pid> over = a.network().node(b.name()).spawnAsync(Name.of("blocked"),
            ProcessOptions.DEFAULTS);
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> over.get(5, TimeUnit.SECONDS));
        SporeException error = assertInstanceOf(SporeException.class, refused.getCause());
        assertEquals(SporeException.Reason.BACK_PRESSURED, error.reason(), error.getMessage());

        release.countDown();
        for (CompletableFuture<Pid> spawn : pending) {
            assertNotNull(spawn.get(30, TimeUnit.SECONDS));
        }
        assertNotNull(a.network().node(b.name()).spawnAsync(Name.of("blocked"), ProcessOptions.DEFAULTS)
            .get(10, TimeUnit.SECONDS), "once they are answered, the node takes requests again");
    }
}
