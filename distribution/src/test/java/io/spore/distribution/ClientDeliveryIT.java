package io.spore.distribution;

import io.spore.testsupport.NamespacePair;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a sender is told is true, with real node processes: {@code spore send} exits 0 only once the node has the
 * message, over a lossy link as well; a node that does not acknowledge makes it exit non-zero; an important send
 * whose confirmation is cut is "not confirmed" (and the message did arrive), never "not delivered"; one whose node
 * cannot be reached is "not delivered".
 *
 * <p>The lossy and the cut links are two network namespaces joined by a veth pair ({@link NamespacePair}) with
 * {@code iptables} drops inside them; those tests skip, saying why, without root, {@code ip netns} or
 * {@code iptables}. {@code -Dspore.it.lossySends=N} changes the number of sends over the lossy link (default 40).
 */
@Timeout(900)
class ClientDeliveryIT {
    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final int PORT = 40500;

    @TempDir
    Path tmp;

    private NamespacePair hosts;
    private Cluster cluster;
    private final List<SporeProcess> stopped = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (SporeProcess node : stopped) {
            signal("CONT", node.pid());
        }
        if (cluster != null) {
            cluster.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    /** A node frozen with SIGSTOP: a client's send waits for it, and fails non-zero when it never answers. */
    @Test
    void sendWaitsForAStalledNodeAndFailsWhenItNeverAnswers() throws Exception {
        cluster = new Cluster(tmp);
        // The host's name service lives in a node of its own, so freezing the server does not freeze lookups.
        cluster.start("keeper@localhost").awaitUp();
        ClusterNode server = cluster.start("server@localhost", "--port", Integer.toString(PORT));
        server.awaitUp();
        String probe = server.spawn("probe");
        assertEquals("registered", server.call(probe, "register inbox"));

        freeze(server);
        SporeProcess late = client("send", "--node", "server@localhost", "--to", "inbox", "late", "but", "there",
            "--timeout", "30s");
        // The client has the message on its way and waits for the node; it must not leave meanwhile.
        long frozenUntilNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() - frozenUntilNs < 0) {
            assertTrue(late.isAlive(), "spore send left before the node acknowledged:\n" + late.output());
            Thread.sleep(50);
        }
        thaw(server);
        assertEquals(0, late.awaitExit(CLIENT), late.output());
        server.awaitEvents(probe, events -> events.contains("message late but there"), CLIENT);

        freeze(server);
        SporeProcess never = client("send", "--node", "server@localhost", "--to", "inbox", "never", "--timeout",
            "3s");
        int status = never.awaitExit(CLIENT);
        thaw(server);
        assertEquals(1, status, never.output());
        String line = never.output().strip();
        System.out.println("spore send to a frozen node: " + line);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("NOT_CONFIRMED") || line.contains("NODE_DOWN"), line);
    }

    /** 40 sends at 20% loss in each direction: each one is delivered, or its command exits non-zero. */
    @Test
    void everySendOverALossyLinkIsDeliveredOrFails() throws Exception {
        makeHosts("ld", 83);
        String nameB = "b@" + hosts.addressB;
        ClusterNode b = cluster.start(NamespacePair.in(hosts.nsB), nameB, "--bind", hosts.addressB, "--port",
            Integer.toString(PORT));
        b.awaitUp();
        String probe = b.spawn("probe");
        assertEquals("registered", b.call(probe, "register inbox"));

        iptables(hosts.nsA, "-A", "INPUT", "!", "-i", "lo", "-m", "statistic", "--mode", "random", "--probability",
            "0.2", "-j", "DROP");
        iptables(hosts.nsB, "-A", "INPUT", "!", "-i", "lo", "-m", "statistic", "--mode", "random", "--probability",
            "0.2", "-j", "DROP");
        int sends = Integer.getInteger("spore.it.lossySends", 40);
        List<Integer> delivered = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            SporeProcess send = SporeProcess.start(cluster.dir(), NamespacePair.in(hosts.nsA), "send", "--node",
                nameB, "--to", "inbox", "lossy-" + i, "--route", nameB + "=" + hosts.addressB + ":" + PORT,
                "--cookie-file", cluster.cookie().toString(), "--name-service-port",
                Integer.toString(cluster.nameServicePort()), "--timeout", "20s");
            send.closeInput();
            int status = send.awaitExit(CLIENT);
            if (status == 0) {
                delivered.add(i);
            } else {
                String line = send.output().strip();
                assertEquals(1, status, line);
                assertEquals(1, line.lines().count(), "one line: " + line);
                assertTrue(line.contains("NOT_CONFIRMED") || line.contains("NODE_DOWN"), line);
                failures.add("lossy-" + i + ": " + line);
            }
        }
        iptables(hosts.nsA, "-F", "INPUT");
        iptables(hosts.nsB, "-F", "INPUT");
        String events = b.call(probe, "events");
        Set<String> arrived = new HashSet<>(List.of(events.split(" \\| ")));
        List<String> lost = new ArrayList<>();
        for (int i : delivered) {
            if (!arrived.contains("message lossy-" + i)) {
                lost.add("lossy-" + i);
            }
        }
        System.out.println("spore send at 20% loss: " + delivered.size() + " of " + sends + " exited 0; failures: "
            + failures);
        assertEquals(List.of(), lost, "exited 0 but never arrived; events: " + events);
        assertFalse(delivered.isEmpty(), "no send got through at all: " + failures);
    }

    /**
     * The link from b back to a is cut after the connection is up: a's important send reaches b's process, but its
     * confirmation never comes back. a must say "not confirmed" (delivery unknown), not "not delivered"; and an
     * important send to a node that cannot be reached is "not delivered".
     */
    @Test
    void anImportantSendWhoseConfirmationIsCutIsNotConfirmed() throws Exception {
        makeHosts("ic", 84);
        String nameA = "a@" + hosts.addressA;
        String nameB = "b@" + hosts.addressB;
        ClusterNode a = cluster.start(NamespacePair.in(hosts.nsA), nameA, "--bind", hosts.addressA, "--port",
            Integer.toString(PORT), "--route", nameB + "=" + hosts.addressB + ":" + PORT);
        ClusterNode b = cluster.start(NamespacePair.in(hosts.nsB), nameB, "--bind", hosts.addressB, "--port",
            Integer.toString(PORT), "--route", nameA + "=" + hosts.addressA + ":" + PORT);
        a.awaitUp();
        b.awaitUp();
        String probe = b.spawn("probe");
        assertEquals("", a.send(probe, "first"), "a send prints nothing");
        assertEquals("", a.command("spore:send --important " + probe + " confirmed"));

        iptables(hosts.nsA, "-A", "INPUT", "-s", hosts.addressB, "-j", "DROP");
        String cut = a.command("spore:send --important " + probe + " unconfirmed");
        iptables(hosts.nsA, "-F", "INPUT");
        System.out.println("important send with its confirmation cut: " + cut);
        assertTrue(cut.contains("may or may not have been delivered"), cut);
        assertFalse(cut.contains("not delivered"), cut);
        // It was delivered: only the confirmation was lost.
        b.awaitEvents(probe, events -> events.contains("message unconfirmed"), CLIENT);

        String nowhere = "c@" + hosts.addressB + ".1.1";
        String refused = a.command("spore:send --important " + nowhere + " hello");
        System.out.println("important send to a node that cannot be reached: " + refused);
        assertTrue(refused.contains("not delivered") || refused.contains("not connected"), refused);
        assertFalse(refused.contains("may or may not"), refused);
    }

    // ---- helpers ----

    private void makeHosts(String tag, int subnet) throws Exception {
        StringBuilder whyNot = new StringBuilder();
        hosts = NamespacePair.create(tag, subnet, whyNot);
        Assumptions.assumeTrue(hosts != null, "skipped: this test needs 'ip netns add' (root, or CAP_NET_ADMIN"
            + " and CAP_SYS_ADMIN), which failed here: " + whyNot);
        String noIptables = run(List.of("ip", "netns", "exec", hosts.nsA, "iptables", "-S", "INPUT"));
        Assumptions.assumeTrue(noIptables == null, "skipped: this test drops packets with iptables, which failed"
            + " here: " + noIptables);
        cluster = new Cluster(tmp);
    }

    private SporeProcess client(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--cookie-file", cluster.cookie().toString(), "--name-service-port",
            Integer.toString(cluster.nameServicePort())));
        SporeProcess client = SporeProcess.start(cluster.dir(), command.toArray(String[]::new));
        client.closeInput();
        return client;
    }

    private void freeze(ClusterNode node) throws Exception {
        signal("STOP", node.process().pid());
        stopped.add(node.process());
    }

    private void thaw(ClusterNode node) throws Exception {
        signal("CONT", node.process().pid());
        stopped.remove(node.process());
    }

    private static void signal(String name, long pid) throws Exception {
        String failed = run(List.of("kill", "-" + name, Long.toString(pid)));
        if (failed != null) {
            fail(failed);
        }
    }

    private static void iptables(String ns, String... args) throws Exception {
        List<String> command = new ArrayList<>(NamespacePair.in(ns));
        command.add("iptables");
        command.addAll(List.of(args));
        String failed = run(command);
        if (failed != null) {
            fail(failed);
        }
    }

    /** @return {@code null} when the command succeeded, else what it printed */
    private static String run(List<String> command) throws IOException, InterruptedException {
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
        return process.exitValue() == 0 ? null : String.join(" ", command) + " (status " + process.exitValue()
            + "): " + output;
    }
}
