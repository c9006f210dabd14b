package io.spore.distribution;

import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessInfo;
import io.spore.api.SporeException;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.distribution.framework.NodeConfig;
import io.spore.distribution.testbundle.TestFactoryActivator;
import io.spore.testsupport.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The factory whiteboard in a real Felix with the real core bundle, started by the launcher's own
 * {@link FrameworkNode}: a factory bundle's spawn name lives and dies with the bundle, and so do its processes;
 * service ranking picks between two factories of one name; an unknown name is refused with its reason.
 */
@Timeout(120)
class FactoryWhiteboardIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Name TEST_FACTORY = Name.of(TestFactoryActivator.SPAWN_NAME);

    @TempDir
    Path tmp;

    private FrameworkNode embedded;
    private Node node;

    @BeforeAll
    static void oneLineLogs() {
        OneLineLogging.install();
    }

    @BeforeEach
    void startNode() {
        Path core = TestDistribution.home().bundles().get(0);
        embedded = FrameworkNode.start(new NodeConfig()
            .name(NodeName.parse("it@localhost"))
            .deployDir(tmp.resolve("deploy"))
            .dataDir(tmp.resolve("data"))
            .workers(2)
            .bundles(List.of(core)));
        node = embedded.node();
    }

    @AfterEach
    void stopNode() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void aBundlesFactoryAndItsProcessesGoAwayWhenTheBundleStops() throws Exception {
        Path jar = TestBundleJar.build(tmp.resolve("testbundle.jar"));
        Bundle bundle = embedded.bundleContext().installBundle(jar.toUri().toString());
        bundle.start();
        assertTrue(Await.until(DEADLINE, () -> node.factories().contains(TEST_FACTORY)), "factory offered");

        Pid first = node.spawn(TestFactoryActivator.SPAWN_NAME);
        Pid second = node.spawn(TestFactoryActivator.SPAWN_NAME);
        // The behaviour's class came from the jar through Felix, not from the test class path.
        assertEquals(TestFactoryActivator.BSN, node.call(first, "bundle", CALL_TIMEOUT));
        assertEquals("hello, spore", node.call(first, "spore", CALL_TIMEOUT));
        node.send(second, "remember me");
        assertEquals("remember me", node.call(second, "last", CALL_TIMEOUT));
        assertEquals(TEST_FACTORY, node.processInfo(first).map(ProcessInfo::factory).orElseThrow());

        bundle.stop();
        assertTrue(Await.until(DEADLINE, () -> !node.factories().contains(TEST_FACTORY)), "factory withdrawn");
        assertTrue(Await.until(DEADLINE, () -> !node.isAlive(first) && !node.isAlive(second)), "processes ended");
        assertTrue(node.processes().stream().noneMatch(p -> p.pid().equals(first) || p.pid().equals(second)),
            "processes no longer listed: " + node.processes());
        SporeException refused = assertThrows(SporeException.class,
            () -> node.spawn(TestFactoryActivator.SPAWN_NAME));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, refused.reason());
    }

    @Test
    void theHigherServiceRankingWinsAndTheOtherTakesOverWhenItGoes() {
        // The low one registers first, so it has the lower service id: only the ranking can make the high one win.
        ServiceRegistration<ProcessFactory> low = register("ranked", 1, "low");
        ServiceRegistration<ProcessFactory> high = register("ranked", 5, "high");
        try {
            Pid fromHigh = node.spawn("ranked");
            assertEquals("high", node.call(fromHigh, "who", CALL_TIMEOUT));

            high.unregister();
            high = null;
            assertTrue(Await.until(DEADLINE, () -> !node.isAlive(fromHigh)), "the withdrawn factory's process ended");
            assertTrue(node.factories().contains(Name.of("ranked")), "the lower-ranked factory still offers the name");
            assertEquals("low", node.call(node.spawn("ranked"), "who", CALL_TIMEOUT));
        } finally {
            low.unregister();
            if (high != null) {
                high.unregister();
            }
        }
    }

    @Test
    void anUnknownFactoryIsRefusedWithItsReason() {
        SporeException refused = assertThrows(SporeException.class, () -> node.spawn("no-such-factory"));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, refused.reason());
        assertFalse(refused.getMessage().isBlank());
    }

    private ServiceRegistration<ProcessFactory> register(String spawnName, int ranking, String answer) {
        ProcessFactory factory = () -> new Answering(answer);
        return embedded.bundleContext().registerService(ProcessFactory.class, factory, FrameworkUtil.asDictionary(
            Map.of(ProcessFactory.SPAWN_NAME, spawnName, Constants.SERVICE_RANKING, ranking)));
    }

    /** Answers every call with a fixed word, so a test can tell which factory made it. */
    private record Answering(String answer) implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext context, Caller caller, Object request) {
            return answer;
        }
    }
}
