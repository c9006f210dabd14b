package io.spore.distribution;

import io.spore.api.NodeName;
import io.spore.distribution.framework.FrameworkNode;
import io.spore.distribution.framework.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's half of fail-stop: a bundle that finds the node can no longer do its work (the transport, when its
 * receiving thread ended) calls the fail-stop service the launcher registers; the node stops and says why, which is
 * what makes {@code spore node} exit non-zero. The transport's half (its receiving thread ending calls this service)
 * is {@code HostilePeerTest.whenTheReceivingThreadEndsTheTransportFailsStop} and {@code TransportActivator.failStop}.
 */
@Timeout(120)
class FailStopIT {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void aBundleThatCallsTheFailStopServiceStopsTheNodeWithItsReason() throws Exception {
        FrameworkNode node = FrameworkNode.start(new NodeConfig()
            .name(NodeName.parse("failing@localhost"))
            .deployDir(tmp.resolve("deploy"))
            .dataDir(tmp.resolve("data"))
            .workers(2)
            .bundles(List.of(TestDistribution.home().bundles().get(0))));
        try {
            assertTrue(node.isRunning());
            assertFalse(node.failure().isPresent());
            // Found as the transport bundle finds it: by the JDK type and the property, with no Spore class shared.
            BundleContext context = node.bundleContext();
            ServiceReference<?>[] references = context.getServiceReferences(Consumer.class.getName(),
                "(spore.fail-stop=true)");
            assertNotNull(references, "the launcher offers a fail-stop service");
            assertEquals(1, references.length);
            ((Consumer<String>) context.getService(references[0])).accept("the receiving thread ended");

            node.awaitStop();
            assertFalse(node.isRunning());
            assertEquals("the receiving thread ended", node.failure().orElseThrow());
        } finally {
            node.close();
        }
    }
}
