package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code remoteSpawnLink}: the child is linked before it runs, so even a child that crashes at once is seen through
 * the link with its own reason, never as the {@code noproc} of a link asked for after the spawn.
 */
class RemoteSpawnLinkTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final Name CRASH_AT_ONCE = Name.of("crash-at-once");
    private static final Name QUIET = Name.of("quiet");

    private SporeNode a;
    private SporeNode b;
    private final BlockingQueue<Object> exits = new LinkedBlockingQueue<>();

    /** Traps exits; spawns linked on the node it is called with and answers the pid; puts every Exit in a queue. */
    private final class Requester implements ProcessBehavior {
        @Override
        public void init(ProcessContext ctx, Object... args) {
            ctx.trapExits(true);
        }

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if (message instanceof Exit exit) {
                exits.add(exit);
            }
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            Object[] parts = (Object[]) request;
            return ctx.remoteSpawnLink((NodeName) parts[0], (Name) parts[1], ProcessOptions.DEFAULTS);
        }
    }

    @BeforeEach
    void startTwoNodes() {
        a = SporeNode.start(new NodeContext().nodeName(NodeName.parse("a@localhost")).workerThreads(2));
        b = SporeNode.start(new NodeContext().nodeName(NodeName.parse("b@localhost")).workerThreads(2));
        // Crashes on its first turn, right after init: before any link asked for after the spawn could arrive.
        b.registerFactory(CRASH_AT_ONCE.value(), () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.send(ctx.self(), "crash");
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                throw new IllegalStateException("crashed at once");
            }
        });
        b.registerFactory(QUIET.value(), () -> (ctx, from, message) -> { });
        LoopbackRouter.join(a, b);
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
    }

    @Test
    void aChildThatCrashesAtOnceIsSeenWithItsOwnReason() throws Exception {
        Pid requester = a.spawn(Requester::new, ProcessOptions.DEFAULTS);
        for (int round = 0; round < 20; round++) {
            Pid child = (Pid) a.call(requester, new Object[] {b.name(), CRASH_AT_ONCE}, FIVE_SECONDS);
            Exit exit = assertInstanceOf(Exit.class, exits.poll(5, TimeUnit.SECONDS), "round " + round);
            assertEquals(child, exit.from());
            assertEquals(ExitReason.Kind.ERROR, exit.reason().kind(), "the crash, not noproc: " + exit.reason());
            assertTrue(exit.reason().toString().contains("crashed at once"), exit.reason().toString());
        }
    }

    @Test
    void theLinkHoldsBothWays() throws Exception {
        Pid requester = a.spawn(Requester::new, ProcessOptions.DEFAULTS);
        Pid child = (Pid) a.call(requester, new Object[] {b.name(), QUIET}, FIVE_SECONDS);
        b.exit(child, ExitReason.other("stopped by the test"));
        Exit exit = assertInstanceOf(Exit.class, exits.poll(5, TimeUnit.SECONDS));
        assertEquals(child, exit.from());

        Pid second = (Pid) a.call(requester, new Object[] {b.name(), QUIET}, FIVE_SECONDS);
        a.kill(requester);
        io.spore.testsupport.Await.until("the child ends with its linked requester", () -> !b.isAlive(second));
        assertNull(exits.poll(100, TimeUnit.MILLISECONDS), "nothing else was told");
    }

    @Test
    void onItsOwnNodeItIsALinkedLocalSpawn() throws Exception {
        a.registerFactory(QUIET.value(), () -> (ctx, from, message) -> { });
        Pid requester = a.spawn(Requester::new, ProcessOptions.DEFAULTS);
        Pid child = (Pid) a.call(requester, new Object[] {a.name(), QUIET}, FIVE_SECONDS);
        assertEquals(a.name(), child.node());
        a.exit(child, ExitReason.other("stopped by the test"));
        assertEquals(child, assertInstanceOf(Exit.class, exits.poll(5, TimeUnit.SECONDS)).from());
    }
}
