package io.spore.distribution;

import io.spore.testsupport.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spore launch --host HOST ...} through a real OpenSSH server that the test starts on loopback ({@link Sshd}):
 * every command goes {@code ssh HOST spore launch ...} to a daemon "on the other machine" (the same one here, reached
 * only through sshd), arguments that need quoting arrive intact, a program file travels on ssh's standard input,
 * and a subscriber registers through ssh while the daemon connects back to it.
 */
@Timeout(300)
class LaunchSshIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Sshd sshd;
    private Path socket;
    private SporeProcess daemon;
    private final List<SporeProcess> others = new ArrayList<>();

    @BeforeEach
    void startServers() throws Exception {
        String missing = Sshd.available();
        Assumptions.assumeTrue(missing == null, "skipped: " + missing);
        sshd = Sshd.start(tmp.resolve("ssh"));
        socket = tmp.resolve("run").resolve("launch.sock");
        daemon = SporeProcess.start(tmp, SporeRun.launch(socket, "serve", "--grace", "1s"));
        daemon.awaitOutput("launcher serving on", 0, DEADLINE);
    }

    @AfterEach
    void stopServers() throws Exception {
        others.forEach(SporeProcess::close);
        if (daemon != null) {
            daemon.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    /** @return {@code launch --host sporetest --ssh ... --spore ... --socket S ARGS} */
    private String[] remote(String... args) {
        List<String> all = new ArrayList<>(List.of("launch", "--host", Sshd.HOST, "--ssh", sshd.ssh(),
            "--spore", TestDistribution.script().toAbsolutePath().toString(), "--socket", socket.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private SporeRun run(String... args) throws Exception {
        return SporeRun.run(tmp, remote(args));
    }

    @Test
    void everyCommandThroughSsh() throws Exception {
        SporeRun submit = run("submit", "-l", "github.com/relab/goxos/kvs/kvsd", "-p", "sh", "-c",
            "echo \"it's $((6 * 7))\"; exec sleep 120");
        assertEquals(0, submit.status(), submit.output());
        Matcher pid = Pattern.compile("started github.com/relab/goxos/kvs/kvsd \\(pid (\\d+)\\)").matcher(submit.output());
        assertTrue(pid.find(), submit.output());
        assertTrue(daemon.output().contains("started github.com/relab/goxos/kvs/kvsd"), "the daemon ran it");

        SporeRun taken = run("submit", "-l", "github.com/relab/goxos/kvs/kvsd", "-p", "true");
        assertEquals(1, taken.status(), "the remote status comes back: " + taken.output());
        assertTrue(taken.output().contains("is taken by pid " + pid.group(1)), taken.output());

        assertTrue(Await.until(DEADLINE, () -> {
            try {
                return run("logs", "github.com/relab/goxos/kvs/kvsd").output().contains("it's 42");
            } catch (Exception e) {
                return false;
            }
        }), "the quoted command arrived intact");

        Path file = tmp.resolve("programs.json");
        Files.writeString(file, "[{\"label\": \"o1\", \"command\": [\"sleep\", \"120\"]}]");
        SporeRun fromFile = run("submit", "--file", file.toString());
        assertEquals(0, fromFile.status(), fromFile.output());
        assertTrue(fromFile.output().contains("started o1"), fromFile.output());

        SporeRun list = run("list");
        assertEquals(0, list.status(), list.output());
        assertTrue(Pattern.compile("(?m)^github.com/relab/goxos/kvs/kvsd\\s+" + pid.group(1) + "\\s+running")
            .matcher(list.output()).find(), list.output());
        assertTrue(Pattern.compile("(?m)^o1\\s+\\d+\\s+running").matcher(list.output()).find(), list.output());

        SporeRun stop = run("stop", "o1");
        assertEquals(0, stop.status(), stop.output());
        assertTrue(stop.output().contains("stopped o1"), stop.output());

        SporeRun shutdown = run("shutdown");
        assertEquals(0, shutdown.status(), shutdown.output());
        assertEquals(0, daemon.awaitExit(DEADLINE), daemon.output());
        assertFalse(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aSubscriberRegistersThroughSsh() throws Exception {
        SporeProcess subscriber = SporeProcess.start(tmp, remote("subscribe", "--serve", "-a", "127.0.0.1:0", "-f",
            "o*"));
        others.add(subscriber);
        subscriber.awaitOutput("Ctrl-C to stop", 0, DEADLINE);
        assertTrue(subscriber.output().contains("with the launcher on " + Sshd.HOST), subscriber.output());
        SporeRun submit = run("submit", "-l", "o1", "-p", "sh", "-c", "exit 4");
        assertEquals(0, submit.status(), submit.output());
        subscriber.awaitMatch(Pattern.compile(" o1 pid \\d+ failed \\(exit 4\\)"), 0, DEADLINE);
    }

    @Test
    void anUnreachableHostIsOneLine() throws Exception {
        SporeRun run = SporeRun.run(tmp, "launch", "--host", "nosuchhost.invalid", "--ssh", sshd.ssh(), "list");
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("ssh to nosuchhost.invalid failed (status 255)"), run.output());
    }
}
