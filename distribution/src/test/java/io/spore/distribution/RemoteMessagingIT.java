package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real nodes on loopback, each its own JVM from the built distribution, driven through their shells: messages
 * and calls go both ways, a pid carried inside a message is answered, and a node with another cookie is refused
 * while both nodes carry on.
 */
@Timeout(180)
class RemoteMessagingIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Cluster cluster;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new Cluster(tmp);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void messagesAndCallsGoBothWays() throws Exception {
        List<ClusterNode> nodes = cluster.startAll("a@localhost", "b@localhost");
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        String echoA = a.spawn("echo");
        String echoB = b.spawn("echo");
        String loggerA = a.spawn("logger");
        String loggerB = b.spawn("logger");

        assertEquals("hello from a", a.call(echoB, "hello from a"), a.process().output());
        assertEquals("hello from b", b.call(echoA, "hello from b"), b.process().output());

        // The logger prints what it receives on its own node's console.
        int markB = b.mark();
        assertEquals("", a.send(loggerB, "a message from a"));
        b.awaitOutput("[logger <" + loggerB + ">] a message from a", markB);
        int markA = a.mark();
        assertEquals("", b.send(loggerA, "a message from b"));
        a.awaitOutput("[logger <" + loggerA + ">] a message from b", markA);

        // Order per sender and receiver: many messages, then a call on the same path sees them all.
        String counterB = b.spawn("counter");
        for (int i = 0; i < 20; i++) {
            a.send(counterB, "inc");
        }
        assertTrue(a.repeatUntil("spore:call " + counterB + " get", "20"::equals, DEADLINE),
            a.process().output());
    }

    @Test
    void aPidInsideAMessageIsAnswered() throws Exception {
        List<ClusterNode> nodes = cluster.startAll("a@localhost", "b@localhost");
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        String probeA = a.spawn("probe");
        String echoB = b.spawn("echo");
        String probeB = b.spawn("probe");
        String echoA = a.spawn("echo");

        // The probe sends [its own pid, text]; the remote echo sends the text to that pid.
        assertEquals("asked", a.call(probeA, "ask " + echoB + " answer a, please"));
        a.awaitEvents(probeA, events -> events.contains("message answer a, please"), DEADLINE);
        assertEquals("asked", b.call(probeB, "ask " + echoA + " answer b, please"));
        b.awaitEvents(probeB, events -> events.contains("message answer b, please"), DEADLINE);
    }

    @Test
    void aNodeWithAnotherCookieIsRefusedAndBothNodesCarryOn() throws Exception {
        ClusterNode a = cluster.start("a@localhost");
        Path otherCookie = Cluster.writeCookie(tmp.resolve("other-cookie"));
        ClusterNode stranger = cluster.start("stranger@localhost", "--cookie-file", otherCookie.toString());
        a.awaitUp();
        stranger.awaitUp();
        String probeA = a.spawn("probe");
        String echoStranger = stranger.spawn("echo");

        assertEquals("calling", a.call(probeA, "call " + echoStranger + " let me in"));
        String events = a.awaitEvents(probeA, e -> e.contains("failed") || e.contains("reply"), DEADLINE);
        assertTrue(events.contains("failed NODE_DOWN"), events);
        // Gogo would read a '?' as a glob: plain words only.
        assertTrue(a.call(echoStranger, "and now").startsWith("call failed"), a.process().output());

        // Both nodes are still up and serve their own processes.
        assertTrue(a.process().isAlive() && stranger.process().isAlive());
        assertEquals("still here", a.call(a.spawn("echo"), "still here"));
        assertEquals("me too", stranger.call(echoStranger, "me too"));
    }
}
