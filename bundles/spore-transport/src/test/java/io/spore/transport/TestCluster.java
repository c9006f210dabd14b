package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.core.spi.NodeRuntime;
import io.spore.testsupport.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes with real transports for one test, in this JVM: each node has its own embedded media driver and UDP port,
 * all register with a name service on a TCP port of the test's own (never the well-known 4370), and they share a
 * cookie file in the test's temporary directory. Closing the cluster closes every member, transport first.
 */
final class TestCluster implements AutoCloseable {
    /** A node and its transport. */
    record Member(SporeNode node, AeronTransport transport) implements AutoCloseable {
        NodeName name() {
            return node.name();
        }

        @Override
        public void close() {
            transport.close();
            node.close();
        }
    }

    final int nameServicePort = FreePorts.tcp();
    final Path dir;
    final Path cookie;
    private final List<AutoCloseable> members = new ArrayList<>();

    TestCluster(Path dir) {
        this.dir = dir;
        this.cookie = cookieFile(dir.resolve("cookie"), "the-test-cluster-secret");
    }

    /** @return settings for {@code name@localhost} that detect a silent node within 1 s */
    TransportContext context(String name) {
        return new TransportContext()
            .nodeName(NodeName.parse(name + "@localhost"))
            .nameServicePort(nameServicePort)
            .nameServiceBindAddress("127.0.0.1")
            .cookieFile(cookie)
            .heartbeatInterval(Duration.ofMillis(200))
            .detectionTimeout(Duration.ofSeconds(1))
            .lookupTimeout(Duration.ofSeconds(1))
            .maxMessageSize(64 * 1024);
    }

    Member start(String name) {
        return start(context(name));
    }

    Member start(TransportContext context) {
        SporeNode node = SporeNode.start(new NodeContext().nodeName(context.nodeName()).workerThreads(2));
        return start(context, node, node);
    }

    /** Starts a transport for {@code node} attached through {@code runtime} (a test's wrapper, or the node). */
    Member start(TransportContext context, SporeNode node, NodeRuntime runtime) {
        try {
            AeronTransport transport = AeronTransport.start(context, runtime);
            Member member = new Member(node, transport);
            members.add(member);
            return member;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Closes {@code member} later with the cluster, if the test has not. */
    void closeLater(AutoCloseable resource) {
        members.add(resource);
    }

    static Path cookieFile(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = members.size() - 1; i >= 0; i--) {
            try {
                members.get(i).close();
            } catch (Exception e) {
                // the others still get closed
            }
        }
        members.clear();
    }
}
