package io.spore.core;

import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReceiveTimeout;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Process timers: sendAfter, sendEvery, cancelTimer and receive timeouts, on the node's one timer wheel. */
class TimersTest extends NodeFixture {
    private static final Duration SHORT = Duration.ofMillis(30);
    private static final Duration LONG = Duration.ofHours(1);

    /** A process that runs {@code onCall} for each call (on its own turn) and puts every message in {@code inbox}. */
    private Pid process(BlockingQueue<Object> inbox, BiFunction<ProcessContext, Object, Object> onCall) {
        return node.spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }

            @Override
            public Object handleCall(ProcessContext ctx, io.spore.api.Caller caller, Object request) {
                return onCall.apply(ctx, request);
            }
        }, ProcessOptions.DEFAULTS);
    }

    private static final Duration CALL = Duration.ofSeconds(5);

    @Test
    void aTimerFiresOnceAfterItsDelay() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid p = process(inbox, (ctx, request) -> ctx.sendAfter(ctx.self(), "tick", SHORT));
        long startNs = System.nanoTime();
        node.call(p, "go", CALL);
        assertEquals("tick", inbox.poll(5, TimeUnit.SECONDS));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(tookMs >= SHORT.toMillis() - 1, "fired after " + tookMs + " ms");
        assertNull(inbox.poll(100, TimeUnit.MILLISECONDS), "once");
    }

    @Test
    void aCancelledTimerNeverFiresAndCancelSaysWhetherItHad() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        List<Ref> refs = new ArrayList<>();
        Pid p = process(inbox, (ctx, request) -> switch ((String) request) {
            case "start" -> {
                refs.add(ctx.sendAfter(ctx.self(), "late", Duration.ofMillis(200)));
                refs.add(ctx.sendAfter(ctx.self(), "soon", Duration.ZERO));
                yield "started";
            }
            case "cancel-late" -> ctx.cancelTimer(refs.get(0));
            case "cancel-soon" -> ctx.cancelTimer(refs.get(1));
            default -> "?";
        });
        node.call(p, "start", CALL);
        assertEquals("soon", inbox.poll(5, TimeUnit.SECONDS));
        assertEquals(true, node.call(p, "cancel-late", CALL), "cancelled before it fired");
        assertEquals(false, node.call(p, "cancel-late", CALL), "cancelled already");
        assertEquals(false, node.call(p, "cancel-soon", CALL), "it had fired");
        assertNull(inbox.poll(400, TimeUnit.MILLISECONDS), "the cancelled timer never fired");
    }

    @Test
    void aPeriodicTimerFiresUntilCancelled() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        List<Ref> refs = new ArrayList<>();
        Pid p = process(inbox, (ctx, request) -> "start".equals(request)
            ? refs.add(ctx.sendEvery(ctx.self(), "beat", Duration.ofMillis(10)))
            : ctx.cancelTimer(refs.get(0)));
        node.call(p, "start", CALL);
        for (int i = 0; i < 5; i++) {
            assertEquals("beat", inbox.poll(5, TimeUnit.SECONDS));
        }
        assertEquals(true, node.call(p, "stop", CALL));
        inbox.poll(50, TimeUnit.MILLISECONDS); // one may have been on its way
        inbox.clear();
        assertNull(inbox.poll(100, TimeUnit.MILLISECONDS), "no beat after the cancel");
    }

    @Test
    void aReceiveTimeoutComesOnlyWhenNothingElseDoes() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid p = process(inbox, (ctx, request) -> {
            ctx.receiveTimeout(Duration.ofMillis(100));
            return "waiting";
        });
        node.call(p, "wait", CALL);
        node.send(p, "first"); // overtakes the timeout, which then does not come
        assertEquals("first", inbox.poll(5, TimeUnit.SECONDS));
        assertNull(inbox.poll(300, TimeUnit.MILLISECONDS), "the message ended the wait");

        node.call(p, "wait", CALL);
        Object timeout = inbox.poll(5, TimeUnit.SECONDS);
        assertTrue(timeout instanceof ReceiveTimeout, String.valueOf(timeout));
        assertEquals(Duration.ofMillis(100), ((ReceiveTimeout) timeout).after());
    }

    @Test
    void aProcessThatEndsTakesItsTimersWithIt() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid sink = process(inbox, (ctx, request) -> "synced");
        Pid p = process(new LinkedBlockingQueue<>(), (ctx, request) -> {
            for (int i = 0; i < 1000; i++) {
                ctx.sendAfter(sink, "orphan", Duration.ofMillis(100));
            }
            ctx.sendEvery(sink, "orphan", Duration.ofMillis(20));
            return "armed";
        });
        node.call(p, "arm", CALL);
        node.kill(p);
        Await.until("dead", () -> !node.isAlive(p));
        Await.until("the wheel let go of them", () -> node.services().timers.pending() == 0);
        // A timer may have fired before the kill was handled (the periodic one is due every 20 ms): the sink has
        // handled whatever it was sent before a call returns, and from then on nothing may come.
        node.call(sink, "sync", CALL);
        inbox.clear();
        assertNull(inbox.poll(300, TimeUnit.MILLISECONDS), "no timer of a dead process fired");
    }

    /** Timers started in init reach the wheel when init returns, even if no message ever comes to the process. */
    @Test
    void aTimerStartedInInitFires() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        node.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.sendAfter(ctx.self(), "from init", SHORT);
                ctx.receiveTimeout(SHORT);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                inbox.add(message);
            }
        }, ProcessOptions.DEFAULTS);
        List<Object> arrived = List.of(inbox.poll(5, TimeUnit.SECONDS), inbox.poll(5, TimeUnit.SECONDS));
        assertTrue(arrived.contains("from init"), String.valueOf(arrived));
        assertTrue(arrived.stream().anyMatch(ReceiveTimeout.class::isInstance), String.valueOf(arrived));
    }

    /**
     * A timer cancelled on the turn that started it never reaches the timer thread; cancel says so once, in any
     * order, and a timer started and cancelled on one turn leaves the wheel empty while one kept on it fires.
     */
    @Test
    void timersCancelledOnTheTurnThatStartedThemNeverFire() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        List<Boolean> outcomes = new ArrayList<>();
        Pid p = process(inbox, (ctx, request) -> {
            Ref first = ctx.sendAfter(ctx.self(), "first", Duration.ZERO);
            Ref second = ctx.sendAfter(ctx.self(), "second", Duration.ZERO);
            Ref kept = ctx.sendAfter(ctx.self(), "kept", SHORT);
            Ref third = ctx.sendAfter(ctx.self(), "third", Duration.ZERO);
            outcomes.add(ctx.cancelTimer(first)); // not the newest: skipped at the turn's end
            outcomes.add(ctx.cancelTimer(third)); // the newest: its object is used again at once
            outcomes.add(ctx.cancelTimer(ctx.sendAfter(ctx.self(), "fourth", Duration.ZERO)));
            outcomes.add(ctx.cancelTimer(second));
            outcomes.add(ctx.cancelTimer(first));
            return kept;
        });
        node.call(p, "go", CALL);
        assertEquals(List.of(true, true, true, true, false), outcomes);
        assertEquals("kept", inbox.poll(5, TimeUnit.SECONDS));
        assertNull(inbox.poll(100, TimeUnit.MILLISECONDS), "only the kept timer fired");
        Await.until("the wheel is empty", () -> node.services().timers.pending() == 0);
    }

    /**
     * Timers cancelled on a later turn go back to their process once the wheel lets go of them, and are used again:
     * over many rounds, every timer that was kept fires once with its own message, and no cancelled one fires.
     */
    @Test
    void timersUsedAgainAfterALaterCancelFireOnlyAsTheNewTimer() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        List<Ref> held = new ArrayList<>();
        int rounds = 30;
        int kept = 20;
        Pid p = process(inbox, (ctx, request) -> {
            if (request instanceof Integer round) {
                for (int i = 0; i < 300; i++) {
                    held.add(ctx.sendAfter(ctx.self(), "cancelled", Duration.ofSeconds(1)));
                }
                for (int i = 0; i < kept; i++) {
                    ctx.sendAfter(ctx.self(), "fired " + round + "." + i, Duration.ofMillis(i % 3));
                }
                return "started";
            }
            int cancelled = 0;
            for (Ref ref : held) {
                cancelled += ctx.cancelTimer(ref) ? 1 : 0;
            }
            held.clear();
            return cancelled;
        });
        for (int round = 0; round < rounds; round++) {
            node.call(p, round, CALL);
            assertEquals(300, node.call(p, "cancel", CALL), "round " + round);
        }
        Set<Object> fired = new HashSet<>();
        // Within 3 s: less than a turn of the wheel (4.096 s), which a timer due late in a tick once waited for.
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (fired.size() < rounds * kept && System.nanoTime() < deadlineNs) {
            Object message = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                assertTrue(fired.add(message), "fired twice: " + message);
            }
        }
        assertEquals(rounds * kept, fired.size(), "every kept timer fired once, in time");
        assertNull(inbox.poll(1_200, TimeUnit.MILLISECONDS), "no cancelled timer fired, nor one twice");
    }

    /** A ref that names no timer of this process (another's, or not a timer's) cancels nothing. */
    @Test
    void aRefOfNoTimerOfThisProcessCancelsNothing() throws Exception {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid other = process(inbox, (ctx, request) -> ctx.sendAfter(ctx.self(), "others", SHORT));
        Ref othersTimer = (Ref) node.call(other, "start", CALL);
        Pid p = process(new LinkedBlockingQueue<>(), (ctx, request) -> List.of(ctx.cancelTimer(othersTimer),
            ctx.cancelTimer(new Ref(othersTimer.node(), othersTimer.id(), othersTimer.creation() + 1)),
            ctx.cancelTimer(ctx.monitor(ctx.self()))));
        assertEquals(List.of(false, false, false), node.call(p, "cancel", CALL));
        assertEquals("others", inbox.poll(5, TimeUnit.SECONDS), "the other process's timer fired");
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        Pid p = process(new LinkedBlockingQueue<>(), (ctx, request) -> {
            try {
                return "negative".equals(request) ? ctx.sendAfter(ctx.self(), "x", Duration.ofMillis(-1))
                    : ctx.sendEvery(ctx.self(), "x", Duration.ofNanos(10));
            } catch (SporeException e) {
                return e.reason() + ": " + e.getMessage();
            }
        });
        assertTrue(String.valueOf(node.call(p, "negative", CALL)).startsWith("INVALID_ARGUMENT"));
        assertTrue(String.valueOf(node.call(p, "tiny", CALL)).startsWith("INVALID_ARGUMENT"));
    }

    /** A million pending timers: memory for them and no more, and none fires early; cancelled, the wheel is empty. */
    @Test
    void aMillionPendingTimersCostTheirObjectsAndAllCancel() throws Exception {
        List<Ref> refs = new ArrayList<>();
        Pid p = process(new LinkedBlockingQueue<>(), (ctx, request) -> {
            if ("arm".equals(request)) {
                for (int i = 0; i < 1_000_000; i++) {
                    refs.add(ctx.sendAfter(ctx.self(), "far", LONG));
                }
                return refs.size();
            }
            int cancelled = 0;
            for (Ref ref : refs) {
                cancelled += ctx.cancelTimer(ref) ? 1 : 0;
            }
            return cancelled;
        });
        long before = usedHeap();
        assertEquals(1_000_000, node.call(p, "arm", Duration.ofSeconds(60)));
        Await.until("all in the wheel", () -> node.services().timers.pending() == 1_000_000);
        long perTimer = (usedHeap() - before) / 1_000_000;
        assertTrue(perTimer < 400, perTimer + " bytes per pending timer");
        assertEquals(1_000_000, node.call(p, "cancel", Duration.ofSeconds(60)));
        Await.until("the wheel let go of them", () -> node.services().timers.pending() == 0);
        assertFalse(node.services().timers.pending() > 0);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
