package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.SporeException;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote spawn over real Aeron UDP between two in-JVM nodes: the request and reply frames, the handshake's remote
 * spawn flag, typed errors carried back with their messages, and values that cannot travel failing on the requester.
 */
@Timeout(60)
class RemoteSpawnTransportTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final Name PROBE = Name.of("probe");

    @TempDir
    Path dir;
    private TestCluster cluster;
    private Member a;
    private Member b;

    /** Answers every call with what it inherited and the arguments it got. */
    static final class Probe implements ProcessBehavior {
        private List<Object> args;

        @Override
        public void init(ProcessContext ctx, Object... args) {
            if (args.length > 0 && "fail".equals(args[0])) {
                throw new IllegalArgumentException("told to fail");
            }
            this.args = List.of(args);
        }

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return List.of(ctx.parent(), String.valueOf(ctx.application()), ctx.logLevel().name(), ctx.env(),
                args, String.valueOf(ctx.registeredName()));
        }
    }

    private Member start(String name, boolean remoteSpawn, boolean exposeEnv) {
        TransportContext context = cluster.context(name);
        SporeNode node = SporeNode.start(new NodeContext().nodeName(context.nodeName()).workerThreads(2)
            .logLevel(LogLevel.DEBUG).remoteSpawnEnabled(remoteSpawn).exposeEnvRemoteSpawn(exposeEnv));
        return cluster.start(context, node, node);
    }

    @BeforeEach
    void startTwoNodes() {
        cluster = new TestCluster(dir);
        a = start("a", true, true);
        b = start("b", true, false);
        b.node().registerFactory("probe", Probe::new);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void getNodeConnectsAndTheChildGetsItsArgumentsAndInheritance() {
        RemoteNode remote = a.node().network().getNode(b.name());
        assertTrue(remote.remoteSpawnEnabled());
        assertEquals(b.node().creation(), remote.creation());
        Pid child = remote.spawnRegister(Name.of("probe-1"), PROBE, ProcessOptions.DEFAULTS
            .withApplication("shop").withEnv("region", "eu").withLink(true), "x", 42L, List.of(1, 2));
        assertEquals(b.name(), child.node());
        List<?> seen = (List<?>) a.node().call(child, "what", FIVE_SECONDS);
        assertEquals(a.node().identity(), seen.get(0));
        assertEquals("shop", seen.get(1));
        assertEquals("DEBUG", seen.get(2));
        assertEquals(java.util.Map.of("region", "eu"), seen.get(3), "a exposes its env");
        assertEquals(List.of("x", 42L, List.of(1, 2)), seen.get(4));
        assertEquals("probe-1", seen.get(5));
        assertEquals(SporeException.Reason.NAME_TAKEN, assertThrows(SporeException.class,
            () -> remote.spawnRegister(Name.of("probe-1"), PROBE, ProcessOptions.DEFAULTS)).reason());
    }

    /**
     * remoteSpawnLink across real Aeron: the child is linked on b before it runs, the flag travels in the request,
     * and a child that crashes on its first turn is seen by its requester with the crash's reason, not noproc.
     */
    @Test
    void aLinkedRemoteSpawnSeesAnAtOnceCrashByItsReason() throws Exception {
        b.node().registerFactory("crash-at-once", () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.send(ctx.self(), "crash");
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                throw new IllegalStateException("crashed at once");
            }
        });
        java.util.concurrent.BlockingQueue<io.spore.api.Exit> exits = new java.util.concurrent.LinkedBlockingQueue<>();
        Pid requester = a.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.trapExits(true);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof io.spore.api.Exit exit) {
                    exits.add(exit);
                }
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                return ctx.remoteSpawnLink(b.name(), Name.of("crash-at-once"), ProcessOptions.DEFAULTS);
            }
        }, ProcessOptions.DEFAULTS);
        for (int round = 0; round < 10; round++) {
            Pid child = (Pid) a.node().call(requester, "spawn", FIVE_SECONDS);
            io.spore.api.Exit exit = exits.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(exit != null, "round " + round + ": the child's exit came");
            assertEquals(child, exit.from());
            assertTrue(exit.reason().toString().contains("crashed at once"), "the crash, not noproc: " + exit.reason());
        }
    }

    @Test
    void refusalsTravelBackTypedWithTheirMessages() {
        RemoteNode remote = a.node().network().getNode(b.name());
        SporeException failed = assertThrows(SporeException.class,
            () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS, "fail"));
        assertEquals(SporeException.Reason.INIT_FAILED, failed.reason());
        assertTrue(failed.getMessage().contains("told to fail"), failed.getMessage());

        b.node().network().enableSpawn(PROBE, NodeName.parse("c@localhost"));
        SporeException denied = assertThrows(SporeException.class, () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS));
        assertEquals(SporeException.Reason.NOT_ALLOWED, denied.reason());
        assertTrue(denied.getMessage().contains("a@localhost"), denied.getMessage());

        b.node().network().disableSpawn(PROBE);
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, assertThrows(SporeException.class,
            () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS)).reason());

        b.node().network().setRemoteSpawnEnabled(false);
        assertEquals(SporeException.Reason.REMOTE_SPAWN_DISABLED, assertThrows(SporeException.class,
            () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS)).reason());
    }

    @Test
    void valuesThatCannotTravelFailOnTheRequesterNamingThem() {
        RemoteNode remote = a.node().network().getNode(b.name());
        SporeException arg = assertThrows(SporeException.class,
            () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS, "fine", new Object()));
        assertEquals(SporeException.Reason.UNENCODABLE, arg.reason());
        assertTrue(arg.getMessage().contains("argument 2") && arg.getMessage().contains("java.lang.Object"),
            arg.getMessage());
        SporeException env = assertThrows(SporeException.class,
            () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS.withEnv("socket", new StringBuilder("x"))));
        assertEquals(SporeException.Reason.UNENCODABLE, env.reason());
        assertTrue(env.getMessage().contains("'socket'"), env.getMessage());
        assertEquals(0, b.node().stats().remoteSpawned());
    }

    @Test
    void aNodeThatAdvertisesRemoteSpawnOffIsRefusedLocally() {
        Member off = start("off", false, false);
        off.node().registerFactory("probe", Probe::new);
        RemoteNode remote = a.node().network().getNode(off.name());
        assertFalse(remote.remoteSpawnEnabled());
        assertEquals(SporeException.Reason.REMOTE_SPAWN_DISABLED, assertThrows(SporeException.class,
            () -> remote.spawn(PROBE, ProcessOptions.DEFAULTS)).reason());
        assertEquals(0, off.node().stats().remoteSpawnDenied(), "refused on the requester, nothing sent");
    }

    @Test
    void anUnreachableNodeIsNodeDown() {
        assertEquals(SporeException.Reason.NODE_DOWN, assertThrows(SporeException.class,
            () -> a.node().network().getNode(NodeName.parse("nobody@localhost"))).reason());
    }
}
