package io.spore.transport;

import io.spore.api.Down;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.api.supervisor.ChildInfo;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorException;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A supervisor on node a with children on b and c, over real Aeron transports: a remote child is restarted where it
 * runs, restarted on the next node of its list when its node goes down (its exit is noconnection), stays there when
 * that node comes back, a child that loses its supervisor's node ends, and a refusal by the target's access list is a
 * typed start failure.
 */
@Timeout(60)
class SupervisionAcrossNodesTest {
    private static final Name WORKER = Name.of("worker");

    @TempDir
    Path dir;
    private TestCluster cluster;
    private Member a;
    private Member b;
    private Member c;

    /** Crashes on "crash"; nothing else. */
    static final class Worker implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if ("crash".equals(message)) {
                throw new IllegalStateException("crashed on purpose");
            }
        }
    }

    @BeforeEach
    void startThreeNodes() {
        cluster = new TestCluster(dir);
        a = cluster.start("a");
        b = cluster.start("b");
        c = cluster.start("c");
        b.node().registerFactory("worker", Worker::new);
        c.node().registerFactory("worker", Worker::new);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    private Pid supervise(NodeName... nodes) {
        return Supervisors.start(a.node(), SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withIntensity(5, Duration.ofSeconds(30))
            .withChild(ChildSpec.of("w", WORKER, "arg").withNodes(nodes)));
    }

    private Pid child(Pid supervisor) {
        ChildInfo info = Supervisors.whichChildren(a.node(), supervisor).get(0);
        return info.pid();
    }

    private BlockingQueue<Down> watch(SporeNode on, Pid target) {
        BlockingQueue<Down> downs = new LinkedBlockingQueue<>();
        on.spawn(() -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitor(target);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof Down down) {
                    downs.add(down);
                }
            }
        }, ProcessOptions.DEFAULTS);
        return downs;
    }

    private static long workersOn(Member member) {
        return member.node().processes().stream().filter(p -> WORKER.equals(p.factory())).count();
    }

    @Test
    void aRemoteChildThatCrashesIsRestartedOnItsNode() {
        Pid supervisor = supervise(b.name());
        Pid first = child(supervisor);
        assertEquals(b.name(), first.node());
        a.node().send(first, "crash");
        Await.until("restarted on b", () -> {
            Pid now = child(supervisor);
            return now != null && !now.equals(first) && now.node().equals(b.name());
        });
        assertEquals(1, workersOn(b));
    }

    @Test
    void whenItsNodeGoesDownTheChildIsRestartedOnTheNextNodeAndStaysThere() throws Exception {
        Pid supervisor = supervise(b.name(), c.name());
        Pid onB = child(supervisor);
        assertEquals(b.name(), onB.node());
        BlockingQueue<Down> downs = watch(a.node(), onB);

        b.close();
        Down down = downs.poll(10, TimeUnit.SECONDS);
        assertNotNull(down, "a saw the child on b end");
        assertEquals(ExitReason.NOCONNECTION, down.reason());
        Await.until("restarted on c", () -> {
            Pid now = child(supervisor);
            return now != null && now.node().equals(c.name());
        });
        assertEquals(1, workersOn(c));

        Member b2 = cluster.start("b"); // b comes back, a new incarnation without the old child
        b2.node().registerFactory("worker", Worker::new);
        Pid onC = child(supervisor);
        Await.until("a connected to b again", () -> { // a connection attempt that failed is retried after 200 ms
            try {
                a.node().network().getNode(b.name());
                return true;
            } catch (SporeException notYet) {
                return false;
            }
        });
        assertEquals(onC, child(supervisor), "a running child is not moved back");
        assertEquals(0, workersOn(b2));

        a.node().send(onC, "crash"); // its next restart prefers b again, the first of its list
        Await.until("restarted on b again", () -> {
            Pid now = child(supervisor);
            return now != null && now.node().equals(b.name());
        });
        assertEquals(b2.node().creation(), child(supervisor).creation());
        assertEquals(1, workersOn(b2));
        Await.until("the crashed one is gone from c", () -> workersOn(c) == 0);
    }

    @Test
    void aRemoteChildWhoseSupervisorsNodeGoesAwayEndsWithNoconnection() throws Exception {
        Pid supervisor = supervise(b.name());
        Pid onB = child(supervisor);
        BlockingQueue<Down> downs = watch(b.node(), onB);
        a.close(); // seen from b as from any lost connection: the link to the supervisor breaks
        Down down = downs.poll(10, TimeUnit.SECONDS);
        assertNotNull(down, "the orphan ended");
        assertEquals(ExitReason.NOCONNECTION, down.reason());
        assertEquals(0, workersOn(b));
    }

    @Test
    void aRefusalByTheTargetsAccessListIsATypedStartFailure() {
        b.node().network().enableSpawn(WORKER, NodeName.parse("z@localhost")); // only z may spawn it now
        SupervisorException refused = assertThrows(SupervisorException.class, () -> supervise(b.name()));
        assertEquals(SupervisorException.Problem.START_FAILED, refused.problem());
        assertEquals("w", refused.childId());
        assertEquals(SporeException.Reason.NOT_ALLOWED, refused.reason());
        assertTrue(refused.getMessage().contains("a@localhost"), refused.getMessage());
        assertEquals(0, workersOn(b));
    }
}
