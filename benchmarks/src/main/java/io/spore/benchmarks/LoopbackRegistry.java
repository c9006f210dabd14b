package io.spore.benchmarks;

import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.api.NodeName;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.registry.member.MemberAddresses;
import io.spore.registry.member.RegistryMember;
import io.spore.testsupport.Await;

import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A registry cluster for the benchmarks, in this JVM: each member is a real {@link RegistryMember} (its own media
 * driver, archive and consensus module) on loopback UDP, as {@code spore registry} runs one, plus one media driver
 * that the benchmark's clients share. Its log and snapshots live in a temporary folder that {@link #close()} removes.
 */
final class LoopbackRegistry implements AutoCloseable {
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);

    private final String members;
    private final RegistryMember[] running;
    private final MediaDriver clientDriver;
    private final Path root;

    private LoopbackRegistry(int size) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try {
            root = Files.createTempDirectory("spore-registry-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        members = freeBases(size);
        MemberAddresses addresses = MemberAddresses.parse(members);
        running = new RegistryMember[size];
        for (int id = 0; id < size; id++) {
            running[id] = RegistryMember.launch(new RegistryMember.Context()
                .memberId(id)
                .addresses(addresses)
                .dir(root.resolve("member-" + id).toFile())
                .aeronDirectoryName(aeronDir(tag, "member-" + id))
                .snapshotIntervalNs(0)
                .errorHandler(e -> {
                }));
        }
        clientDriver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir(tag, "clients"))
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 20_000, 1_000_000))
            .publicationTermBufferLength(256 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    /**
     * Starts {@code size} members and waits until they have elected a leader.
     *
     * @param size how many members
     * @return the running cluster
     */
    static LoopbackRegistry start(int size) {
        LoopbackRegistry registry = new LoopbackRegistry(size);
        Await.until("a registry leader", LEADER_TIMEOUT, registry::hasLeader);
        return registry;
    }

    private boolean hasLeader() {
        for (RegistryMember member : running) {
            if (member.role() == Cluster.Role.LEADER) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connects a client and joins as {@code name@localhost}.
     *
     * @param name     the node's short name
     * @param listener told of membership changes
     * @return the joined client
     */
    RegistryClient client(String name, RegistryListener listener) {
        return client(node(name), listener);
    }

    /**
     * Connects a client and joins as {@code node}: a real node's name and creation, so it may register that node's
     * processes.
     *
     * @param node     what to join as
     * @param listener told of membership changes
     * @return the joined client
     */
    RegistryClient client(RegistryNode node, RegistryListener listener) {
        return RegistryClient.connect(new RegistryClient.Context()
            .members(members)
            .node(node)
            .listener(listener)
            .aeronDirectoryName(clientDriver.aeronDirectoryName())
            .responseTimeoutNs(TimeUnit.SECONDS.toNanos(10))
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30)));
    }

    static RegistryNode node(String name) {
        return new RegistryNode(NodeName.parse(name + "@localhost"), 1, List.of("127.0.0.1:4000"), List.of("echo"));
    }

    private static String aeronDir(String tag, String what) {
        return Path.of(System.getProperty("java.io.tmpdir"), "spore-registry-bench-" + tag + "-" + what).toString();
    }

    @Override
    public void close() {
        for (RegistryMember member : running) {
            CloseHelper.quietClose(member);
        }
        CloseHelper.quietClose(clientDriver);
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bases whose five UDP ports are all free on loopback now (a member uses base to base + 4). */
    private static String freeBases(int size) {
        List<String> bases = new ArrayList<>();
        int candidate = 21000 + ThreadLocalRandom.current().nextInt(2000) * 10;
        while (bases.size() < size && candidate < 65000) {
            if (free(candidate)) {
                bases.add("localhost:" + candidate);
            }
            candidate += MemberAddresses.PORTS_PER_MEMBER;
        }
        return String.join(",", bases);
    }

    private static boolean free(int base) {
        for (int port = base; port < base + MemberAddresses.PORTS_PER_MEMBER; port++) {
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
