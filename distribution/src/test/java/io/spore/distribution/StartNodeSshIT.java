package io.spore.distribution;

import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The remote node manager over a real OpenSSH server ({@link Sshd}): the {@code --test} check through ssh, a node
 * started with {@code --fork ssh} that ends within two seconds of its creator's {@code kill -9} (its standard input
 * ends through ssh), and a detached node started with a fork command of our own that outlives its creator.
 */
@Timeout(300)
class StartNodeSshIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration ORPHAN_LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private Sshd sshd;
    private Path cookie;
    private final List<SporeProcess> processes = new ArrayList<>();
    private final List<Long> strayPids = new ArrayList<>();

    @BeforeEach
    void startSshd() throws Exception {
        String missing = Sshd.available();
        Assumptions.assumeTrue(missing == null, "skipped: " + missing);
        sshd = Sshd.start(tmp.resolve("ssh"));
        cookie = Cluster.writeCookie(tmp.resolve("cookie"));
    }

    @AfterEach
    void stopAll() throws Exception {
        processes.forEach(SporeProcess::close);
        strayPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (sshd != null) {
            sshd.close();
        }
    }

    private static boolean alive(long pid) {
        return OsProcesses.running(pid);
    }

    private String[] startNode(String name, String... forkOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("start-node", "--host", Sshd.HOST, "--name", name,
            "--spore", TestDistribution.script().toAbsolutePath().toString(), "--callback", "127.0.0.1"));
        args.addAll(List.of(forkOptions));
        args.addAll(List.of("--", "--cookie-file", cookie.toString(), "--name-service-port",
            Integer.toString(FreePorts.tcp()), "--deploy",
            Files.createDirectories(tmp.resolve(name)).resolve("deploy").toString(),
            "--state-dir", tmp.resolve(name).resolve("state").toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void selfTestThroughSsh() throws Exception {
        List<String> command = sshd.sshCommand(TestDistribution.script().toAbsolutePath().toString(), "node",
            "--test");
        Process ssh = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ssh.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, ssh.exitValue(), output);
        assertTrue(output.startsWith("spore node: test succeeded on "), output);
    }

    @Test
    void aNodeStartedOverSshEndsWithItsKilledCreator() throws Exception {
        SporeProcess creator = SporeProcess.start(tmp, startNode("r1", "--fork", "ssh", "--ssh", sshd.ssh()));
        processes.add(creator);
        Matcher started = creator.awaitMatch(Pattern.compile("node r1@" + Sshd.HOST
            + " started through ssh: pid (\\d+)"), 0, DEADLINE);
        long pid = Long.parseLong(started.group(1));
        strayPids.add(pid);
        assertTrue(alive(pid), "the node runs, as a child of sshd");

        assertTrue(creator.kill(DEADLINE), "the creator died of SIGKILL");
        assertTrue(Await.until(ORPHAN_LIMIT, () -> !alive(pid)), "the node over ssh ended within "
            + ORPHAN_LIMIT.toMillis() + " ms of its creator's kill -9");
    }

    @Test
    void aDetachedNodeStartedWithAnyCommandLivesOn() throws Exception {
        // Any other fork method is a command, run as COMMAND HOST 'spore node ...'.
        SporeRun run = SporeRun.run(tmp, startNode("r2", "--fork", sshd.ssh(), "--detach"));
        assertEquals(0, run.status(), run.output());
        Matcher started = Pattern.compile("node r2@" + Sshd.HOST + " started through " + Pattern.quote(sshd.ssh())
            + ": pid (\\d+)").matcher(run.output());
        assertTrue(started.find(), run.output());
        long pid = Long.parseLong(started.group(1));
        strayPids.add(pid);
        assertTrue(run.output().contains("is detached"), run.output());
        // The creator has exited; give an orphan the time it would have had to die.
        Thread.sleep(ORPHAN_LIMIT.toMillis()); // nothing to poll for: the node must simply still be there
        assertTrue(alive(pid), "the detached node lives on after its creator");
    }
}
