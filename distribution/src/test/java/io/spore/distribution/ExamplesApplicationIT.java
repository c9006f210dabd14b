package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples application as the README tells users to run it across two real node processes: node a, started
 * with {@code -Dspore.examples.remote.node=b@localhost}, runs worker-1 and worker-2 itself and worker-3 on node b;
 * {@code spore:apps} and {@code spore:tree} show it; worker-3, told to crash from a's shell, is restarted on b.
 */
@Timeout(180)
class ExamplesApplicationIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern WORKER_3 = Pattern.compile("(?m)^ +worker-3 +'<(b@localhost\\.\\d+\\.-?\\d+)>'"
        + " +worker +permanent +restarts (\\d+)");

    @TempDir
    Path tmp;

    private Cluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new Cluster(tmp);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void worker3RunsOnTheConfiguredNodeAndIsRestartedThere() throws Exception {
        cluster.start("b@localhost").awaitUp();
        ClusterNode a = cluster.start(List.of("env", "JAVA_OPTS=-Dspore.examples.remote.node=b@localhost"),
            "a@localhost").awaitUp();

        assertTrue(a.repeatUntil("spore:apps", out -> out.contains("examples") && out.contains("RUNNING"),
            DEADLINE), "the examples application runs: " + a.command("spore:apps"));
        String tree = a.command("spore:tree examples");
        assertTrue(Pattern.compile("(?m)^ +worker-1 +'<a@localhost\\.").matcher(tree).find(), tree);
        Matcher first = WORKER_3.matcher(tree);
        assertTrue(first.find(), "worker-3 on b: " + tree);
        String before = first.group(1);
        assertTrue(a.call(before, "status").contains("worker-3 on b@localhost (application examples, jobs 0)"),
            "a call across: " + a.call(before, "status"));

        a.send(before, "crash");
        assertTrue(a.repeatUntil("spore:tree examples", out -> {
            Matcher now = WORKER_3.matcher(out);
            return now.find() && now.group(2).equals("1");
        }, DEADLINE), "worker-3 restarted: " + a.command("spore:tree examples"));
        Matcher after = WORKER_3.matcher(a.command("spore:tree examples"));
        assertTrue(after.find());
        assertNotEquals(before, after.group(1), "a new process, on b again");
        assertTrue(a.command("spore:tree examples").contains("worker-3 was told to crash"), "its last exit");
    }
}
