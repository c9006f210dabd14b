package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two nodes on two network hosts: each in a network namespace of its own ({@code ip netns}), joined by a veth pair
 * with an address in a private /24 at each end, so the traffic leaves one network stack and enters another as it
 * would between machines. The nodes bind their veth addresses and reach each other through static routes, since
 * each namespace has its own name service on its own loopback. Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN);
 * skipped, saying why, where {@code ip netns add} is refused. The namespaces (and with them the veth pair) are
 * always deleted afterwards.
 */
@Timeout(180)
class NetworkNamespaceIT {
    /** A private /24 unlikely to be used on a build machine; the test's own process id keeps names apart. */
    private static final String SUBNET = "10.231.77.";
    private static final String ADDRESS_A = SUBNET + "1";
    private static final String ADDRESS_B = SUBNET + "2";
    private static final int PORT = 40400;

    @TempDir
    Path tmp;

    private final long pid = ProcessHandle.current().pid();
    private final String nsA = "spore-it-a-" + pid;
    private final String nsB = "spore-it-b-" + pid;
    private final List<String> created = new ArrayList<>();
    private Cluster cluster;

    @BeforeEach
    void makeHosts() throws Exception {
        String refused = run("ip", "netns", "add", nsA);
        Assumptions.assumeTrue(refused == null, "skipped: this test needs 'ip netns add' (root, or CAP_NET_ADMIN"
            + " and CAP_SYS_ADMIN), which failed here: " + refused);
        created.add(nsA);
        require("ip", "netns", "add", nsB);
        created.add(nsB);
        // Interface names are at most 15 characters.
        String vethA = "vspa" + (pid % 100_000);
        String vethB = "vspb" + (pid % 100_000);
        require("ip", "link", "add", vethA, "netns", nsA, "type", "veth", "peer", "name", vethB, "netns", nsB);
        require("ip", "-n", nsA, "addr", "add", ADDRESS_A + "/24", "dev", vethA);
        require("ip", "-n", nsB, "addr", "add", ADDRESS_B + "/24", "dev", vethB);
        for (String[] end : new String[][] {{nsA, vethA}, {nsB, vethB}}) {
            require("ip", "-n", end[0], "link", "set", end[1], "up");
            require("ip", "-n", end[0], "link", "set", "lo", "up");
        }
        cluster = new Cluster(tmp);
    }

    @AfterEach
    void deleteHosts() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        for (String ns : created) {
            String failed = run("ip", "netns", "del", ns);
            if (failed != null) {
                System.err.println("could not delete network namespace " + ns + ": " + failed);
            }
        }
    }

    @Test
    void nodesOnTwoHostsCallEachOther() throws Exception {
        String nameA = "a@" + ADDRESS_A;
        String nameB = "b@" + ADDRESS_B;
        ClusterNode a = cluster.start(List.of("ip", "netns", "exec", nsA), nameA,
            "--bind", ADDRESS_A, "--port", Integer.toString(PORT), "--route", nameB + "=" + ADDRESS_B + ":" + PORT);
        ClusterNode b = cluster.start(List.of("ip", "netns", "exec", nsB), nameB,
            "--bind", ADDRESS_B, "--port", Integer.toString(PORT), "--route", nameA + "=" + ADDRESS_A + ":" + PORT);
        a.awaitUp();
        b.awaitUp();

        String echoB = b.spawn("echo");
        assertEquals("across hosts", a.call(echoB, "across hosts"), a.process().output() + b.process().output());
        String echoA = a.spawn("echo");
        assertEquals("and back", b.call(echoA, "and back"), b.process().output());
    }

    private static void require(String... command) throws IOException, InterruptedException {
        String failed = run(command);
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** @return {@code null} when the command succeeded, else what it printed and its status */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + ": no answer in 30 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " (status " + process.exitValue() + "): "
            + output;
    }
}
