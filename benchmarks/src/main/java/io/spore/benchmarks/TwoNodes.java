package io.spore.benchmarks;

import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.transport.AeronTransport;
import io.spore.transport.IdleStrategies;
import io.spore.transport.TransportContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Two embedded nodes, {@code a@localhost} and {@code b@localhost}, in this JVM, each with its own transport and
 * embedded media driver (the transport's defaults: {@code SHARED} threading, the backoff idle strategy), talking
 * over Aeron UDP on loopback. They register with a name service on a free TCP port of their own (never the
 * well-known 4370, so a node running on the machine is not disturbed) and share a cookie file in a temporary
 * directory. Each node has {@link EmbeddedNode#WORKER_THREADS} workers. To try another idle strategy for the
 * drivers and transport agents (and the baseline's, which reads the same setting), pass
 * {@code -jvmArgsPrepend -Dspore.bench.idleStrategy=yield} (any form {@link IdleStrategies#parse} accepts).
 *
 * <p>Threads: per node the driver's one thread, the transport's agent and the workers: on two cores, six threads
 * that spin briefly and then park, beside the benchmark thread.
 */
final class TwoNodes implements AutoCloseable {
    /** The transport's idle strategy, in the textual form of {@link IdleStrategies#parse}; default its default. */
    static final String IDLE_STRATEGY = System.getProperty("spore.bench.idleStrategy", "backoff");

    final SporeNode a;
    final SporeNode b;
    private final AeronTransport transportA;
    private final AeronTransport transportB;
    private final Path dir;

    private TwoNodes(SporeNode a, AeronTransport transportA, SporeNode b, AeronTransport transportB, Path dir) {
        this.a = a;
        this.transportA = transportA;
        this.b = b;
        this.transportB = transportB;
        this.dir = dir;
    }

    static TwoNodes start() {
        Path dir = tempDir();
        Path cookie = cookieFile(dir.resolve("cookie"));
        int nameServicePort = freeTcpPort();
        SporeNode a = null;
        AeronTransport transportA = null;
        SporeNode b = null;
        try {
            a = node("a");
            transportA = AeronTransport.start(context(a, nameServicePort, cookie), a);
            b = node("b");
            AeronTransport transportB = AeronTransport.start(context(b, nameServicePort, cookie), b);
            return new TwoNodes(a, transportA, b, transportB, dir);
        } catch (RuntimeException e) {
            closeAll(b, transportA, a);
            delete(dir);
            throw e;
        }
    }

    /** The transport's defaults but the name service's port and the cookie. */
    static TransportContext context(SporeNode node, int nameServicePort, Path cookie) {
        return new TransportContext()
            .nodeName(node.name())
            .nameServicePort(nameServicePort)
            .nameServiceBindAddress("127.0.0.1")
            .cookieFile(cookie)
            .idleStrategy(IdleStrategies.parse(IDLE_STRATEGY));
    }

    private static SporeNode node(String name) {
        // Reading EmbeddedNode's settings runs its static block, which quiets the nodes' INFO lines.
        return SporeNode.start(new NodeContext()
            .nodeName(NodeName.parse(name + "@localhost"))
            .workerThreads(EmbeddedNode.WORKER_THREADS)
            .throughput(EmbeddedNode.THROUGHPUT));
    }

    /** @return the bytes both transports have sent so far (frames, headers included; not Aeron's own headers) */
    long bytesSent() {
        return transportA.counters().bytesOut() + transportB.counters().bytesOut();
    }

    @Override
    public void close() {
        closeAll(transportB, b, transportA, a);
        delete(dir);
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                // the others still get closed
                if (failure == null) {
                    failure = new IllegalStateException("closing " + resource + " failed", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("spore-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path cookieFile(Path file) {
        try {
            Files.writeString(file, "the-benchmark-secret\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
