package io.spore.benchmarks;

import io.aeron.driver.ThreadingMode;
import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.testsupport.FreePorts;
import io.spore.transport.AeronTransport;
import io.spore.transport.IdleStrategies;
import io.spore.transport.TransportContext;
import io.spore.transport.WireSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Several embedded nodes in this JVM, {@code a@localhost}, {@code b@localhost}, …, each with its own transport and
 * embedded media driver (the transport's defaults: {@code SHARED} threading, the backoff idle strategy), talking
 * over Aeron UDP on loopback. They register with a name service on a free TCP port of their own (never the
 * well-known 4370, so a node running on the machine is not disturbed) and share a cookie file in a temporary
 * directory. Each node has {@link EmbeddedNode#WORKER_THREADS} workers. To try another idle strategy for the
 * drivers and transport agents (and the baseline's, which reads the same setting), pass
 * {@code -jvmArgsPrepend -Dspore.bench.idleStrategy=yield} (any form {@link IdleStrategies#parse} accepts); for
 * another driver threading, {@code -Dspore.bench.threading=dedicated} (or {@code shared-network}, {@code invoker}:
 * the transport's threads run the driver, and the baseline's ping-pong runs its drivers the same way). The low-latency
 * profile ({@code spore node --low-latency}) is both: {@code -Dspore.bench.threading=dedicated
 * -Dspore.bench.idleStrategy=spin}. To try another term length (the old 16 MiB, say, beside today's default),
 * {@code -Dspore.bench.termLength=16777216}.
 *
 * <p>Threads: per node the driver's one thread, the transport's agent and the workers, beside the benchmark's.
 */
final class LoopbackNodes implements AutoCloseable {
    /** The transport's idle strategy, in the textual form of {@link IdleStrategies#parse}; default its default. */
    static final String IDLE_STRATEGY = System.getProperty("spore.bench.idleStrategy", "backoff");
    /** The embedded drivers' threading, as {@code spore.transport.threading} names it; default {@code shared}. */
    static final String THREADING_SETTING = System.getProperty("spore.bench.threading", "shared");
    /** {@link #THREADING_SETTING} read. */
    static final ThreadingMode THREADING = threading(THREADING_SETTING);
    /** The length of each term of the nodes' logs, in bytes; default the transport's. */
    static final int TERM_LENGTH = Integer.getInteger("spore.bench.termLength",
        TransportContext.DEFAULT_TERM_BUFFER_LENGTH);
    /** The largest message body, in bytes; default the transport's (1 MiB). */
    static final int MAX_MESSAGE_SIZE = Integer.getInteger("spore.bench.maxMessageSize",
        TransportContext.DEFAULT_MAX_MESSAGE_SIZE);
    /** The payload size above which frames take the large-message stream; default the transport's (64 KiB). */
    static final int LARGE_MESSAGE_THRESHOLD = Integer.getInteger("spore.bench.largeMessageThreshold",
        TransportContext.DEFAULT_LARGE_MESSAGE_THRESHOLD);

    private final List<SporeNode> nodes;
    private final List<AeronTransport> transports;
    private final Path dir;
    private final int nameServicePort;
    private final WireSecurity wireSecurity;

    private LoopbackNodes(List<SporeNode> nodes, List<AeronTransport> transports, Path dir, int nameServicePort,
                          WireSecurity wireSecurity) {
        this.nodes = nodes;
        this.transports = transports;
        this.dir = dir;
        this.nameServicePort = nameServicePort;
        this.wireSecurity = wireSecurity;
    }

    /**
     * @param count              how many nodes, named a, b, c, …
     * @param exposeEnvRemoteSpawn each node's {@code exposeEnvRemoteSpawn} option
     */
    static LoopbackNodes start(int count, boolean exposeEnvRemoteSpawn) {
        return start(count, exposeEnvRemoteSpawn, WireSecurity.SEALED);
    }

    /**
     * @param count                how many nodes, named a, b, c, …
     * @param exposeEnvRemoteSpawn each node's {@code exposeEnvRemoteSpawn} option
     * @param wireSecurity         how the nodes protect their frames (none with the insecure-network flag)
     */
    static LoopbackNodes start(int count, boolean exposeEnvRemoteSpawn, WireSecurity wireSecurity) {
        Path dir = tempDir();
        Path cookie = cookieFile(dir.resolve("cookie"));
        int nameServicePort = FreePorts.tcp();
        List<SporeNode> nodes = new ArrayList<>();
        List<AeronTransport> transports = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                SporeNode node = node(String.valueOf((char) ('a' + i)), exposeEnvRemoteSpawn);
                nodes.add(node);
                transports.add(AeronTransport.start(context(node, nameServicePort, cookie, wireSecurity), node));
            }
            return new LoopbackNodes(List.copyOf(nodes), List.copyOf(transports), dir, nameServicePort,
                wireSecurity);
        } catch (RuntimeException e) {
            new LoopbackNodes(nodes, transports, dir, nameServicePort, wireSecurity).close();
            throw e;
        }
    }

    /**
     * Starts one more node, {@code name@localhost}, in these nodes' cluster (same name service, cookie and wire
     * security), connected to none of them yet.
     *
     * @return the node; closing it closes its transport, then the node
     */
    Joined join(String name) {
        SporeNode node = node(name, false);
        try {
            AeronTransport transport = AeronTransport.start(context(node, nameServicePort, dir.resolve("cookie"),
                wireSecurity), node);
            return new Joined(node, transport);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A node started by {@link #join}. */
    record Joined(SporeNode node, AeronTransport transport) implements AutoCloseable {
        @Override
        public void close() {
            closeAll(transport, node);
        }
    }

    /** @return node {@code index}: 0 is a, 1 is b, … */
    SporeNode node(int index) {
        return nodes.get(index);
    }

    private static ThreadingMode threading(String text) {
        return switch (text) {
            case "shared" -> ThreadingMode.SHARED;
            case "shared-network" -> ThreadingMode.SHARED_NETWORK;
            case "dedicated" -> ThreadingMode.DEDICATED;
            case "invoker" -> ThreadingMode.INVOKER;
            default -> throw new IllegalArgumentException("spore.bench.threading: '" + text + "' is not shared,"
                + " shared-network, dedicated or invoker");
        };
    }

    int size() {
        return nodes.size();
    }

    /** The transport's defaults but the name service's port, the cookie, the wire security, the term and the limit. */
    static TransportContext context(SporeNode node, int nameServicePort, Path cookie, WireSecurity wireSecurity) {
        return new TransportContext()
            .nodeName(node.name())
            .nameServicePort(nameServicePort)
            .nameServiceBindAddress("127.0.0.1")
            .cookieFile(cookie)
            .idleStrategy(IdleStrategies.parse(IDLE_STRATEGY))
            .threadingMode(THREADING)
            .termBufferLength(TERM_LENGTH)
            .maxMessageSize(MAX_MESSAGE_SIZE)
            .largeMessageThreshold(LARGE_MESSAGE_THRESHOLD)
            .wireSecurity(wireSecurity)
            .insecureNetwork(wireSecurity == WireSecurity.NONE);
    }

    static SporeNode node(String name, boolean exposeEnvRemoteSpawn) {
        // Reading EmbeddedNode's settings runs its static block, which quiets the nodes' INFO lines.
        return SporeNode.start(new NodeContext()
            .nodeName(NodeName.parse(name + "@localhost"))
            .workerThreads(EmbeddedNode.WORKER_THREADS)
            .throughput(EmbeddedNode.THROUGHPUT)
            .exposeEnvRemoteSpawn(exposeEnvRemoteSpawn));
    }

    /** @return the bytes every transport has sent so far (frames, headers included; not Aeron's own headers) */
    long bytesSent() {
        long sum = 0;
        for (AeronTransport transport : transports) {
            sum += transport.counters().bytesOut();
        }
        return sum;
    }

    /** @return the frames and the batches (Aeron messages) every transport has sent so far, in that order */
    long[] framesAndBatchesSent() {
        long[] sum = new long[2];
        for (AeronTransport transport : transports) {
            sum[0] += transport.counters().framesOut();
            sum[1] += transport.counters().batchesOut();
        }
        return sum;
    }

    /** Closes the nodes in reverse order of starting, each transport before its node. */
    @Override
    public void close() {
        List<AutoCloseable> order = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (i < transports.size()) {
                order.add(transports.get(i));
            }
            order.add(nodes.get(i));
        }
        closeAll(order.toArray(new AutoCloseable[0]));
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

    static Path tempDir() {
        try {
            return Files.createTempDirectory("spore-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cookieFile(Path file) {
        try {
            // 32 random bytes, as 'spore cookie --generate' makes: nodes refuse a cookie weaker than 128 bits.
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            Files.writeString(file, java.util.HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
