package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ProcessState;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpawnTest extends NodeFixture {

    /** What a process saw of itself in init. */
    record Seen(Pid self, Pid parent, Pid leader, String application, LogLevel level, Map<String, Object> env,
                Object[] args) {
    }

    private static ProcessBehavior reporting(BlockingQueue<Seen> out) {
        return new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                out.add(new Seen(ctx.self(), ctx.parent(), ctx.leader(), ctx.application(), ctx.logLevel(),
                    ctx.env(), args));
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        };
    }

    @Test
    void spawnByNamePassesArgsAndTheNodeIsTheParent() throws Exception {
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        node.registerFactory("reporter", () -> reporting(seen));
        Pid pid = node.spawn(Name.of("reporter"), ProcessOptions.DEFAULTS, 1, "two");
        Seen s = seen.poll(5, TimeUnit.SECONDS);
        assertEquals(pid, s.self());
        assertEquals(node.identity(), s.parent());
        assertArrayEquals(new Object[] {1, "two"}, s.args());
        assertEquals(Name.of("reporter"), node.processInfo(pid).orElseThrow().factory());
        assertEquals(ProcessState.WAITING, node.processInfo(pid).orElseThrow().state());
    }

    @Test
    void aChildInheritsApplicationLogLevelEnvAndLeaderUnlessOptionsSayOtherwise() throws Exception {
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        node.registerFactory("reporter", () -> reporting(seen));
        AtomicReference<Pid> parentPid = new AtomicReference<>();
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                parentPid.set(ctx.self());
                ctx.spawn(Name.of("reporter"), ProcessOptions.DEFAULTS);
                ctx.spawn(Name.of("reporter"), ProcessOptions.DEFAULTS.withApplication("other")
                    .withLogLevel(LogLevel.ERROR).withEnv("extra", 2));
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS.withApplication("shop").withLogLevel(LogLevel.DEBUG).withEnv("region", "eu"));

        Seen inherited = seen.poll(5, TimeUnit.SECONDS);
        assertEquals(parentPid.get(), inherited.parent());
        assertEquals(node.identity(), inherited.leader());
        assertEquals("shop", inherited.application());
        assertEquals(LogLevel.DEBUG, inherited.level());
        assertEquals(Map.of("region", "eu"), inherited.env());

        Seen overridden = seen.poll(5, TimeUnit.SECONDS);
        assertEquals("other", overridden.application());
        assertEquals(LogLevel.ERROR, overridden.level());
        assertEquals(Map.of("region", "eu", "extra", 2), overridden.env());
    }

    @Test
    void unknownFactoryIsATypedErrorThatListsTheKnownOnes() {
        node.registerFactory("known", () -> (ctx, from, message) -> { });
        SporeException e = assertThrows(SporeException.class,
            () -> node.spawn(Name.of("unknown"), ProcessOptions.DEFAULTS));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, e.reason());
        assertTrue(e.getMessage().contains("unknown") && e.getMessage().contains("known"), e.getMessage());
    }

    @Test
    void anInitThatThrowsFailsTheSpawnAndLeavesNothingBehind() {
        node.registerFactory("broken", () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                throw new IllegalArgumentException("no config");
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        });
        SporeException e = assertThrows(SporeException.class,
            () -> node.spawnRegister(Name.of("svc"), Name.of("broken"), ProcessOptions.DEFAULTS));
        assertEquals(SporeException.Reason.INIT_FAILED, e.reason());
        assertTrue(e.getMessage().contains("no config"));
        assertTrue(node.whereis(Name.of("svc")).isEmpty());
        assertEquals(0, node.stats().processes());
        assertEquals(1, node.stats().spawnFailures());
    }

    @Test
    void aFactoryThatThrowsOrReturnsNullIsInitFailed() {
        node.registerFactory("throws", () -> {
            throw new IllegalStateException("cannot build");
        });
        node.registerFactory("null", () -> null);
        assertEquals(SporeException.Reason.INIT_FAILED, assertThrows(SporeException.class,
            () -> node.spawn(Name.of("throws"), ProcessOptions.DEFAULTS)).reason());
        assertEquals(SporeException.Reason.INIT_FAILED, assertThrows(SporeException.class,
            () -> node.spawn(Name.of("null"), ProcessOptions.DEFAULTS)).reason());
    }

    @Test
    void aProcessCanRunToCompletionInInit() {
        BlockingQueue<ExitReason> terminated = new LinkedBlockingQueue<>();
        Pid pid = node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.exit(ExitReason.NORMAL);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public void terminate(ProcessContext ctx, ExitReason reason) {
                terminated.add(reason);
            }
        }, ProcessOptions.DEFAULTS);
        assertFalse(node.isAlive(pid));
        assertEquals(ExitReason.NORMAL, terminated.poll());
    }

    @Test
    void aCrashIsIsolatedLoggedAndTheNodeCarriesOn() throws Exception {
        BlockingQueue<ExitReason> reasons = new LinkedBlockingQueue<>();
        Pid crasher = node.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                throw new ArithmeticException("divide by zero");
            }

            @Override
            public void terminate(ProcessContext ctx, ExitReason reason) {
                reasons.add(reason);
            }
        }, ProcessOptions.DEFAULTS);
        node.send(crasher, "x");
        ExitReason reason = reasons.poll(5, TimeUnit.SECONDS);
        assertNotNull(reason);
        assertEquals(ExitReason.Kind.ERROR, reason.kind());
        assertTrue(reason.cause() instanceof ArithmeticException);
        Await.until("crasher gone", () -> !node.isAlive(crasher));
        // The node still spawns, sends and answers.
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid healthy = node.spawn(() -> (ctx, from, message) -> inbox.add(message), ProcessOptions.DEFAULTS);
        node.send(healthy, "fine");
        assertEquals("fine", inbox.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void killEndsAProcessWithoutTerminate() {
        BlockingQueue<ExitReason> reasons = new LinkedBlockingQueue<>();
        Pid pid = node.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public void terminate(ProcessContext ctx, ExitReason reason) {
                reasons.add(reason);
            }
        }, ProcessOptions.DEFAULTS);
        assertTrue(node.kill(pid));
        Await.until("killed", () -> !node.isAlive(pid));
        assertTrue(reasons.isEmpty(), "terminate is not called for killed");
        assertFalse(node.kill(pid));
    }

    @Test
    void closingTheNodeEndsProcessesWithShutdownAndRefusesNewWork() throws Exception {
        BlockingQueue<ExitReason> reasons = new LinkedBlockingQueue<>();
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public void terminate(ProcessContext ctx, ExitReason reason) {
                reasons.add(reason);
            }
        }, ProcessOptions.DEFAULTS.withTrapExits(true));
        node.close();
        assertEquals(ExitReason.SHUTDOWN, reasons.poll(5, TimeUnit.SECONDS));
        assertEquals(SporeException.Reason.NODE_STOPPED, assertThrows(SporeException.class,
            () -> node.spawn(() -> (c, f, m) -> { }, ProcessOptions.DEFAULTS)).reason());
    }

    @Test
    void contextMethodsRefuseOtherThreads() throws Exception {
        BlockingQueue<ProcessContext> leaked = new LinkedBlockingQueue<>();
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                leaked.add(ctx);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }
        }, ProcessOptions.DEFAULTS);
        ProcessContext ctx = leaked.poll(5, TimeUnit.SECONDS);
        assertEquals(SporeException.Reason.WRONG_THREAD,
            assertThrows(SporeException.class, () -> ctx.monitor(node.identity())).reason());
    }
}
