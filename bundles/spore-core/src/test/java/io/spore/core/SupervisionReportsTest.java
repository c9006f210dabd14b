package io.spore.core;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SupervisionEvent;
import io.spore.api.SupervisionListener;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.ChildType;
import io.spore.api.supervisor.Restart;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What supervisors tell administrators: each child's restarts and last exit, and a report per restart and give-up. */
@Timeout(30)
class SupervisionReportsTest extends NodeFixture {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<SupervisionEvent> reports = new LinkedBlockingQueue<>();

    @Test
    void eachRestartIsReportedAndCountedAndTheIntensityExceededToo() throws Exception {
        SupervisionListener listener = reports::add;
        node.addSupervisionListener(listener);
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(1, Duration.ofSeconds(10))
            .withChild(ChildSpec.of("a", SupervisedWorker.factory(events), "a"))
            .withChild(ChildSpec.of("b", SupervisedWorker.factory(events), "b").withRestart(Restart.TRANSIENT));
        Pid sup = Supervisors.start(node, spec, ProcessOptions.DEFAULTS.withApplication("shop"));
        List<ChildStatus> fresh = Supervisors.describeChildren(node, sup);
        assertEquals(List.of("a", "b"), fresh.stream().map(ChildStatus::id).toList());
        assertEquals(new ChildStatus("a", fresh.get(0).pid(), ChildType.WORKER, Restart.PERMANENT, 0, null),
            fresh.get(0));
        assertEquals(Restart.TRANSIENT, fresh.get(1).restart());

        Pid a = fresh.get(0).pid();
        node.send(a, "crash");
        SupervisionEvent restarted = reports.poll(5, TimeUnit.SECONDS);
        assertNotNull(restarted, "a report of the restart");
        assertEquals(SupervisionEvent.Kind.RESTARTED, restarted.kind());
        assertEquals(sup, restarted.supervisor());
        assertEquals("shop", restarted.application());
        assertEquals("a", restarted.childId());
        assertEquals(1, restarted.restarts());
        assertTrue(restarted.reason().contains("a crashed on purpose"), restarted.reason());
        ChildStatus now = Supervisors.describeChildren(node, sup).get(0);
        assertEquals(restarted.child(), now.pid(), "the report names the new pid");
        assertEquals(1, now.restarts());
        assertEquals(restarted.reason(), now.lastExit());

        node.send(now.pid(), "crash");
        SupervisionEvent exceeded = reports.poll(5, TimeUnit.SECONDS);
        assertNotNull(exceeded, "a report of the give-up");
        assertEquals(SupervisionEvent.Kind.INTENSITY_EXCEEDED, exceeded.kind());
        assertEquals("a", exceeded.childId());
        Await.until("the supervisor gave up", () -> !node.isAlive(sup));

        node.removeSupervisionListener(listener);
        Pid again = Supervisors.start(node, spec);
        node.send(Supervisors.describeChildren(node, again).get(0).pid(), "crash");
        Await.until("restarted unheard", () -> Supervisors.describeChildren(node, again).get(0).restarts() == 1);
        assertNull(reports.poll(100, TimeUnit.MILLISECONDS), "a removed listener hears nothing");
    }
}
