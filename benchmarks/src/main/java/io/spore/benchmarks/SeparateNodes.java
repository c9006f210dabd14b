package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.SporeException;
import io.spore.core.SporeNode;
import io.spore.testsupport.FreePorts;
import io.spore.transport.AeronTransport;
import io.spore.transport.WireSecurity;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The two nodes of the separate-process benchmarks: {@code a@localhost} embedded in the benchmark's JVM as in
 * {@link LoopbackNodes} (the sender), and {@code b@localhost} a node process started from the distribution
 * ({@link NodeProcess}, the receiver), on a name service port and a cookie of their own. Node B serves the name
 * service (it starts first); the processes on it are spawned from A by factory name, from the receiver bundle.
 */
final class SeparateNodes implements AutoCloseable {
    private static final NodeName B = NodeName.parse("b@localhost");
    /** How long B's bundles may take to offer their factories after B is up. */
    private static final Duration FACTORIES = Duration.ofSeconds(30);

    final SporeNode a;
    private final AeronTransport transportA;
    private final NodeProcess b;
    private final Path dir;

    private SeparateNodes(SporeNode a, AeronTransport transportA, NodeProcess b, Path dir) {
        this.a = a;
        this.transportA = transportA;
        this.b = b;
        this.dir = dir;
    }

    /** @param wireSecurity {@code sealed}, {@code authenticated} or {@code none} ({@link WireSecurity#parse}) */
    static SeparateNodes start(String wireSecurity) {
        WireSecurity security = WireSecurity.parse(wireSecurity);
        Path dir = LoopbackNodes.tempDir();
        Path cookie = LoopbackNodes.cookieFile(dir.resolve("cookie"));
        int nameServicePort = FreePorts.tcp();
        NodeProcess b = null;
        SporeNode a = null;
        try {
            b = NodeProcess.start(B, dir, cookie, nameServicePort, security);
            a = LoopbackNodes.node("a", false);
            AeronTransport transport = AeronTransport.start(
                LoopbackNodes.context(a, nameServicePort, cookie, security), a);
            return new SeparateNodes(a, transport, b, dir);
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
            LoopbackNodes.delete(dir);
            throw e;
        }
    }

    /** @return node B as node A sees it */
    RemoteNode b() {
        return a.network().getNode(B);
    }

    /**
     * Spawns a process of the receiver bundle on B from A, retrying while B does not offer the factory yet (its
     * deploy folder is read after it is up); the first spawn also connects A to B.
     *
     * @param factory a spawn name of {@code io.spore.benchmarks.receiver.ReceiverActivator}
     */
    Pid spawnOnB(String factory) {
        long deadlineNs = System.nanoTime() + FACTORIES.toNanos();
        while (true) {
            try {
                return b().spawn(Name.of(factory), ProcessOptions.DEFAULTS);
            } catch (SporeException e) {
                if (e.reason() != SporeException.Reason.UNKNOWN_FACTORY || System.nanoTime() - deadlineNs > 0
                    || !b.isAlive()) {
                    throw b.failure("spawning " + factory + " on " + B + " failed: " + e.getMessage());
                }
            }
            try {
                Thread.sleep(50); // the poll interval while B's bundle starts, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw b.failure("interrupted while spawning " + factory);
            }
        }
    }


    /** Closes A's transport and A, then stops B's process, then removes the folder. */
    @Override
    public void close() {
        try {
            transportA.close();
            a.close();
        } finally {
            b.close();
            LoopbackNodes.delete(dir);
        }
    }
}
