package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nodes that go away: a node killed with SIGKILL (no goodbye) is detected by the heartbeats within the detection
 * timeout, which fires monitors with {@code noconnection} and fails a pending call with {@code NODE_DOWN}; a node
 * restarted under the same name comes back with a new creation and is reached again without manual steps; a node
 * that cannot bind its port stops at once, saying why, rather than run unreachable.
 */
@Timeout(180)
class NodeFailureIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Short, so the test is quick; the rule is the same at the default 300 ms / 3 s. */
    private static final Duration HEARTBEAT = Duration.ofMillis(250);
    private static final Duration DETECTION = Duration.ofMillis(1500);
    /** What detection may take beyond its timeout: up to two heartbeat intervals (the next heartbeat was due, and
     * its measured gap), and a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1000);
    private static final Pattern DOWN = Pattern.compile("down <(\\S+)> (\\S+) at (\\d+)");
    private static final Pattern FAILED = Pattern.compile("failed (\\S+) at (\\d+)");

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
    void aKilledNodeFiresMonitorsAndFailsPendingCallsWithinTheDetectionTime() throws Exception {
        String[] detection = {"--heartbeat-interval", HEARTBEAT.toMillis() + "ms",
            "--detection-timeout", DETECTION.toMillis() + "ms"};
        ClusterNode a = cluster.start("a@localhost", detection);
        ClusterNode b = cluster.start("b@localhost", detection);
        a.awaitUp();
        b.awaitUp();
        String probeA = a.spawn("probe");
        String echoB = b.spawn("echo");
        String holderB = b.spawn("probe");

        // Connected first, so the heartbeats run before the kill.
        assertEquals("connected", a.call(echoB, "connected"));
        assertEquals("monitoring", a.call(probeA, "monitor " + echoB));
        assertEquals("calling", a.call(probeA, "call " + holderB + " hold"));
        assertEquals("(none)", a.call(probeA, "events"), "nothing has happened to the probe yet");

        long killedAtMs = System.currentTimeMillis();
        b.kill();
        String events = a.awaitEvents(probeA, e -> e.contains("down ") && e.contains("failed "), DEADLINE);

        Matcher down = DOWN.matcher(events);
        assertTrue(down.find(), events);
        assertEquals(echoB, down.group(1), events);
        assertEquals("noconnection", down.group(2), events);
        assertWithinDetection("the monitor's down", Long.parseLong(down.group(3)) - killedAtMs);
        Matcher failed = FAILED.matcher(events);
        assertTrue(failed.find(), events);
        assertEquals("NODE_DOWN", failed.group(1), events);
        assertWithinDetection("the pending call's failure", Long.parseLong(failed.group(2)) - killedAtMs);
        assertTrue(a.process().isAlive(), "the surviving node runs on");
        assertEquals("alive", a.call(a.spawn("echo"), "alive"));
    }

    @Test
    void aNodeWhosePortIsTakenStopsSayingWhy() throws Exception {
        int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ClusterNode first = cluster.start("first@localhost", "--port", Integer.toString(port)).awaitUp();
        assertTrue(first.process().output().contains("UDP port " + port), first.process().output());

        SporeProcess second = cluster.start("second@localhost", "--port", Integer.toString(port)).process();
        assertEquals(1, second.awaitExit(DEADLINE), second.output());
        String last = second.output().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("spore node: node second@localhost stopped: its transport did not start")
            && last.contains(Integer.toString(port)), last);
        assertTrue(first.process().isAlive(), "the first node carries on");
    }

    private static void assertWithinDetection(String what, long afterKillMs) {
        System.out.printf("%s came %d ms after the kill (detection timeout %d ms)%n", what, afterKillMs,
            DETECTION.toMillis());
        assertTrue(afterKillMs <= DETECTION.plus(SLACK).toMillis(), what + " came " + afterKillMs
            + " ms after the kill; the detection timeout is " + DETECTION.toMillis() + " ms");
    }

    @Test
    void aRestartedNodeIsReachedAgainUnderItsNewCreation() throws Exception {
        ClusterNode a = cluster.start("a@localhost");
        ClusterNode b = cluster.start("b@localhost");
        a.awaitUp();
        b.awaitUp();
        String oldEchoB = b.spawn("echo");
        assertEquals("first", a.call(oldEchoB, "first"));
        int oldCreation = b.creation();
        b.kill();

        ClusterNode again = cluster.start("b@localhost").awaitUp();
        assertNotEquals(oldCreation, again.creation(), "a new incarnation has a new creation");
        String newEchoB = again.spawn("echo");
        assertTrue(newEchoB.endsWith("." + again.creation()), newEchoB);

        // Reached again under the same name with no step in between; the first calls may race the old
        // connection's detection, so poll.
        assertTrue(a.repeatUntil("spore:call " + newEchoB + " second", "second"::equals,
            DEADLINE), a.process().output());
        String old = a.call(oldEchoB, "first again");
        assertTrue(old.contains("call failed"), "a pid of the old incarnation addresses nothing: " + old);
    }

    /**
     * A node killed with SIGKILL leaves its embedded driver's folder (tens of megabytes of /dev/shm); the next node
     * of the same user to start removes it at once, since the process recorded in its cnc.dat is gone.
     */
    @Test
    void aKilledNodesDriverFolderIsReclaimedByTheNextStart() throws Exception {
        Path drivers = Path.of("/dev/shm", "spore-" + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "no /dev/shm: the drivers live elsewhere");
        ClusterNode doomed = cluster.start("doomed@localhost").awaitUp();
        Set<Path> left = driverFolders(drivers, "doomed");
        assertEquals(1, left.size(), "the node's one embedded driver folder: " + left);
        doomed.killLeavingFiles();
        assertTrue(Files.isDirectory(left.iterator().next()), "SIGKILL leaves the folder behind");

        cluster.start("next@localhost").awaitUp();
        for (Path folder : left) {
            assertFalse(Files.exists(folder), folder + " should be gone once the next node started");
        }
    }

    private static Set<Path> driverFolders(Path drivers, String node) throws IOException {
        try (Stream<Path> folders = Files.list(drivers)) {
            return folders.filter(folder -> folder.getFileName().toString().startsWith("spore-" + node + "-"))
                .collect(Collectors.toSet());
        }
    }
}
