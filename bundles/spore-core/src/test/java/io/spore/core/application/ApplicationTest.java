package io.spore.core.application;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.core.spi.ApplicationInfo;
import io.spore.core.spi.StartType;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One application's life without OSGi: a start that waits for a spawn name registered late (as a Declarative
 * Services component registers its factory), a start that gives up on a name that never comes, and a stop that
 * ends a start still waiting.
 */
@Timeout(30)
class ApplicationTest {
    private static final Name LATE = Name.of("late");

    private SporeNode node;
    private final List<String> failStops = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("app@localhost")).workerThreads(2));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Application application() {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(ChildSpec.of("w", LATE));
        return new Application("late-app", "test 1.0.0 [1]", StartType.PERMANENT, Map.of("k", "v"), () -> spec,
            failStops::add);
    }

    @Test
    void aStartWaitsForASpawnNameRegisteredAMomentLater() throws Exception {
        Application app = application();
        Thread starting = new Thread(() -> app.start(node, Duration.ofSeconds(10)));
        starting.start();
        Thread.sleep(200); // the component's registration, a moment after the bundle started
        assertEquals(ApplicationInfo.State.STARTING, app.info().state());
        node.registerFactory(LATE.toString(), Idle::new);
        starting.join(10_000);
        ApplicationInfo info = app.info();
        assertEquals(ApplicationInfo.State.RUNNING, info.state());
        assertEquals(Map.of("k", "v"), info.env());
        Pid child = io.spore.api.supervisor.Supervisors.whichChildren(node, info.root()).get(0).pid();
        assertEquals("late-app", node.processInfo(child).orElseThrow().application());

        app.stop(node, () -> { });
        assertTrue(Await.until(Duration.ofSeconds(5), () -> !node.isAlive(info.root()) && !node.isAlive(child)));
        assertTrue(failStops.isEmpty(), "a stop is not an end on its own: " + failStops);
    }

    @Test
    void aNameThatNeverComesFailsTheStartSayingWhich() {
        Application app = application();
        app.start(node, Duration.ofMillis(100));
        ApplicationInfo info = app.info();
        assertEquals(ApplicationInfo.State.FAILED, info.state());
        assertNull(info.root());
        assertTrue(info.detail().contains("still missing after 100 ms: [late]"), info.detail());
        assertTrue(node.processes().isEmpty(), "nothing left running: " + node.processes());
    }

    @Test
    void aChildOnAnotherNodeWaitsForTheTransport() {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChild(ChildSpec.of("far", LATE).withNodes(NodeName.parse("b@localhost")));
        Application app = new Application("far-app", "test 1.0.0 [1]", StartType.TEMPORARY, Map.of(), () -> spec,
            failStops::add);
        long startNs = System.nanoTime();
        app.start(node, Duration.ofMillis(300), () -> false);
        assertTrue(System.nanoTime() - startNs >= Duration.ofMillis(300).toNanos(), "it waited");
        ApplicationInfo info = app.info();
        assertEquals(ApplicationInfo.State.FAILED, info.state());
        assertTrue(info.detail().contains("still missing after 300 ms: [a transport]"), info.detail());
    }

    @Test
    void aStopEndsAStartThatIsStillWaiting() throws Exception {
        Application app = application();
        Thread starting = new Thread(() -> app.start(node, Duration.ofSeconds(20)));
        starting.start();
        Thread.sleep(100);
        long startNs = System.nanoTime();
        app.stop(node, () -> {
            try {
                starting.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(System.nanoTime() - startNs < Duration.ofSeconds(2).toNanos(), "the wait ended at once");
        assertEquals(ApplicationInfo.State.STOPPING, app.info().state());
        assertTrue(node.processes().isEmpty(), "nothing was started: " + node.processes());
    }

    @Test
    void aRootThatEndsWhileItsBundleStopsDoesNotStopTheNode() {
        node.registerFactory(LATE.toString(), Idle::new);
        java.util.concurrent.atomic.AtomicBoolean active = new java.util.concurrent.atomic.AtomicBoolean(true);
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(0, Duration.ofSeconds(5))
            .withChild(ChildSpec.of("w", LATE));
        Application app = new Application("leaving", "test 1.0.0 [1]", StartType.PERMANENT, Map.of(), () -> spec,
            failStops::add, active::get);
        app.start(node, Duration.ofSeconds(1));
        Pid root = app.info().root();
        // As when a component's factory is deactivated before the tree is stopped: the child goes, the root gives up.
        active.set(false);
        node.kill(io.spore.api.supervisor.Supervisors.whichChildren(node, root).get(0).pid());
        assertTrue(Await.until(Duration.ofSeconds(5), () -> !node.isAlive(root)));
        app.stop(node, () -> { });
        assertTrue(failStops.isEmpty(), "the node keeps running: " + failStops);
    }

    /** Waits for messages it ignores. */
    private static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }
    }
}
