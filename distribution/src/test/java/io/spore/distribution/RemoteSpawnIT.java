package io.spore.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Remote spawn across three real node JVMs from the built distribution, started once for the class: {@code t}
 * hosts the factories (the examples and the spawn test bundle), {@code a} and {@code x} request spawns through
 * spawner processes driven by their shells, and the {@code spore spawn} command requests as a client node. {@code x}
 * exposes its env ({@code --expose-env-remote-spawn}) and accepts no spawns itself ({@code --no-remote-spawn}).
 *
 * <p>The tests change different spawn names, so they do not depend on each other's order.
 */
@Timeout(240)
class RemoteSpawnIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final Pattern PID = Pattern.compile("^[^<>\\s]+@[^<>\\s]+\\.\\d+\\.-?\\d+$");
    private static final String T = "t@localhost";

    @TempDir
    static Path tmp;
    private static Cluster cluster;
    private static ClusterNode t;
    private static ClusterNode a;
    private static ClusterNode x;
    private static String spawnerA;
    private static String spawnerX;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new Cluster(tmp);
        Path spawnJar = TestBundleJar.buildSpawn(Files.createDirectories(tmp.resolve("jars")).resolve("spawn.jar"));
        t = cluster.startWith(List.of(spawnJar), T);
        a = cluster.startWith(List.of(spawnJar), "a@localhost");
        x = cluster.startWith(List.of(spawnJar), "x@localhost", "--expose-env-remote-spawn", "--no-remote-spawn");
        for (ClusterNode node : List.of(t, a, x)) {
            node.awaitUp();
            assertTrue(node.repeatUntil("spore:factories", out -> out.contains("spawner"), DEADLINE),
                node.name() + " offers the spawn test factories: " + node.process().output());
        }
        spawnerA = a.spawn("spawner");
        spawnerX = x.spawn("spawner");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Asks a spawner to spawn on a node; @return the pid (without brackets) or "failed REASON: message". */
    private static String spawn(ClusterNode from, String spawner, String node, String factory, String... args)
        throws Exception {
        return from.call(spawner, "spawn " + node + " " + factory + " " + String.join(" ", args)).strip();
    }

    private static String spawnedPid(ClusterNode from, String spawner, String factory) throws Exception {
        String answer = spawn(from, spawner, T, factory);
        assertTrue(PID.matcher(answer).matches(), "spawned " + factory + " from " + from.name() + ": " + answer
            + "\n" + t.process().output());
        return answer;
    }

    private static String factoriesLine(String name) throws Exception {
        for (String line : t.command("spore:factories").lines().toList()) {
            if (line.startsWith(name + " ")) {
                return line.replaceAll(" +", " ");
            }
        }
        return fail("no line for " + name + " in spore:factories on t: " + t.process().output());
    }

    @Test
    void aListedNodeMaySpawnAndAnUnlistedOneIsDeniedAndAudited() throws Exception {
        assertEquals("listed allowed for a@localhost 0 0", factoriesLine("listed"), "from spore.spawn.nodes");
        String child = spawnedPid(a, spawnerA, "listed");
        assertTrue(child.startsWith(T + "."), child);
        int mark = t.mark();
        String denied = spawn(x, spawnerX, T, "listed");
        assertTrue(denied.startsWith("failed NOT_ALLOWED: node x@localhost may not spawn 'listed'"), denied);
        t.awaitOutput("refused a remote spawn of 'listed' requested by x@localhost", mark);
        assertEquals("listed allowed for a@localhost 1 1", factoriesLine("listed"));

        // Removing the last node opens the name to all again, loudly.
        mark = t.mark();
        assertEquals("listed: open to all nodes", t.command("spore:disable-spawn listed a@localhost"));
        t.awaitOutput("ANY node may now spawn it remotely", mark);
        assertTrue(PID.matcher(spawn(x, spawnerX, T, "listed")).matches());
        // Adding a node closes it to the others again.
        assertEquals("listed: allowed for x@localhost", t.command("spore:enable-spawn listed x@localhost"));
        assertTrue(spawn(a, spawnerA, T, "listed").startsWith("failed NOT_ALLOWED"));
    }

    @Test
    void aFullyDisabledNameIsUnknownToOtherNodesOnly() throws Exception {
        assertEquals("counter: disabled for remote spawn", t.command("spore:disable-spawn counter"));
        String unknown = spawn(a, spawnerA, T, "counter");
        assertTrue(unknown.startsWith("failed UNKNOWN_FACTORY"), unknown);
        t.spawn("counter"); // a local spawn still works (it fails the test if not)
        assertEquals("counter: open to all nodes", t.command("spore:enable-spawn counter"));
        spawnedPid(a, spawnerA, "counter");
    }

    @Test
    void aNodeWithRemoteSpawnOffRefusesAtOnceOnTheRequester() throws Exception {
        int mark = x.mark();
        long startNs = System.nanoTime();
        String refused = spawn(a, spawnerA, "x@localhost", "echo");
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        assertTrue(refused.startsWith("failed REMOTE_SPAWN_DISABLED"), refused);
        assertTrue(elapsedMs < 4000, "refused in " + elapsedMs + " ms, not after the 5 s timeout");
        // Refused on the requester from the handshake's flag: x never saw a request to refuse.
        assertTrue(!x.process().output().substring(mark).contains("refused a remote spawn"), x.process().output());
    }

    @Test
    void theChildInheritsApplicationAndLogLevelAndTheEnvOnlyWhenExposed() throws Exception {
        String childOfA = a.call(spawnerA, "child billing");
        String viaA = spawnedPid(a, childOfA, "inspect");
        assertEquals("parent=" + childOfA + " application=billing level=DEBUG env={} args=[]",
            a.call(viaA, "info"), "a does not expose its env");

        String childOfX = x.call(spawnerX, "child shipping");
        String viaX = spawnedPid(x, childOfX, "inspect");
        assertEquals("parent=" + childOfX + " application=shipping level=DEBUG env={region=eu} args=[]",
            x.call(viaX, "info"), "x exposes its env");
    }

    @Test
    void theCommandLinePrintsThePidAndATakenNameIsRefused() throws Exception {
        SporeProcess first = cluster.client(CLIENT, "spawn", "--node", T, "--register", "the-one", "inspect",
            "42", "hello");
        assertEquals(0, first.awaitExit(CLIENT), first.output());
        String pid = first.output().strip();
        assertTrue(pid.matches("<t@localhost\\.\\d+\\.-?\\d+>"), pid);
        String bare = pid.substring(1, pid.length() - 1);
        assertTrue(t.call("the-one", "info").endsWith("args=[42, hello]"), "Long and String arguments");
        String parent = t.call("the-one", "info").replaceAll("^parent=(\\S+) .*$", "$1");
        assertTrue(parent.matches("client-\\d+@localhost\\.0\\.-?\\d+"), "the client node's identity: " + parent);
        assertTrue(t.command("spore:names").contains(bare), t.command("spore:names"));

        String taken = a.call(spawnerA, "spawnreg " + T + " the-one inspect");
        assertTrue(taken.startsWith("failed NAME_TAKEN"), taken);
    }

    @Test
    void anInitFailureIsReportedWithItsMessage() throws Exception {
        SporeProcess failing = cluster.client(CLIENT, "spawn", "--node", T, "failing", "7");
        assertNotEquals(0, failing.awaitExit(CLIENT), failing.output());
        String line = failing.output().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("INIT_FAILED") && line.contains("the init failed on purpose, with [7]"), line);
    }

    @Test
    void aRequesterThatTimesOutLeavesNoProcessBehind() throws Exception {
        int mark = t.mark();
        SporeProcess slow = cluster.client(CLIENT, "spawn", "--node", T, "--timeout", "300ms", "slow", "1500");
        assertNotEquals(0, slow.awaitExit(CLIENT), slow.output());
        assertTrue(slow.output().contains("TIMEOUT"), slow.output());
        t.awaitOutput("('slow' spawned for client-", mark); // t kills the child nobody waits for
        assertTrue(t.repeatUntil("spore:ps", out -> !out.contains(" slow "), DEADLINE),
            "the slow child was undone on t: " + t.process().output());
        assertTrue(factoriesLine("slow").endsWith(" 0 0"), "never counted as spawned: " + factoriesLine("slow"));
    }

    @Test
    void aBundleDroppedInIsSpawnableAtOnceAndStoppingItWithdrawsTheName() throws Exception {
        assertTrue(spawn(a, spawnerA, T, "testfactory").startsWith("failed UNKNOWN_FACTORY"));
        Path jar = TestBundleJar.build(tmp.resolve("jars").resolve("testfactory.jar"));
        Path deployed = Files.copy(jar, t.deployDir().resolve("testfactory.jar"));
        String[] child = {""};
        assertTrue(a.repeatUntil("spore:call " + spawnerA + " spawn " + T + " testfactory",
            out -> PID.matcher(child[0] = out).matches(), DEADLINE), "spawnable without a restart: " + child[0]);
        assertEquals("hello, spore", a.call(child[0], "spore"));

        // Stopped mid-way: a spawn whose init takes 2.5 s is running on t when the bundle goes.
        CompletableFuture<String> midway = CompletableFuture.supplyAsync(() -> {
            try {
                return a.call(spawnerA, "spawn " + T + " testfactory 2500");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(t.repeatUntil("spore:ps", out -> out.contains("INITIALIZING"), DEADLINE),
            "the slow spawn is in its init on t: " + t.process().output());
        Files.delete(deployed);
        String answer = midway.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(answer.startsWith("failed UNKNOWN_FACTORY") && answer.contains("withdrawn"), answer);

        assertTrue(a.repeatUntil("spore:call " + spawnerA + " spawn " + T + " testfactory",
            out -> out.startsWith("failed UNKNOWN_FACTORY"), DEADLINE), t.process().output());
        assertTrue(t.repeatUntil("spore:ps", out -> !out.contains("testfactory"), DEADLINE),
            "every process of the factory ended with its bundle: " + t.command("spore:ps"));
    }
}
