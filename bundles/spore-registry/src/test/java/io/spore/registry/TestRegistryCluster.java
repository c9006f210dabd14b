package io.spore.registry;

import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.registry.member.MemberAddresses;
import io.spore.registry.member.RegistryMember;

import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real registry cluster in this JVM for tests: members on loopback UDP, each with its own media driver, archive
 * and consensus module, plus one media driver the test's clients share.
 */
public final class TestRegistryCluster implements AutoCloseable {
    public final String members;
    final MemberAddresses addresses;
    final RegistryMember[] running;
    final File root;
    public final MediaDriver clientDriver;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    public TestRegistryCluster(int size, File root) {
        this(freeBases(size), root);
    }

    /** A cluster on the given members, {@code host:port,...}, which must be free. */
    public TestRegistryCluster(String members, File root) {
        int size = members.split(",").length;
        this.root = root;
        this.members = members;
        this.addresses = MemberAddresses.parse(members);
        this.running = new RegistryMember[size];
        for (int id = 0; id < size; id++) {
            start(id);
        }
        clientDriver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir("clients"))
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 20_000, 1_000_000))
            .publicationTermBufferLength(256 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    private String aeronDir(String what) {
        return new File(System.getProperty("java.io.tmpdir"), "spore-registry-test-" + tag + "-" + what).getPath();
    }

    void start(int id) {
        running[id] = RegistryMember.launch(new RegistryMember.Context()
            .memberId(id)
            .addresses(addresses)
            .dir(new File(root, "member-" + id))
            .aeronDirectoryName(aeronDir("member-" + id))
            .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(10))
            .leaderHeartbeatTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .errorHandler(e -> {
            }));
    }

    void stop(int id) {
        CloseHelper.quietClose(running[id]);
        running[id] = null;
    }

    public int awaitLeader(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            for (int id = 0; id < running.length; id++) {
                if (running[id] != null && running[id].role() == Cluster.Role.LEADER) {
                    return id;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader within " + timeoutMs + " ms");
    }

    public RegistryClient client(RegistryNode node) {
        return RegistryClient.connect(new RegistryClient.Context()
            .members(members)
            .node(node)
            .aeronDirectoryName(clientDriver.aeronDirectoryName())
            .responseTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(20)));
    }

    @Override
    public void close() {
        for (int id = 0; id < running.length; id++) {
            stop(id);
        }
        CloseHelper.quietClose(clientDriver);
    }

    /** Finds bases whose five UDP ports are all free on loopback now. */
    public static String freeBases(int size) {
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
