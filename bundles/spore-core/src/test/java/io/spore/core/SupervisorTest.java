package io.spore.core;

import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.supervisor.ChildInfo;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Restart;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Supervisors: start and stop order, the four strategies, restart types and restart intensity. */
class SupervisorTest extends NodeFixture {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private ChildSpec child(String id, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = id;
        System.arraycopy(more, 0, args, 1, more.length);
        return ChildSpec.of(id, SupervisedWorker.factory(events), args);
    }

    private SupervisorSpec abc(Strategy strategy) {
        return SupervisorSpec.of(strategy).withIntensity(10, Duration.ofSeconds(10))
            .withChildren(child("a"), child("b"), child("c"));
    }

    /** @return the next {@code count} events, waiting up to 5 s for each */
    private List<String> next(int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String event = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(event, "only " + taken + " of " + count + " events came");
            taken.add(event);
        }
        return taken;
    }

    private Map<String, Pid> pids(Pid supervisor) {
        return Supervisors.whichChildren(node, supervisor).stream().filter(ChildInfo::isRunning)
            .collect(Collectors.toMap(ChildInfo::id, ChildInfo::pid));
    }

    /** Crashes child {@code id} and waits until the supervisor runs a new one. @return the children's pids then */
    private Map<String, Pid> crashAndAwaitRestart(Pid supervisor, String id) {
        Pid old = pids(supervisor).get(id);
        node.send(old, "crash");
        Await.until(id + " restarted", () -> {
            Pid now = pids(supervisor).get(id);
            return now != null && !now.equals(old);
        });
        return pids(supervisor);
    }

    private BlockingQueue<Down> watch(Pid pid) {
        BlockingQueue<Down> downs = new LinkedBlockingQueue<>();
        node.spawn(SupervisedWorker.watcher(downs), ProcessOptions.DEFAULTS, pid);
        return downs;
    }

    @Test
    void childrenStartInOrderAndStopInReverseOrder() throws Exception {
        Pid supervisor = Supervisors.start(node, abc(Strategy.ONE_FOR_ONE));
        assertEquals(List.of("start:a", "start:b", "start:c"), next(3));
        BlockingQueue<Down> downs = watch(supervisor);
        Supervisors.stop(node, supervisor);
        assertEquals(List.of("stop:c:SHUTDOWN", "stop:b:SHUTDOWN", "stop:a:SHUTDOWN"), next(3));
        assertEquals(ExitReason.NORMAL, downs.poll(5, TimeUnit.SECONDS).reason());
    }

    @Test
    void theParentsExitStopsTheTreeWithItsReason() throws Exception {
        Pid supervisor = Supervisors.start(node, abc(Strategy.ONE_FOR_ONE));
        next(3);
        BlockingQueue<Down> downs = watch(supervisor);
        node.exit(supervisor, ExitReason.SHUTDOWN); // from the node's identity, the supervisor's parent
        assertEquals(List.of("stop:c:SHUTDOWN", "stop:b:SHUTDOWN", "stop:a:SHUTDOWN"), next(3));
        assertEquals(ExitReason.SHUTDOWN, downs.poll(5, TimeUnit.SECONDS).reason());
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatEnded() throws Exception {
        Pid supervisor = Supervisors.start(node, abc(Strategy.ONE_FOR_ONE));
        next(3);
        Map<String, Pid> before = pids(supervisor);
        Map<String, Pid> after = crashAndAwaitRestart(supervisor, "b");
        assertEquals(List.of("stop:b:ERROR", "start:b"), next(2));
        assertEquals(before.get("a"), after.get("a"));
        assertEquals(before.get("c"), after.get("c"));
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "nothing else happened");
    }

    @Test
    void oneForAllStopsTheOthersInReverseOrderThenStartsAllInOrder() throws Exception {
        Pid supervisor = Supervisors.start(node, abc(Strategy.ONE_FOR_ALL));
        next(3);
        Map<String, Pid> before = pids(supervisor);
        node.send(before.get("b"), "crash");
        assertEquals(List.of("stop:b:ERROR", "stop:c:SHUTDOWN", "stop:a:SHUTDOWN", "start:a", "start:b", "start:c"),
            next(6));
        Await.until("all running", () -> pids(supervisor).size() == 3);
        Map<String, Pid> after = pids(supervisor);
        for (String id : List.of("a", "b", "c")) {
            assertNotEquals(before.get(id), after.get(id), id + " is a new process");
        }
    }

    @Test
    void restForOneRestartsTheChildAndThoseStartedAfterIt() throws Exception {
        Pid supervisor = Supervisors.start(node, abc(Strategy.REST_FOR_ONE));
        next(3);
        Map<String, Pid> before = pids(supervisor);
        node.send(before.get("b"), "crash");
        assertEquals(List.of("stop:b:ERROR", "stop:c:SHUTDOWN", "start:b", "start:c"), next(4));
        Await.until("all running", () -> pids(supervisor).size() == 3);
        Map<String, Pid> after = pids(supervisor);
        assertEquals(before.get("a"), after.get("a"));
        assertNotEquals(before.get("c"), after.get("c"));
    }

    @Test
    void pastItsIntensityTheSupervisorStopsItsChildrenAndExitsWithShutdown() throws Exception {
        SupervisorSpec spec = abc(Strategy.ONE_FOR_ONE).withIntensity(2, Duration.ofSeconds(30));
        Pid supervisor = Supervisors.start(node, spec);
        next(3);
        BlockingQueue<Down> downs = watch(supervisor);
        crashAndAwaitRestart(supervisor, "a");
        crashAndAwaitRestart(supervisor, "a");
        next(4);
        node.send(pids(supervisor).get("a"), "crash"); // the third restart in the period: one too many
        assertEquals(List.of("stop:a:ERROR", "stop:c:SHUTDOWN", "stop:b:SHUTDOWN"), next(3));
        Down down = downs.poll(5, TimeUnit.SECONDS);
        assertNotNull(down, "the supervisor exited");
        assertEquals(ExitReason.SHUTDOWN, down.reason());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "a was not restarted");
    }

    @Test
    void aTransientChildIsRestartedOnlyAfterAnAbnormalExit() throws Exception {
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChild(child("t").withRestart(Restart.TRANSIENT)));
        next(1);
        crashAndAwaitRestart(supervisor, "t");
        assertEquals(List.of("stop:t:ERROR", "start:t"), next(2));
        node.send(pids(supervisor).get("t"), "stop");
        assertEquals(List.of("stop:t:NORMAL"), next(1));
        Await.until("t not running", () -> pids(supervisor).isEmpty());
        List<ChildInfo> children = Supervisors.whichChildren(node, supervisor);
        assertEquals(1, children.size(), "its spec is kept");
        assertFalse(children.get(0).isRunning());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "not restarted");
    }

    @Test
    void aTemporaryChildIsNeverRestartedAndItsSpecGoes() throws Exception {
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChildren(child("tmp").withRestart(Restart.TEMPORARY), child("p")));
        next(2);
        node.send(pids(supervisor).get("tmp"), "crash");
        assertEquals(List.of("stop:tmp:ERROR"), next(1));
        Await.until("tmp forgotten", () -> Supervisors.whichChildren(node, supervisor).size() == 1);
        assertEquals("p", Supervisors.whichChildren(node, supervisor).get(0).id());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "not restarted");
    }

    @Test
    void aChildThatIgnoresItsShutdownIsKilledAfterItsTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChild(child("s", "stubborn").withOptions(ProcessOptions.DEFAULTS.withTrapExits(true))
                .withShutdown(timeout)));
        next(1);
        BlockingQueue<Down> downs = watch(pids(supervisor).get("s"));
        long startNs = System.nanoTime();
        Supervisors.stop(node, supervisor);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(tookMs >= timeout.toMillis() - 1, "stop took " + tookMs + " ms");
        assertEquals(ExitReason.KILLED, downs.poll(5, TimeUnit.SECONDS).reason());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "a killed process runs no terminate");
    }

    @Test
    void brutalKillKillsAtOnceEvenAChildThatTrapsExits() throws Exception {
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChild(child("s", "stubborn").withOptions(ProcessOptions.DEFAULTS.withTrapExits(true))
                .withShutdown(ChildSpec.BRUTAL_KILL)));
        next(1);
        BlockingQueue<Down> downs = watch(pids(supervisor).get("s"));
        long startNs = System.nanoTime();
        Supervisors.stop(node, supervisor);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(tookMs < 1000, "stop took " + tookMs + " ms");
        assertEquals(ExitReason.KILLED, downs.poll(5, TimeUnit.SECONDS).reason());
    }

    @Test
    void aBackoffDelaysTheRestart() throws Exception {
        Duration backoff = Duration.ofMillis(300);
        Pid supervisor = Supervisors.start(node, abc(Strategy.ONE_FOR_ONE).withBackoff(backoff, backoff));
        next(3);
        long startNs = System.nanoTime();
        node.send(pids(supervisor).get("a"), "crash");
        assertEquals(List.of("stop:a:ERROR", "start:a"), next(2));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(tookMs >= backoff.toMillis() - 1, "restarted after " + tookMs + " ms");
    }

    @Test
    void aNestedSupervisorIsAChildLikeAnyOther() throws Exception {
        SupervisorSpec inner = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChildren(child("x"), child("y"));
        Pid outer = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChildren(child("a"),
            ChildSpec.of("inner", Supervisors.factory(inner)).withType(io.spore.api.supervisor.ChildType.SUPERVISOR),
            child("b")));
        assertEquals(List.of("start:a", "start:x", "start:y", "start:b"), next(4));
        assertEquals(3, Supervisors.countChildren(node, outer).specs());
        assertEquals(1, Supervisors.countChildren(node, outer).supervisors());
        Supervisors.stop(node, outer);
        assertEquals(List.of("stop:b:SHUTDOWN", "stop:y:SHUTDOWN", "stop:x:SHUTDOWN", "stop:a:SHUTDOWN"), next(4));
    }
}
