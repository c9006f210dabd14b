package io.spore.distribution;

import io.spore.api.Pid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spore send}, {@code spore call} and {@code spore ping} against a running node, each a JVM that joins as a
 * short-lived client node with the cluster's cookie and leaves: answers on standard output, failures as one line
 * and a non-zero status.
 */
@Timeout(240)
class ClientCommandsIT {
    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Cluster cluster;
    private ClusterNode node;

    @BeforeEach
    void startNode() throws Exception {
        cluster = new Cluster(tmp);
        node = cluster.start("server@localhost").awaitUp();
    }

    @AfterEach
    void stopNode() {
        cluster.close();
    }

    @Test
    void callPrintsTheReplyOfAPidOrAName() throws Exception {
        String echo = node.spawn("echo");
        SporeProcess byPid = timed("call by pid", "call", "--node", "server@localhost", "--to", "<" + echo + ">",
            "hello", "from", "a", "client");
        assertEquals(0, byPid.awaitExit(CLIENT), byPid.output());
        assertEquals("hello from a client", byPid.output().strip());

        String probe = node.spawn("probe");
        assertEquals("registered", node.call(probe, "register inbox"));
        SporeProcess byName = timed("call by name", "call", "--node", "server@localhost", "--to", "inbox", "events");
        assertEquals(0, byName.awaitExit(CLIENT), byName.output());
        assertEquals("(none)", byName.output().strip());
    }

    @Test
    void sendDeliversAMessageAndLeaves() throws Exception {
        String probe = node.spawn("probe");
        assertEquals("registered", node.call(probe, "register inbox"));
        SporeProcess send = timed("send", "send", "--node", "server@localhost", "--to", "inbox", "hello", "there");
        assertEquals(0, send.awaitExit(CLIENT), send.output());
        assertEquals("", send.output().strip(), "a send prints nothing");
        node.awaitEvents(probe, events -> events.contains("message hello there"), DEADLINE);

        SporeProcess byPid = timed("send by pid", "send", "--node", "server@localhost", "--to", probe, "by", "pid");
        assertEquals(0, byPid.awaitExit(CLIENT), byPid.output());
        node.awaitEvents(probe, events -> events.contains("message by pid"), DEADLINE);

        SporeProcess important = timed("important send", "send", "--important", "--node", "server@localhost",
            "--to", probe, "confirmed");
        assertEquals(0, important.awaitExit(CLIENT), important.output());
        // The command returned once the node had the message in the process's mailbox.
        node.awaitEvents(probe, events -> events.contains("message confirmed"), DEADLINE);
    }

    /**
     * An operator's retry: each run is a new client node, with a new name and incarnation, and the node still
     * recognises the repeated id, so the message is in the mailbox once; another id is another message.
     */
    @Test
    void aSendRunAgainWithItsDeliveryIdIsDeliveredOnce() throws Exception {
        String probe = node.spawn("probe");
        for (String id : new String[] {"77", "77", "78"}) {
            SporeProcess send = timed("send with delivery id " + id, "send", "--delivery-id", id, "--node",
                "server@localhost", "--to", probe, "once", "as", id);
            assertEquals(0, send.awaitExit(CLIENT), send.output());
        }
        String events = node.awaitEvents(probe, e -> e.contains("message once as 78"), DEADLINE);
        assertEquals(1, events.split("message once as 77", -1).length - 1, events);
    }

    @Test
    void pingPrintsTheRoundTrip() throws Exception {
        SporeProcess ping = timed("ping", "ping", "server@localhost");
        assertEquals(0, ping.awaitExit(CLIENT), ping.output());
        assertTrue(ping.output().strip().startsWith("pong from server@localhost: round trip "), ping.output());
    }

    @Test
    void failuresAreOneLineAndNonZero() throws Exception {
        SporeProcess noProcess = timed("call to a missing name", "call", "--node", "server@localhost", "--to",
            "nobody", "hi");
        assertOneLineFailure(noProcess, "NO_PROCESS");

        Pid probe = Pid.parse("<" + node.spawn("probe") + ">"); // the node prints pids without brackets
        String missing = new Pid(probe.node(), 999_999, probe.creation()).toString();
        SporeProcess notDelivered = timed("important send to a missing pid", "send", "--important", "--node",
            "server@localhost", "--to", missing, "hi");
        assertOneLineFailure(notDelivered, "NO_PROCESS");

        SporeProcess noNode = timed("ping of a missing node", "ping", "missing@localhost", "--timeout", "2s");
        assertOneLineFailure(noNode, "NODE_DOWN");

        SporeProcess timeout = timed("call that is never answered", "call", "--node", "server@localhost",
            "--to", node.spawn("probe"), "--timeout", "500ms", "hold");
        assertOneLineFailure(timeout, "TIMEOUT");

        Path wrong = Cluster.writeCookie(tmp.resolve("wrong-cookie"));
        SporeProcess refused = SporeProcess.start(tmp, "call", "--node", "server@localhost", "--to",
            node.spawn("echo"), "hi", "--cookie-file", wrong.toString(),
            "--name-service-port", Integer.toString(cluster.nameServicePort()));
        refused.closeInput();
        assertOneLineFailure(refused, "NODE_DOWN");
        assertTrue(node.process().isAlive(), "the node carries on");

        SporeProcess badDuration = SporeProcess.start(tmp, "call", "--node", "server@localhost", "--to", "x",
            "--timeout", "soon", "hi");
        badDuration.closeInput();
        assertEquals(2, badDuration.awaitExit(CLIENT), badDuration.output());
        assertEquals(1, badDuration.output().strip().lines().count(), badDuration.output());
    }

    private static void assertOneLineFailure(SporeProcess client, String reason) throws InterruptedException {
        int status = client.awaitExit(CLIENT);
        String output = client.output().strip();
        assertNotEquals(0, status, output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.contains(reason), "expected " + reason + " in: " + output);
    }

    /** Runs a client command with the cluster's cookie and name service, and prints how long it took. */
    private SporeProcess timed(String what, String... args) throws Exception {
        long startNs = System.nanoTime();
        SporeProcess client = cluster.client(CLIENT, args);
        System.out.printf("%s: %d ms, whole JVM%n", what, (System.nanoTime() - startNs) / 1_000_000);
        return client;
    }
}
