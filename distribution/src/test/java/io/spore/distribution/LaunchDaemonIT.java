package io.spore.distribution;

import io.spore.testsupport.AnotherUser;
import io.spore.testsupport.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launch daemon as a user meets it: {@code bin/spore launch serve} in one process, and each command a process of
 * its own talking to it over the Unix socket; the programs are real OS processes.
 */
@Timeout(300)
class LaunchDaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern PID = Pattern.compile("started (\\S+) \\(pid (\\d+)\\)");

    @TempDir
    Path tmp;

    private Path socket;
    private SporeProcess daemon;

    @BeforeEach
    void serve() throws Exception {
        socket = tmp.resolve("run").resolve("launch.sock");
        daemon = SporeProcess.start(tmp, SporeRun.launch(socket, "serve", "--grace", "1s"));
        daemon.awaitOutput("launcher serving on " + socket, 0, DEADLINE);
    }

    @AfterEach
    void shutdown() {
        daemon.close();
    }

    private SporeRun launch(String... args) throws Exception {
        return SporeRun.run(tmp, SporeRun.launch(socket, args));
    }

    private static long pidOf(SporeRun run) {
        Matcher matcher = PID.matcher(run.output());
        assertTrue(matcher.find(), "a started line: " + run.output());
        return Long.parseLong(matcher.group(2));
    }

    @Test
    void socketIsTheUsersOnly() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void submitListStopShutdown() throws Exception {
        SporeRun p1 = launch("submit", "-l", "p1", "-p", "sleep", "120");
        assertEquals(0, p1.status(), p1.output());
        long pid1 = pidOf(p1);
        assertTrue(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false), "p1 runs as pid " + pid1);

        SporeRun taken = launch("submit", "-l", "p1", "-p", "sleep", "120");
        assertEquals(1, taken.status(), taken.output());
        assertTrue(taken.output().contains("label p1 is taken by pid " + pid1), taken.output());

        SporeRun kvsd = launch("submit", "-l", "github.com/relab/goxos/kvs/kvsd", "-p", "sh", "-c", "exec sleep 120");
        assertEquals(0, kvsd.status(), kvsd.output());
        long pidKvsd = pidOf(kvsd);

        SporeRun list = launch("list");
        assertEquals(0, list.status(), list.output());
        assertTrue(Pattern.compile("(?m)^p1\\s+" + pid1 + "\\s+running\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+sleep 120$")
            .matcher(list.output()).find(), list.output());
        assertTrue(Pattern.compile("(?m)^github.com/relab/goxos/kvs/kvsd\\s+" + pidKvsd
            + "\\s+running\\s+\\S+\\s+sh -c exec sleep 120$").matcher(list.output()).find(), list.output());

        SporeRun stop = launch("stop", "p1");
        assertEquals(0, stop.status(), stop.output());
        assertTrue(stop.output().contains("stopped p1 (pid " + pid1 + ", signal TERM)"), stop.output());
        assertFalse(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false), "p1 is gone");
        assertTrue(launch("list").output().contains("stopped"), "list shows p1 stopped");

        SporeRun unknown = launch("stop", "nosuch", "github.com/relab/goxos/kvs/kvsd");
        assertEquals(1, unknown.status(), unknown.output());
        assertTrue(unknown.output().contains("no program labelled nosuch"), unknown.output());
        assertTrue(ProcessHandle.of(pidKvsd).map(ProcessHandle::isAlive).orElse(false),
            "an unknown label stops nothing");

        SporeRun again = launch("submit", "-l", "p1", "-p", "sleep", "120");
        assertEquals(0, again.status(), "an ended label may be used again: " + again.output());
        long pid1Again = pidOf(again);

        SporeRun shutdown = launch("shutdown");
        assertEquals(0, shutdown.status(), shutdown.output());
        assertTrue(shutdown.output().contains("shut down"), shutdown.output());
        assertEquals(0, daemon.awaitExit(DEADLINE), daemon.output());
        for (long pid : List.of(pidKvsd, pid1Again)) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), pid + " stopped");
        }
        assertFalse(Files.exists(socket), "the socket is removed");
        SporeRun none = launch("list");
        assertEquals(1, none.status());
        assertTrue(none.output().contains("no launcher serves " + socket), none.output());
    }

    @Test
    void stopEscalatesToKill() throws Exception {
        SporeRun stubborn = launch("submit", "-l", "stubborn", "-p", "sh", "-c", "trap '' TERM; while :; do sleep 1; done");
        long pid = pidOf(stubborn);
        // The trap must be set before TERM comes: wait until the shell is in its loop (it has a sleep child).
        assertTrue(Await.until(DEADLINE, () -> ProcessHandle.of(pid).map(h -> h.children().findAny().isPresent())
            .orElse(false)), "the shell runs its loop");
        SporeRun stop = launch("stop", "--grace", "500ms", "stubborn");
        assertEquals(0, stop.status(), stop.output());
        assertTrue(stop.output().contains("stopped stubborn (pid " + pid + ", signal KILL)"), stop.output());
    }

    @Test
    void aProgramRunsInASessionOfItsOwnAndStopReachesWhatItStarted() throws Exception {
        long pid = pidOf(launch("submit", "-l", "family", "-p", "sh", "-c", "sleep 300 & sleep 300; wait"));
        assertTrue(Await.until(DEADLINE, () -> ProcessHandle.of(pid).map(h -> h.children().count() == 2)
            .orElse(false)), "the shell started both sleeps");
        List<ProcessHandle> children = ProcessHandle.of(pid).orElseThrow().children().toList();
        // Its own session: its session id (the 6th field of /proc/PID/stat) is its own pid, not the daemon's.
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(Long.toString(pid), fields[3], "session of " + stat);

        SporeRun stop = launch("stop", "family");
        assertEquals(0, stop.status(), stop.output());
        for (ProcessHandle child : children) {
            assertTrue(Await.until(DEADLINE, () -> !child.isAlive()), "stop reached " + child.pid());
        }

        SporeRun missing = launch("submit", "-l", "typo", "-p", "no-such-command-here");
        assertEquals(1, missing.status(), missing.output());
        assertTrue(missing.output().contains("cannot start typo (no-such-command-here): not found"),
            missing.output());
    }

    @Test
    void programFileStartsAllOrNone() throws Exception {
        Path file = tmp.resolve("programs.json");
        Files.writeString(file, """
            {"programs": [
              {"label": "github.com/relab/goxos/kvs/kvsd", "command": ["sleep", "120"]},
              {"label": "github.com/relab/goxos/kvs/kvsc", "command": ["sh", "-c", "echo $GREETING from $PWD; sleep 120"],
               "dir": "%s", "env": {"GREETING": "hello"}}
            ]}
            """.formatted(tmp));
        SporeRun submit = launch("submit", "--file", file.toString());
        assertEquals(0, submit.status(), submit.output());
        assertTrue(submit.output().contains("started github.com/relab/goxos/kvs/kvsd"), submit.output());
        assertTrue(Await.until(DEADLINE, () -> {
            try {
                return launch("logs", "github.com/relab/goxos/kvs/kvsc").output().contains("hello from " + tmp);
            } catch (Exception e) {
                return false;
            }
        }), "the program got its folder and environment");

        Path clash = tmp.resolve("clash.json");
        Files.writeString(clash, """
            [{"label": "fresh", "command": ["sleep", "120"]},
             {"label": "github.com/relab/goxos/kvs/kvsd", "command": ["sleep", "120"]}]
            """);
        SporeRun refused = launch("submit", "--file", clash.toString());
        assertEquals(1, refused.status(), refused.output());
        assertTrue(refused.output().contains("label github.com/relab/goxos/kvs/kvsd is taken"), refused.output());
        assertFalse(launch("list").output().contains("fresh"), "none of the file started");

        Files.writeString(clash, "{\"programs\": [{\"label\": \"x\"}]}");
        SporeRun malformed = launch("submit", "--file", clash.toString());
        assertEquals(1, malformed.status());
        assertTrue(malformed.output().contains("program 1: program x has no command"), malformed.output());
    }

    @Test
    void survivesCrashesAndFloods() throws Exception {
        launch("submit", "-l", "crash", "-p", "sh", "-c", "kill -SEGV $$");
        launch("submit", "-l", "flood", "-p", "yes", "a flood of output");
        assertTrue(Await.until(DEADLINE, () -> {
            try {
                return launch("list").output().contains("failed") ;
            } catch (Exception e) {
                return false;
            }
        }), "the crash is listed as failed");
        SporeRun list = launch("list");
        assertTrue(Pattern.compile("(?m)^crash\\s+\\d+\\s+failed\\s.*\\[signal SEGV at ").matcher(list.output()).find(),
            list.output());
        SporeRun logs = launch("logs", "flood");
        assertTrue(logs.output().contains("earlier bytes dropped"), "the flood overflowed its ring");
        assertTrue(logs.output().length() < 70 * 1024, "at most the ring's 64 KiB and a line: "
            + logs.output().length());
        assertTrue(launch("stop", "flood").output().contains("stopped flood"));
        assertTrue(daemon.isAlive(), "the daemon lives on");
    }

    @Test
    void anotherUserIsRefused() throws Exception {
        // That user runs a copy of the distribution it can read: the checkout may be where it cannot (a clone in a
        // mktemp -d folder is mode 0700).
        try (AnotherUser.ReadableCopy distribution = AnotherUser.readableCopy(TestDistribution.home().root())) {
            Path script = distribution.root().resolve("bin").resolve("spore");
            List<String> asNobody = AnotherUser.commandPrefix();
            SporeRun denied = SporeRun.run(script, tmp, asNobody, SporeRun.launch(socket, "list"));
            assertEquals(1, denied.status(), denied.output());
            assertTrue(denied.output().contains("permission denied on " + socket), denied.output());

            // Even when the socket's folder and file are opened to everyone, the daemon checks who connects.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            SporeRun refused = SporeRun.run(script, tmp, asNobody,
                SporeRun.launch(socket, "submit", "-l", "x", "-p", "true"));
            assertEquals(1, refused.status(), refused.output());
            assertTrue(refused.output().contains("refused: this launcher serves only user root, and you are nobody"),
                refused.output());
            assertTrue(daemon.output().contains("refused a connection from user nobody"), daemon.output());
            assertFalse(launch("list").output().contains("x "), "nothing was started for nobody");
        }
    }
}
