package io.spore.distribution;

import io.spore.testsupport.FreePorts;
import io.spore.testsupport.NamespacePair;
import io.spore.wire.sbe.ExitEncoder;
import io.spore.wire.sbe.ExitKind;
import io.spore.wire.sbe.ExitOrigin;
import io.spore.wire.sbe.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What {@code --wire-security} promises, between real node processes ({@code bin/spore node}) with real sockets as
 * attackers: nodes of different modes refuse each other with the one-line reason on both sides, on loopback and
 * across two network namespaces; and an {@code Exit(killed)} written by a raw UDP socket on another address into a
 * live data session of node a to node b, at the session, term and offset a would use next (read from a's media
 * driver's log buffer), kills b's process in clear ({@code none}: the attack is real) and is dropped and counted by
 * a sealed node, whose process lives on; the sealed node ends the connection whose stream the frame broke, and the
 * next send forms it again.
 */
@Timeout(300)
class WireSecurityIT {
    /** Spore's data stream, where exit signals travel (TransportContext.DEFAULT_DATA_STREAM_ID). */
    private static final int DATA_STREAM = 1002;
    private static final Duration DEADLINE = ClusterNode.DEADLINE;

    @TempDir
    Path tmp;

    private Cluster cluster;
    private NamespacePair hosts;

    @AfterEach
    void stopNodes() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void nodesOfDifferentModesRefuseEachOtherWithTheReasonOnBothSides() throws Exception {
        cluster = new Cluster(tmp);
        ClusterNode sealed = cluster.start("sealed@localhost", "--wire-security", "sealed");
        ClusterNode tagged = cluster.start("tagged@localhost", "--wire-security", "authenticated");
        assertRefusedForModes(sealed.awaitUp(), tagged.awaitUp());
    }

    @Test
    void nodesOfDifferentModesOnTwoHostsRefuseEachOther() throws Exception {
        StringBuilder whyNot = new StringBuilder();
        hosts = NamespacePair.create("ws", 91, whyNot);
        Assumptions.assumeTrue(hosts != null, "skipped: this test needs 'ip netns add' (root, or CAP_NET_ADMIN and"
            + " CAP_SYS_ADMIN), which failed here: " + whyNot);
        cluster = new Cluster(tmp);
        int port = FreePorts.udp();
        String nameA = "sealed@" + hosts.addressA;
        String nameB = "tagged@" + hosts.addressB;
        ClusterNode sealed = cluster.start(NamespacePair.in(hosts.nsA), nameA, "--bind", hosts.addressA, "--port",
            Integer.toString(port), "--route", nameB + "=" + hosts.addressB + ":" + port, "--wire-security",
            "sealed");
        ClusterNode tagged = cluster.start(NamespacePair.in(hosts.nsB), nameB, "--bind", hosts.addressB, "--port",
            Integer.toString(port), "--route", nameA + "=" + hosts.addressA + ":" + port, "--wire-security",
            "authenticated");
        assertRefusedForModes(sealed.awaitUp(), tagged.awaitUp());
    }

    /** A call from the sealed node to the other fails, and both nodes print why, naming both modes. */
    private static void assertRefusedForModes(ClusterNode sealed, ClusterNode tagged) throws IOException {
        String echo = tagged.spawn("echo");
        String answer = sealed.call(echo, "across modes");
        assertNotEquals("across modes", answer, "the call must fail: " + sealed.process().output());
        for (ClusterNode node : List.of(sealed, tagged)) {
            int at = node.process().awaitOutput("wire security differs: ", 0, DEADLINE);
            String output = node.process().output();
            String line = output.substring(at, output.indexOf('\n', at) < 0 ? output.length()
                : output.indexOf('\n', at)).strip();
            for (String fact : List.of(sealed.name() + " runs sealed", tagged.name() + " runs authenticated",
                "give both nodes the same --wire-security")) {
                assertTrue(line.contains(fact), node.name() + " says '" + fact + "' in: " + line);
            }
        }
        assertTrue(sealed.command("spore:nodes").contains("no node is connected"), sealed.process().output());
    }

    @ParameterizedTest(name = "--wire-security {0}")
    @ValueSource(strings = {"sealed", "none"})
    void anExitInjectedIntoALiveSessionIsObeyedOnlyInClear(String mode) throws Exception {
        cluster = new Cluster(tmp);
        List<String> modeOptions = mode.equals("none") ? List.of("--wire-security", "none", "--insecure-network")
            : List.of("--wire-security", mode);
        int portB = FreePorts.udp();
        ClusterNode a = cluster.start("a@localhost", modeOptions.toArray(String[]::new));
        ClusterNode b = cluster.start("b@localhost", concat(modeOptions, "--bind", "127.0.0.1", "--port",
            Integer.toString(portB)));
        a.awaitUp();
        b.awaitUp();
        String victim = b.spawn("probe");
        // Traffic on the data stream, so that a's data session to b is live and b's image of it has all a sent.
        assertEquals("", a.send(victim, "warm"), a.process().output());
        b.awaitEvents(victim, events -> events.contains("message warm"), DEADLINE);
        assertTrue(b.command("spore:ps").contains(victim), b.process().output());
        NextFramePosition next = restingPosition(a);

        try (AeronFrameInjector attacker = new AeronFrameInjector("127.0.0.2")) {
            attacker.inject(next, new InetSocketAddress("127.0.0.1", portB), exitKilled(a.creation(), victim));
        }

        if (mode.equals("none")) {
            assertTrue(b.repeatUntil("spore:ps", out -> !out.contains(victim), DEADLINE),
                "in clear, b obeys the injected Exit(killed) and its process ends: " + b.process().output());
        } else {
            assertTrue(b.repeatUntil("spore:stats", out -> stat(out, "transport.rejectedBadTag") >= 1, DEADLINE),
                "b drops and counts the injected frame: " + b.process().output());
            // The injected frame took the place of a's next one, so that stream is broken: b ends the connection,
            // says why, and a connects again on fresh sessions at its next send.
            b.awaitOutput("ends its connection to " + a.name(), 0); // and says why
            assertTrue(a.repeatUntil("spore:stats", out -> stat(out, "transport.connectionsDown") >= 1, DEADLINE),
                "a is told the connection ended: " + a.process().output());
            assertTrue(b.command("spore:ps").contains(victim), "the victim lives: " + b.process().output());
            assertEquals("", a.send(victim, "after"), a.process().output());
            b.awaitEvents(victim, events -> events.contains("message after"), DEADLINE);
            assertEquals("?", a.call(victim, "alive"), "the victim answers: " + a.process().output());
            assertTrue(b.repeatUntil("spore:nodes", out -> rejected(out, a.name()) == 1, DEADLINE),
                "the connection formed again, and b's row for a shows the refusal: " + b.command("spore:nodes"));
        }
    }

    /** @return the REJECTED column of {@code node}'s row in {@code spore:nodes}, or -1 without a row */
    private static long rejected(String nodesTable, String node) {
        return nodesTable.lines().map(String::strip).filter(l -> l.startsWith(node + " ")).findFirst()
            .map(row -> Long.parseLong(row.split(" +")[4])).orElse(-1L);
    }

    /** @return the value of {@code counter}'s row in {@code spore:stats}, or -1 without one */
    private static long stat(String statsTable, String counter) {
        return statsTable.lines().map(String::strip).filter(l -> l.startsWith(counter + " ")).findFirst()
            .map(row -> Long.parseLong(row.split(" +")[1])).orElse(-1L);
    }

    /**
     * Reads where a writes its next message on its one data session, until two reads agree: the session is at rest,
     * so the injected frame lands exactly where a's next would.
     */
    private static NextFramePosition restingPosition(ClusterNode a) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
        NextFramePosition last = null;
        while (System.nanoTime() - deadlineNs < 0) {
            List<NextFramePosition> sessions = NextFramePosition.of(a.process().pid(), DATA_STREAM);
            NextFramePosition now = sessions.size() == 1 ? sessions.get(0) : null;
            if (now != null && now.equals(last)) {
                return now;
            }
            last = now;
            Thread.sleep(200); // the poll interval between two reads
        }
        fail("no single data session of " + a.name() + " at rest in its driver folder (last read: " + last + ")");
        return null;
    }

    /** @return an Exit(killed) frame, as a's transport would write it, from a's process 1 to {@code victim} */
    private static byte[] exitKilled(int creationA, String victim) {
        int creationDot = victim.lastIndexOf('.');
        int idDot = victim.lastIndexOf('.', creationDot - 1);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        ExitEncoder exit = new ExitEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        exit.from().id(1).creation(creationA);
        exit.to().id(Long.parseLong(victim.substring(idDot + 1, creationDot)))
            .creation(Integer.parseInt(victim.substring(creationDot + 1)));
        exit.origin(ExitOrigin.EXPLICIT);
        exit.kind(ExitKind.KILLED);
        exit.description("");
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + exit.encodedLength());
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
