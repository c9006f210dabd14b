package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples application's tree on a real node: three workers, a crashed one restarted, its jobs reset. */
class WorkerSupervisorTest {
    @Test
    void outsideAFrameworkAllThreeWorkersAreLocal() {
        SupervisorSpec spec = new WorkerSupervisor().get();
        assertEquals(List.of("worker-1", "worker-2", "worker-3"), spec.children().stream().map(ChildSpec::id)
            .toList());
        assertTrue(spec.children().stream().allMatch(child -> child.nodes().isEmpty()));
        assertEquals(3, spec.maxRestarts());
    }

    @Test
    void aCrashedWorkerIsRestartedWithTheApplicationsName() {
        SporeNode node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("examples@localhost"))
            .workerThreads(2));
        try {
            node.registerFactory(Worker.NAME, Worker::new);
            Pid root = Supervisors.start(node, new WorkerSupervisor().get(),
                ProcessOptions.DEFAULTS.withApplication("examples"));
            Pid second = Supervisors.whichChildren(node, root).get(1).pid();
            assertEquals("done: job", node.call(second, "job", Duration.ofSeconds(5)));
            assertEquals("worker-2 on examples@localhost (application examples, jobs 1)",
                node.call(second, "status", Duration.ofSeconds(5)));

            node.send(second, "crash");
            Await.until("worker-2 restarted", () -> Supervisors.describeChildren(node, root).get(1).restarts() == 1);
            ChildStatus restarted = Supervisors.describeChildren(node, root).get(1);
            assertNotEquals(second, restarted.pid());
            assertTrue(restarted.lastExit().contains("worker-2 was told to crash"), restarted.lastExit());
            assertEquals("worker-2 on examples@localhost (application examples, jobs 0)",
                node.call(restarted.pid(), "status", Duration.ofSeconds(5)), "a fresh worker");
        } finally {
            node.close();
        }
    }
}
