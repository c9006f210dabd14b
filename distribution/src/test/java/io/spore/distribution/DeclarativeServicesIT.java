package io.spore.distribution;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.distribution.cli.OneLineLogging;
import io.spore.distribution.framework.DistributionHome;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.distribution.framework.NodeConfig;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Declarative Services in a node started the way {@code spore node} starts one (every jar of {@code bundle/},
 * through {@link DistributionHome} and {@link FrameworkNode}): Felix SCR is active, and the examples' {@code greeter},
 * a {@code @Component} with no activator, becomes a spawn name with its bundle and goes away with it, taking its
 * processes along.
 */
@Timeout(120)
class DeclarativeServicesIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Name GREETER = Name.of("greeter");
    private static final String SCR_BSN = "org.apache.felix.scr";
    /** By name: the DS API is a bundle in the framework, not on the test class path. */
    private static final String SCR_SERVICE = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    @TempDir
    Path tmp;

    private FrameworkNode embedded;
    private Node node;

    @BeforeAll
    static void oneLineLogs() {
        OneLineLogging.install();
    }

    @AfterEach
    void stopNode() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void everyNodeRunsScrAndEveryBundleOfTheDistributionIsActive() throws Exception {
        startNode();
        Bundle scr = Arrays.stream(embedded.bundleContext().getBundles())
            .filter(b -> SCR_BSN.equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(SCR_BSN + " is not installed: " + states()));
        assertEquals(Bundle.ACTIVE, scr.getState(), states());
        assertNotNull(embedded.bundleContext().getServiceReference(SCR_SERVICE), "SCR publishes its runtime service");
        // A bundle left INSTALLED or RESOLVED means a missing requirement: Felix would only say so at debug level.
        assertTrue(Arrays.stream(embedded.bundleContext().getBundles()).allMatch(b -> b.getState() == Bundle.ACTIVE),
            states());
    }

    @Test
    void aComponentsFactoryLivesAndDiesWithItsBundle() throws Exception {
        startNode();
        Bundle examples = embedded.bundleContext().installBundle(
            TestDistribution.home().examplesBundle().toUri().toString());
        examples.start();
        // SCR enables components on its own thread, after the bundle's start (and its activator) returned.
        assertTrue(Await.until(DEADLINE, () -> node.factories().contains(GREETER)), "greeter offered: "
            + node.factories());

        Pid plain = node.spawn("greeter");
        Pid welcoming = node.spawn("greeter", "welcome");
        assertEquals("hello, spore", node.call(plain, "spore", CALL_TIMEOUT));
        assertEquals("welcome, spore", node.call(welcoming, "spore", CALL_TIMEOUT));

        // A message from a process is answered by a message back to it.
        Queue<Object> received = new ConcurrentLinkedQueue<>();
        Pid probe = node.spawn(() -> new Probe(received), ProcessOptions.DEFAULTS, welcoming, "bob");
        assertTrue(Await.until(DEADLINE, () -> received.contains("welcome, bob")), "greeting received: " + received);

        SporeException refused = assertThrows(SporeException.class, () -> node.spawn("greeter", 42L));
        assertEquals(SporeException.Reason.INIT_FAILED, refused.reason());

        examples.stop();
        assertTrue(Await.until(DEADLINE, () -> !node.factories().contains(GREETER)), "greeter withdrawn: "
            + node.factories());
        assertTrue(Await.until(DEADLINE, () -> !node.isAlive(plain) && !node.isAlive(welcoming)),
            "greeters ended: " + node.processes());
        assertTrue(node.isAlive(probe), "a process of another factory carries on");
        SporeException unknown = assertThrows(SporeException.class, () -> node.spawn("greeter"));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, unknown.reason());
    }

    @Test
    void aComponentBundleAlreadyInTheDeployFolderIsPickedUpAtStart() throws Exception {
        // FileInstall starts before SCR and may start this bundle first: SCR must still find its component.
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        Path examples = TestDistribution.home().examplesBundle();
        Files.copy(examples, deploy.resolve(examples.getFileName()));
        startNode();
        assertTrue(Await.until(DEADLINE, () -> node.factories().contains(GREETER)), "greeter offered: "
            + node.factories());
        assertEquals("hello, deploy", node.call(node.spawn("greeter"), "deploy", CALL_TIMEOUT));
    }

    private void startNode() throws IOException {
        // The transport's cookie and name service are the test's own, never the user's ~/.spore/cookie or port 4370.
        embedded = FrameworkNode.start(new NodeConfig()
            .name(NodeName.parse("ds@localhost"))
            .deployDir(tmp.resolve("deploy"))
            .dataDir(tmp.resolve("data"))
            .workers(2)
            .cookieFile(Cluster.writeCookie(tmp.resolve("cookie")))
            .nameServicePort(FreePorts.tcp())
            .bundles(TestDistribution.home().bundles()));
        node = embedded.node();
    }

    private String states() {
        return Arrays.stream(embedded.bundleContext().getBundles())
            .map(b -> b.getSymbolicName() + "=" + b.getState())
            .collect(Collectors.joining(", ", "bundle states (32 = ACTIVE): ", ""));
    }

    /** Sends its second spawn argument to its first, and keeps whatever comes back. */
    private record Probe(Queue<Object> received) implements ProcessBehavior {
        @Override
        public void init(ProcessContext context, Object... args) {
            context.send((Pid) args[0], args[1]);
        }

        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
            received.add(message);
        }
    }
}
