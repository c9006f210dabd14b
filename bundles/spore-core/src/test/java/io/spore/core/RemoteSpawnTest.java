package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of remote spawn over the in-JVM loopback router: access lists, the node flag, typed refusals, what the
 * child inherits, timeouts without orphans, and node down. The distribution's ITs prove the same across real nodes.
 */
class RemoteSpawnTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final Name ECHO = Name.of("echo");
    private static final Name SLOW = Name.of("slow");
    private static final Name BROKEN = Name.of("broken");
    private static final Name PROBE = Name.of("probe");
    private static final NodeName C = NodeName.parse("c@localhost");

    private SporeNode a;
    private SporeNode b;
    private LoopbackRouter[] routers;
    private volatile CountDownLatch slowInit = new CountDownLatch(0);

    /** Answers every call with what it inherited. */
    private static final class Probe implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return List.of(String.valueOf(ctx.parent()), String.valueOf(ctx.application()),
                String.valueOf(ctx.logLevel()), String.valueOf(ctx.env()), String.valueOf(ctx.leader()));
        }
    }

    /** Spawns on another node when told to, and answers with the pid or the error's reason. */
    private static final class Spawner implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            NodeName target = (NodeName) ((List<?>) request).get(0);
            try {
                return ctx.remoteSpawn(target, PROBE, ProcessOptions.DEFAULTS.withLink(true));
            } catch (SporeException e) {
                return e.reason();
            }
        }
    }

    @BeforeEach
    void startTwoNodes() {
        a = SporeNode.start(new NodeContext().nodeName(NodeName.parse("a@localhost")).workerThreads(2)
            .logLevel(LogLevel.DEBUG).application("requester-app"));
        b = SporeNode.start(new NodeContext().nodeName(NodeName.parse("b@localhost")).workerThreads(2));
        b.registerFactory("echo", () -> (ctx, from, message) -> ctx.send(from, message));
        b.registerFactory("probe", Probe::new);
        b.registerFactory("slow", () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) throws Exception {
                slowInit.await(10, TimeUnit.SECONDS);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        });
        b.registerFactory("broken", () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                throw new IllegalStateException("no database at " + args[0]);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        });
        routers = LoopbackRouter.join(a, b);
    }

    @AfterEach
    void stopNodes() {
        slowInit.countDown();
        a.close();
        b.close();
    }

    private RemoteNode bFromA() {
        return a.network().node(b.name());
    }

    private SporeException.Reason refusal(Runnable spawn) {
        return assertThrows(SporeException.class, spawn::run).reason();
    }

    @Test
    void anOpenFactoryIsSpawnedOnTheOtherNodeWithTheRequestingNodeAsParent() {
        RemoteNode remote = bFromA();
        assertTrue(remote.remoteSpawnEnabled());
        assertEquals(b.creation(), remote.creation());
        Pid child = remote.spawn(PROBE, ProcessOptions.DEFAULTS);
        assertEquals(b.name(), child.node());
        assertTrue(b.isAlive(child));
        @SuppressWarnings("unchecked")
        List<String> inherited = (List<String>) a.call(child, "what", FIVE_SECONDS);
        assertEquals(a.identity().toString(), inherited.get(0), "parent: the requesting node's identity");
        assertEquals("requester-app", inherited.get(1));
        assertEquals("DEBUG", inherited.get(2), "log level: the requesting node's");
        assertEquals("{}", inherited.get(3), "no env: a does not expose it");
        assertEquals(1, b.network().spawnAccess(PROBE).orElseThrow().spawned());
        assertEquals(1, b.stats().remoteSpawned());
    }

    @Test
    void listedNodesMaySpawnAndOthersAreRefusedWithNotAllowed() {
        b.network().enableSpawn(ECHO, C);
        assertEquals(SporeException.Reason.NOT_ALLOWED, refusal(() -> bFromA().spawn(ECHO, ProcessOptions.DEFAULTS)));
        b.network().enableSpawn(ECHO, a.name());
        assertNotNull(bFromA().spawn(ECHO, ProcessOptions.DEFAULTS));
        b.network().disableSpawn(ECHO, a.name());
        assertEquals(SporeException.Reason.NOT_ALLOWED, refusal(() -> bFromA().spawn(ECHO, ProcessOptions.DEFAULTS)));
        b.network().disableSpawn(ECHO, C); // the list is empty: open to all again
        assertNotNull(bFromA().spawn(ECHO, ProcessOptions.DEFAULTS));
        assertEquals(2, b.network().spawnAccess(ECHO).orElseThrow().denied());
        assertEquals(2, b.stats().remoteSpawnDenied());
    }

    @Test
    void aFullyDisabledNameIsUnknownAndTheNodeFlagRefusesEverything() {
        b.network().disableSpawn(ECHO);
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            refusal(() -> bFromA().spawn(ECHO, ProcessOptions.DEFAULTS)));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            refusal(() -> bFromA().spawn(Name.of("nothing"), ProcessOptions.DEFAULTS)));
        assertNotNull(b.spawn(ECHO, ProcessOptions.DEFAULTS), "local spawn is untouched");
        b.network().setRemoteSpawnEnabled(false);
        assertEquals(SporeException.Reason.REMOTE_SPAWN_DISABLED,
            refusal(() -> bFromA().spawn(PROBE, ProcessOptions.DEFAULTS)));
    }

    @Test
    void aPeerThatAdvertisedRemoteSpawnOffIsRefusedLocallyAtOnce() {
        SporeNode off = SporeNode.start(new NodeContext().nodeName(NodeName.parse("off@localhost"))
            .workerThreads(1).remoteSpawnEnabled(false));
        SporeNode requester = SporeNode.start(new NodeContext().nodeName(NodeName.parse("r@localhost"))
            .workerThreads(1));
        try {
            off.registerFactory("echo", () -> (ctx, from, message) -> { });
            LoopbackRouter.join(requester, off);
            RemoteNode remote = requester.network().node(off.name());
            assertTrue(!remote.remoteSpawnEnabled());
            assertEquals(SporeException.Reason.REMOTE_SPAWN_DISABLED,
                refusal(() -> remote.spawn(ECHO, ProcessOptions.DEFAULTS)));
            assertEquals(0, off.stats().remoteSpawnDenied(), "refused before anything was sent");
        } finally {
            requester.close();
            off.close();
        }
    }

    @Test
    void initFailureNameTakenAndUnknownNodeAreTypedErrors() {
        SporeException failed = assertThrows(SporeException.class,
            () -> bFromA().spawn(BROKEN, ProcessOptions.DEFAULTS, "db.example:5432"));
        assertEquals(SporeException.Reason.INIT_FAILED, failed.reason());
        assertTrue(failed.getMessage().contains("no database at db.example:5432"), failed.getMessage());

        Pid first = bFromA().spawnRegister(Name.of("the-one"), ECHO, ProcessOptions.DEFAULTS);
        assertEquals(first, b.whereis(Name.of("the-one")).orElseThrow());
        assertEquals(SporeException.Reason.NAME_TAKEN,
            refusal(() -> bFromA().spawnRegister(Name.of("the-one"), ECHO, ProcessOptions.DEFAULTS)));

        assertEquals(SporeException.Reason.NODE_DOWN, refusal(() -> a.network().node(C)));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, refusal(() -> a.network().node(a.name())));
    }

    @Test
    void remoteSpawnFromAProcessInheritsItsApplicationLogLevelAndEnvOnlyWhenExposed() {
        Pid spawner = a.spawn((io.spore.api.ProcessFactory) Spawner::new, ProcessOptions.DEFAULTS
            .withApplication("billing").withLogLevel(LogLevel.WARNING).withEnv("region", "eu"));
        Object child = a.call(spawner, List.of(b.name()), FIVE_SECONDS);
        assertTrue(child instanceof Pid, "spawned: " + child);
        @SuppressWarnings("unchecked")
        List<String> inherited = (List<String>) a.call((Pid) child, "what", FIVE_SECONDS);
        assertEquals(spawner.toString(), inherited.get(0), "parent: the calling process");
        assertEquals("billing", inherited.get(1));
        assertEquals("WARNING", inherited.get(2));
        assertEquals("{}", inherited.get(3), "a does not expose env");
        assertTrue(b.processInfo((Pid) child).isPresent());

        SporeNode exposing = SporeNode.start(new NodeContext().nodeName(NodeName.parse("x@localhost"))
            .workerThreads(2).exposeEnvRemoteSpawn(true));
        SporeNode target = SporeNode.start(new NodeContext().nodeName(NodeName.parse("t@localhost"))
            .workerThreads(2));
        try {
            target.registerFactory("probe", Probe::new);
            LoopbackRouter.join(exposing, target);
            Pid other = exposing.spawn((io.spore.api.ProcessFactory) Spawner::new,
                ProcessOptions.DEFAULTS.withEnv("region", "eu"));
            Pid exposed = (Pid) exposing.call(other, List.of(target.name()), FIVE_SECONDS);
            @SuppressWarnings("unchecked")
            List<String> got = (List<String>) exposing.call(exposed, "what", FIVE_SECONDS);
            assertEquals("{region=eu}", got.get(3));
        } finally {
            exposing.close();
            target.close();
        }
    }

    @Test
    void aRequesterThatTimesOutLeavesNoProcessBehind() {
        slowInit = new CountDownLatch(1);
        SporeException timedOut = assertThrows(SporeException.class, () -> bFromA().spawn(SLOW,
            ProcessOptions.DEFAULTS.withSpawnTimeout(Duration.ofMillis(200))));
        assertEquals(SporeException.Reason.TIMEOUT, timedOut.reason());
        slowInit.countDown(); // init finishes after the requester gave up: the target undoes the child
        Await.until("no slow process left on b", () -> b.processes().stream()
            .map(ProcessInfo::factory).noneMatch(SLOW::equals));
        assertEquals(0, b.network().spawnAccess(SLOW).orElseThrow().spawned());
    }

    @Test
    void aLateReplyIsUndoneByTheRequester() {
        Pid orphan = b.spawn(ECHO, ProcessOptions.DEFAULTS);
        // b answers a request a no longer waits for (its ref is unknown to a): a kills the child.
        routers[1].peerInbound().spawnReply(new io.spore.api.Ref(a.name(), 999_999, a.creation()), orphan, null);
        Await.until("the late child is killed", () -> !b.isAlive(orphan));
    }

    @Test
    void theRequestersNodeGoingDownFailsPendingSpawnsAtOnceAndTheTargetUndoesTheChild() throws Exception {
        slowInit = new CountDownLatch(1);
        CompletableFuture<Pid> pending = bFromA().spawnAsync(SLOW, ProcessOptions.DEFAULTS);
        Await.until("the slow init runs on b", () -> b.processes().stream()
            .anyMatch(info -> SLOW.equals(info.factory())));
        LoopbackRouter.cut(routers, a, b);
        SporeException down = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> pending.get(1, TimeUnit.SECONDS)).getCause() instanceof SporeException e ? e : null;
        assertNotNull(down);
        assertEquals(SporeException.Reason.NODE_DOWN, down.reason());
        slowInit.countDown();
        Await.until("no slow process left on b", () -> b.processes().stream()
            .map(ProcessInfo::factory).noneMatch(SLOW::equals));
    }

    @Test
    void aSlowInitDoesNotHoldUpOtherTraffic() throws Exception {
        slowInit = new CountDownLatch(1);
        CompletableFuture<Pid> pending = bFromA().spawnAsync(SLOW, ProcessOptions.DEFAULTS);
        Pid probe = bFromA().spawn(PROBE, ProcessOptions.DEFAULTS); // spawned and answering while init waits
        assertTrue(a.call(probe, "what", FIVE_SECONDS) instanceof List<?>);
        assertTrue(!pending.isDone(), "the slow spawn is still in init");
        slowInit.countDown();
        assertNotNull(pending.get(5, TimeUnit.SECONDS));
    }

    @Test
    void pipelinedSpawnsAllComplete() throws Exception {
        RemoteNode remote = bFromA();
        List<CompletableFuture<Pid>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(remote.spawnAsync(ECHO, ProcessOptions.DEFAULTS));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(200, all.stream().map(CompletableFuture::join).distinct().count());
    }

    @Test
    void aFactoryWithdrawnWhileItsInitRunsFailsTheSpawnAndLeavesNoProcess() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FactoryEntry entry = b.registerFactory("leaving", () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) throws Exception {
                release.await(10, TimeUnit.SECONDS);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        });
        CompletableFuture<Pid> pending = bFromA().spawnAsync(Name.of("leaving"), ProcessOptions.DEFAULTS);
        Await.until("the init runs", () -> b.processes().stream()
            .anyMatch(info -> Name.of("leaving").equals(info.factory())));
        CompletableFuture<Void> withdrawn = CompletableFuture.runAsync(() -> b.factoryRegistry().remove(entry));
        Await.until("the entry is withdrawn", entry::isWithdrawn);
        release.countDown();
        SporeException gone = (SporeException) assertThrows(java.util.concurrent.ExecutionException.class,
            () -> pending.get(5, TimeUnit.SECONDS)).getCause();
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, gone.reason());
        withdrawn.get(5, TimeUnit.SECONDS);
        assertTrue(b.processes().stream().noneMatch(info -> Name.of("leaving").equals(info.factory())));
    }

    @Test
    void apiFactoriesAreSpawnableRemotelyOnly() {
        b.network().enableSpawn(Name.of("api-echo"), () -> (ctx, from, message) -> { }, a.name());
        assertNotNull(bFromA().spawn(Name.of("api-echo"), ProcessOptions.DEFAULTS));
        assertEquals("api", b.network().spawnAccess(Name.of("api-echo")).orElseThrow().provider());
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY,
            refusal(() -> b.spawn(Name.of("api-echo"), ProcessOptions.DEFAULTS)));
    }
}
