package io.spore.core;

import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.api.supervisor.ChildCounts;
import io.spore.api.supervisor.ChildInfo;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Restart;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorException;
import io.spore.api.supervisor.SupervisorException.Problem;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Supervisor operations (OTP's start_child … count_children), a failing start, and 10,000 dynamic children. */
class SupervisorOperationsTest extends NodeFixture {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private ChildSpec child(String id, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = id;
        System.arraycopy(more, 0, args, 1, more.length);
        return ChildSpec.of(id, SupervisedWorker.factory(events), args);
    }

    private String next() throws InterruptedException {
        return events.poll(5, TimeUnit.SECONDS);
    }

    @Test
    void aChildWhoseInitFailsFailsTheStartNamingItAndTheOthersAreStopped() throws Exception {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChildren(child("a"), child("bad", "fail"), child("c"));
        int before = node.processes().size();
        SupervisorException failed = assertThrows(SupervisorException.class, () -> Supervisors.start(node, spec));
        assertEquals(Problem.START_FAILED, failed.problem());
        assertEquals("bad", failed.childId());
        assertEquals(SporeException.Reason.INIT_FAILED, failed.reason());
        assertTrue(failed.getMessage().contains("bad refuses to start"), failed.getMessage());
        assertEquals("start:a", next());
        assertEquals("stop:a:SHUTDOWN", next());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "c never started");
        Await.until("no process left", () -> node.processes().size() == before);
    }

    @Test
    void staticChildrenCanBeAddedTerminatedRestartedAndDeleted() throws Exception {
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(child("a")));
        assertEquals("start:a", next());
        Pid b = Supervisors.startChild(node, supervisor, child("b"));
        assertEquals("start:b", next());
        assertEquals(new ChildCounts(2, 2, 0, 2), Supervisors.countChildren(node, supervisor));
        assertEquals(Problem.ALREADY_STARTED, assertThrows(SupervisorException.class,
            () -> Supervisors.startChild(node, supervisor, child("b"))).problem());
        assertEquals(Problem.RUNNING, assertThrows(SupervisorException.class,
            () -> Supervisors.deleteChild(node, supervisor, "b")).problem());

        Supervisors.terminateChild(node, supervisor, "b");
        assertEquals("stop:b:SHUTDOWN", next());
        assertFalse(node.isAlive(b));
        List<ChildInfo> children = Supervisors.whichChildren(node, supervisor);
        assertEquals(List.of("a", "b"), children.stream().map(ChildInfo::id).toList());
        assertNull(children.get(1).pid(), "terminated, not restarted");
        assertEquals(new ChildCounts(2, 1, 0, 2), Supervisors.countChildren(node, supervisor));
        assertEquals(Problem.ALREADY_PRESENT, assertThrows(SupervisorException.class,
            () -> Supervisors.startChild(node, supervisor, child("b"))).problem());

        Pid b2 = Supervisors.restartChild(node, supervisor, "b");
        assertEquals("start:b", next());
        assertNotEquals(b, b2);
        assertEquals(Problem.RUNNING, assertThrows(SupervisorException.class,
            () -> Supervisors.restartChild(node, supervisor, "b")).problem());

        Supervisors.terminateChild(node, supervisor, "b");
        Supervisors.deleteChild(node, supervisor, "b");
        assertEquals(1, Supervisors.whichChildren(node, supervisor).size());
        SupervisorException missing = assertThrows(SupervisorException.class,
            () -> Supervisors.terminateChild(node, supervisor, "b"));
        assertEquals(Problem.NOT_FOUND, missing.problem());
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, missing.reason());
        assertEquals(Problem.WRONG_STRATEGY, assertThrows(SupervisorException.class,
            () -> Supervisors.startChild(node, supervisor, "extra")).problem());
    }

    @Test
    void aChildThatCannotStartIsATypedErrorAndItsSpecIsNotKept() {
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.ONE_FOR_ONE));
        SupervisorException failed = assertThrows(SupervisorException.class,
            () -> Supervisors.startChild(node, supervisor, ChildSpec.of("ghost", io.spore.api.Name.of("no-such"))));
        assertEquals(Problem.START_FAILED, failed.problem());
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, failed.reason());
        assertEquals("ghost", failed.childId());
        assertEquals(0, Supervisors.countChildren(node, supervisor).specs());
    }

    @Test
    void aSimpleOneForOneSpecWithoutItsTemplateIsRefusedAtOnce() {
        SporeException refused = assertThrows(SporeException.class,
            () -> Supervisors.start(node, SupervisorSpec.of(Strategy.SIMPLE_ONE_FOR_ONE)));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, refused.reason());
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, assertThrows(SporeException.class,
            () -> SupervisorSpec.of(Strategy.SIMPLE_ONE_FOR_ONE).withChildren(child("x"), child("y"))).reason());
    }

    @Test
    void aProcessManagesASupervisorWithoutBlocking() throws Exception {
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        ReplyHandler handler = new ReplyHandler() {
            @Override
            public void onReply(Object reply) {
                answers.add(reply);
            }

            @Override
            public void onError(SporeException error) {
                answers.add(error);
            }
        };
        Pid manager = node.spawn(() -> new ProcessBehavior() {
            private Pid supervisor;

            @Override
            public void init(ProcessContext ctx, Object... args) {
                supervisor = Supervisors.start(ctx, SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(child("a")));
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                switch ((String) message) {
                    case "add" -> Supervisors.startChild(ctx, supervisor, child("b"), handler);
                    case "add-again" -> Supervisors.startChild(ctx, supervisor, child("b"), handler);
                    case "count" -> Supervisors.countChildren(ctx, supervisor, handler);
                    case "which" -> Supervisors.whichChildren(ctx, supervisor, handler);
                    default -> Supervisors.stop(ctx, supervisor, handler);
                }
            }
        }, ProcessOptions.DEFAULTS);
        node.send(manager, "add");
        assertInstanceOf(Pid.class, answers.poll(5, TimeUnit.SECONDS));
        node.send(manager, "add-again");
        SupervisorException refused = assertInstanceOf(SupervisorException.class, answers.poll(5, TimeUnit.SECONDS));
        assertEquals(Problem.ALREADY_STARTED, refused.problem());
        node.send(manager, "count");
        assertEquals(new ChildCounts(2, 2, 0, 2), answers.poll(5, TimeUnit.SECONDS));
        node.send(manager, "which");
        assertEquals(2, ((List<?>) answers.poll(5, TimeUnit.SECONDS)).size());
        node.send(manager, "stop");
        assertEquals(Boolean.TRUE, answers.poll(5, TimeUnit.SECONDS));
        assertTrue(node.isAlive(manager), "a normal exit of the supervisor leaves its linked parent alone");
    }

    @Test
    @Timeout(120)
    void aSimpleOneForOneSupervisorHandlesTenThousandDynamicChildren() throws Exception {
        int count = 10_000;
        BlockingQueue<String> quiet = new LinkedBlockingQueue<>(); // only the crashed ones' events are read
        ChildSpec template = ChildSpec.of("worker", SupervisedWorker.factory(quiet), "w")
            .withRestart(Restart.PERMANENT);
        Pid supervisor = Supervisors.start(node, SupervisorSpec.of(Strategy.SIMPLE_ONE_FOR_ONE)
            .withIntensity(1_000, Duration.ofSeconds(60)).withChild(template));
        long startNs = System.nanoTime();
        List<Pid> pids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pids.add(Supervisors.startChild(node, supervisor, "extra-" + i));
        }
        long startedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertEquals(new ChildCounts(count, count, 0, count), Supervisors.countChildren(node, supervisor));
        assertEquals(count, Supervisors.whichChildren(node, supervisor).size());

        Set<Pid> crashed = new HashSet<>();
        for (int i = 0; i < count; i += 100) { // 100 of them
            crashed.add(pids.get(i));
            node.send(pids.get(i), "crash");
        }
        Await.until("the crashed children restarted", () -> {
            List<ChildInfo> now = Supervisors.whichChildren(node, supervisor);
            return now.size() == count && now.stream().allMatch(ChildInfo::isRunning)
                && now.stream().noneMatch(info -> crashed.contains(info.pid()));
        });

        List<Pid> live = Supervisors.whichChildren(node, supervisor).stream().map(ChildInfo::pid).toList();
        for (int i = 0; i < 1_000; i++) {
            Supervisors.terminateChild(node, supervisor, live.get(i));
        }
        assertEquals(new ChildCounts(count - 1_000, count - 1_000, 0, count - 1_000),
            Supervisors.countChildren(node, supervisor));
        assertEquals(Problem.NOT_FOUND, assertThrows(SupervisorException.class,
            () -> Supervisors.terminateChild(node, supervisor, live.get(0))).problem());

        BlockingQueue<Down> downs = new LinkedBlockingQueue<>();
        node.spawn(SupervisedWorker.watcher(downs), ProcessOptions.DEFAULTS, supervisor);
        long stopNs = System.nanoTime();
        Supervisors.stop(node, supervisor);
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopNs);
        assertEquals(ExitReason.NORMAL, downs.poll(5, TimeUnit.SECONDS).reason());
        Await.until("every child ended", () -> node.processes().size() <= 1); // the watcher
        long totalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        System.out.printf("10,000 dynamic children: started in %d ms, 9,000 stopped in %d ms, all in %d ms%n",
            startedMs, stoppedMs, totalMs);
        assertTrue(totalMs < 60_000, "took " + totalMs + " ms");
    }
}
