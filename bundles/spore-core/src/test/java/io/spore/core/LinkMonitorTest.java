package io.spore.core;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkMonitorTest extends NodeFixture {
    private final BlockingQueue<Pid> acks = new LinkedBlockingQueue<>();

    /** Sends "go" and waits until the observer has run its action. */
    private void go(Pid observer) throws InterruptedException {
        node.send(observer, "go");
        assertEquals(observer, acks.poll(5, TimeUnit.SECONDS), "observer did not act");
    }

    /** A process that runs the given action for "go" messages and reports everything else to a queue. */
    private Pid observer(BlockingQueue<Object> inbox, ProcessOptions options, java.util.function.Consumer<ProcessContext> onGo) {
        return node.spawn(() -> (ctx, from, message) -> {
            if ("go".equals(message)) {
                onGo.accept(ctx);
                acks.add(ctx.self());
            } else if ("crash".equals(message)) {
                throw new IllegalStateException("asked to crash");
            } else {
                inbox.add(message);
            }
        }, options);
    }

    private Pid idle() {
        return node.spawn(() -> (ctx, from, message) -> {
            if ("crash".equals(message)) {
                throw new IllegalStateException("boom");
            }
            if ("stop".equals(message)) {
                ctx.exit(ExitReason.NORMAL);
            }
        }, ProcessOptions.DEFAULTS);
    }

    @Test
    void aMonitorDeliversOneDownWithTheReason() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        BlockingQueue<Ref> refs = new LinkedBlockingQueue<>();
        Pid watcher = observer(inbox, ProcessOptions.DEFAULTS, ctx -> refs.add(ctx.monitor(target)));
        go(watcher);
        Ref ref = refs.poll(5, TimeUnit.SECONDS);
        node.send(target, "crash");
        Down down = (Down) inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(down);
        assertEquals(ref, down.monitor());
        assertEquals(target, down.pid());
        assertEquals(ExitReason.Kind.ERROR, down.reason().kind());
        assertInstanceOf(IllegalStateException.class, down.reason().cause());
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS), "only one Down per monitor");
    }

    @Test
    void monitoringADeadProcessGivesNoproc() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        node.kill(target);
        Await.until("dead", () -> !node.isAlive(target));
        Pid watcher = observer(inbox, ProcessOptions.DEFAULTS, ctx -> ctx.monitor(target));
        go(watcher);
        Down down = (Down) inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(down);
        assertEquals(ExitReason.NOPROC, down.reason());
    }

    @Test
    void demonitorMeansNoDown() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        Pid watcher = observer(inbox, ProcessOptions.DEFAULTS, ctx -> ctx.demonitor(ctx.monitor(target)));
        go(watcher);
        node.send(target, "crash");
        Await.until("target dead", () -> !node.isAlive(target));
        node.send(watcher, "marker");
        assertEquals("marker", inbox.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void anAbnormalExitKillsALinkedProcessThatDoesNotTrap() throws Exception {
        Pid target = idle();
        Pid partner = observer(new LinkedBlockingQueue<>(), ProcessOptions.DEFAULTS, ctx -> ctx.link(target));
        go(partner);
        node.send(target, "crash");
        Await.until("partner dead by link", () -> !node.isAlive(partner));
    }

    @Test
    void aNormalExitDoesNotKillALinkedProcess() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        Pid partner = observer(inbox, ProcessOptions.DEFAULTS, ctx -> ctx.link(target));
        go(partner);
        node.send(target, "stop");
        Await.until("target gone", () -> !node.isAlive(target));
        node.send(partner, "still here?");
        assertEquals("still here?", inbox.poll(5, TimeUnit.SECONDS));
        assertTrue(node.isAlive(partner));
    }

    @Test
    void aTrappingProcessReceivesExitMessages() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        Pid partner = observer(inbox, ProcessOptions.DEFAULTS.withTrapExits(true), ctx -> ctx.link(target));
        go(partner);
        node.kill(target);
        Exit exit = (Exit) inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(exit);
        assertEquals(target, exit.from());
        assertEquals(ExitReason.KILLED, exit.reason());
        assertTrue(node.isAlive(partner));
    }

    @Test
    void linksAreBidirectional() throws Exception {
        Pid partner = idle();
        Pid linker = observer(new LinkedBlockingQueue<>(), ProcessOptions.DEFAULTS, ctx -> ctx.link(partner));
        go(linker);
        node.send(linker, "crash");
        Await.until("partner dead through the link", () -> !node.isAlive(partner));
    }

    @Test
    void unlinkStopsTheSignal() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        Pid partner = observer(inbox, ProcessOptions.DEFAULTS, ctx -> {
            ctx.link(target);
            ctx.unlink(target);
        });
        go(partner);
        node.send(target, "crash");
        Await.until("target dead", () -> !node.isAlive(target));
        node.send(partner, "alive");
        assertEquals("alive", inbox.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void linkingToADeadProcessDeliversNoproc() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid target = idle();
        node.kill(target);
        Await.until("dead", () -> !node.isAlive(target));
        Pid partner = observer(inbox, ProcessOptions.DEFAULTS.withTrapExits(true), ctx -> ctx.link(target));
        go(partner);
        Exit exit = (Exit) inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(exit);
        assertEquals(ExitReason.NOPROC, exit.reason());
    }

    @Test
    void spawnWithLinkOptionLinksChildToParent() {
        BlockingQueue<Pid> children = new LinkedBlockingQueue<>();
        Pid parent = node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                children.add(ctx.spawn(() -> (c, f, m) -> { }, ProcessOptions.DEFAULTS.withLink(true)));
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                throw new IllegalStateException("parent crashes");
            }
        }, ProcessOptions.DEFAULTS);
        Pid child = children.poll();
        assertNotNull(child);
        node.send(parent, "crash");
        Await.until("child dies with its linked parent", () -> !node.isAlive(child));
        assertFalse(node.isAlive(parent));
    }

    @Test
    void exitSignalsFollowErlangRules() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid trapper = observer(inbox, ProcessOptions.DEFAULTS.withTrapExits(true), ctx -> { });
        node.exit(trapper, ExitReason.other("please"));
        Exit exit = (Exit) inbox.poll(5, TimeUnit.SECONDS);
        assertEquals("please", exit.reason().description());
        assertTrue(node.isAlive(trapper));
        node.exit(trapper, ExitReason.KILLED);
        Await.until("killed cannot be trapped", () -> !node.isAlive(trapper));

        Pid plain = idle();
        node.exit(plain, ExitReason.NORMAL);
        node.exit(plain, ExitReason.other("bye"));
        Await.until("abnormal exit signal ends a non-trapping process", () -> !node.isAlive(plain));
    }
}
