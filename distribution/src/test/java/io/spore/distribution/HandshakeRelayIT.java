package io.spore.distribution;

import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The handshake through a third process on the path, a {@link UdpRelay} between two real node processes: node a is
 * routed to the relay, which forwards to node b. Unmodified, the relay is just a longer path and the nodes talk;
 * when it flips a flag of a's Hello on the way (a downgrade in transit), each side's proof covers a transcript the
 * other did not see, and the handshake fails on both sides, counted and logged; so it does when the relay rewrites
 * the Hello's endpoint to its own port, so that b answers through it too (a relayed handshake).
 */
@Timeout(300)
class HandshakeRelayIT {
    private static final Pattern FAILED_HANDSHAKES = Pattern.compile("transport\\.failedHandshakes +(\\d+)");

    @TempDir
    Path tmp;

    private Cluster cluster;
    private UdpRelay relay;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** @return a, routed to b through the relay, and b, both up */
    private ClusterNode[] startThroughRelay(UdpRelay.Mode mode) throws Exception {
        cluster = new Cluster(tmp);
        int portA = FreePorts.udp();
        int portB = FreePorts.udp();
        relay = new UdpRelay(new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB),
            mode);
        // The relay rewrites a's port in place, so both must print as many digits.
        assumeTrue(Integer.toString(portA).length() == Integer.toString(relay.port()).length(),
            "ports of different lengths: " + portA + ", " + relay.port());
        ClusterNode b = cluster.start("b@localhost", "--bind", "127.0.0.1", "--port", Integer.toString(portB));
        ClusterNode a = cluster.start("a@localhost", "--bind", "127.0.0.1", "--port", Integer.toString(portA),
            "--route", "b@localhost=127.0.0.1:" + relay.port());
        return new ClusterNode[] {a.awaitUp(), b.awaitUp()};
    }

    @Test
    void anUnmodifiedRelayIsJustALongerPath() throws Exception {
        ClusterNode[] nodes = startThroughRelay(UdpRelay.Mode.FORWARD);
        ClusterNode a = nodes[0];
        ClusterNode b = nodes[1];
        String echo = b.spawn("echo");
        assertEquals("through the relay", a.call(echo, "through the relay"),
            a.process().output() + b.process().output());
        assertEquals(0, failedHandshakes(a), a.process().output());
        assertEquals(0, failedHandshakes(b), b.process().output());
    }

    /**
     * A flag of a's Hello flipped, or its endpoint rewritten to the relay's (so that b answers through the relay):
     * the nodes cannot agree on the transcript.
     */
    @ParameterizedTest
    @EnumSource(value = UdpRelay.Mode.class, names = {"FLIP_FLAGS", "REDIRECT_ENDPOINT"})
    void aHelloChangedInTransitFailsTheHandshakeOnBothSides(UdpRelay.Mode mode) throws Exception {
        ClusterNode[] nodes = startThroughRelay(mode);
        ClusterNode a = nodes[0];
        ClusterNode b = nodes[1];
        String echo = b.spawn("echo");
        assertNotEquals("downgraded", a.call(echo, "downgraded"), "the call must fail: " + a.process().output());
        assertTrue(relay.hellosChanged() > 0, "the relay changed a's Hello");
        for (ClusterNode node : new ClusterNode[] {a, b}) {
            assertTrue(node.repeatUntil("spore:stats", out -> count(out) > 0, ClusterNode.DEADLINE),
                node.name() + " counts a failed handshake: " + node.process().output());
        }
        // b finds a's proof wrong for the transcript it saw; a learns it from b's refusal. Both say so.
        b.awaitOutput("handshake of b@localhost with a@localhost failed (WRONG_COOKIE): a@localhost does not prove"
            + " our cookie", 0);
        a.awaitOutput("handshake of a@localhost with b@localhost failed: b@localhost refused it: a@localhost does not"
            + " prove our cookie", 0);
        for (ClusterNode node : new ClusterNode[] {a, b}) {
            assertTrue(node.process().output().contains("(or the handshake was altered or relayed in transit)"),
                node.process().output());
        }
        assertTrue(a.command("spore:nodes").contains("no node is connected"), a.process().output());
        assertTrue(b.command("spore:nodes").contains("no node is connected"), b.process().output());
    }

    private static long failedHandshakes(ClusterNode node) throws IOException {
        return count(node.command("spore:stats"));
    }

    private static long count(String stats) {
        Matcher matcher = FAILED_HANDSHAKES.matcher(stats);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
