package io.spore.distribution;

import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node, {@code bin/spore node --shell}, driven through its Gogo shell as a user would: deploy the examples
 * by copying the jar, spawn and call through {@code spore:*} commands, undeploy by deleting the jar, stop with
 * {@code stop 0}.
 */
@Timeout(180)
class NodeShellIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** A whole output line, after an optional prompt: factories print one spawn name per line. */
    private static final Pattern ECHO_LINE = Pattern.compile("(?m)^(g! )?echo +open to all nodes ");
    /** A pid as the shell prints it, quoted so that it can be pasted back; group 1 is the pid without brackets. */
    private static final Pattern PRINTED_PID = Pattern.compile("'<(it@localhost\\.\\d+\\.\\d+)>'");

    @TempDir
    Path tmp;

    private SporeProcess spore;

    /**
     * Each node gets a cookie, a name service and a state folder of the test's own, never the user's ~/.spore or port
     * 4370.
     */
    private String[] node(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("node"));
        all.addAll(List.of(args));
        all.addAll(List.of("--cookie-file", Cluster.writeCookie(tmp.resolve("cookie-" + UUID.randomUUID())).toString(),
            "--name-service-port", Integer.toString(FreePorts.tcp()),
            "--state-dir", tmp.resolve("state-" + UUID.randomUUID()).toString()));
        return all.toArray(String[]::new);
    }

    @AfterEach
    void stopNode() {
        if (spore != null) {
            spore.close();
        }
    }

    @Test
    void deploysSpawnsCallsAndUndeploysThroughTheShell() throws Exception {
        Path deploy = tmp.resolve("deploy");
        spore = SporeProcess.start(tmp, node("--name", "it@localhost", "--deploy", deploy.toString(), "--shell"));
        spore.awaitOutput("node it@localhost up (creation ", 0, STARTUP);
        spore.awaitOutput(SporeProcess.PROMPT, 0, STARTUP);
        assertTrue(Files.isDirectory(deploy), "the deploy folder is created");

        Path examples = TestDistribution.home().examplesBundle();
        Path deployed = Files.copy(examples, deploy.resolve(examples.getFileName()));
        assertTrue(spore.repeatUntil("spore:factories", out -> ECHO_LINE.matcher(out).find(), DEADLINE),
            "echo offered: " + spore.output());

        String echo = spawn("echo");
        assertTrue(Pattern.compile("(?m)^hello, spore\\r?$").matcher(
            spore.command("spore:call " + echo + " hello, spore", DEADLINE)).find(), spore.output());

        String counter = spawn("counter");
        spore.command("spore:send " + counter + " inc", DEADLINE);
        spore.command("spore:send " + counter + " 41", DEADLINE);
        assertTrue(spore.command("spore:call " + counter + " get", DEADLINE).contains("42"), spore.output());

        // The logger prints on the node's own standard output, which here is the shell's.
        String logger = spawn("logger");
        int beforeLog = spore.mark();
        spore.command("spore:send " + logger + " a line for the logger", DEADLINE);
        spore.awaitOutput("[logger <" + logger + ">] a line for the logger", beforeLog, DEADLINE);

        String ps = spore.command("spore:ps", DEADLINE);
        assertTrue(ps.contains(echo) && ps.contains(counter) && ps.contains(logger), ps);

        Files.delete(deployed);
        assertTrue(spore.repeatUntil("spore:factories", out -> !ECHO_LINE.matcher(out).find(), DEADLINE),
            "echo withdrawn: " + spore.output());
        assertTrue(spore.repeatUntil("spore:ps", out -> !out.contains(echo), DEADLINE),
            "the echo process ended: " + spore.output());
        String after = spore.command("spore:ps", DEADLINE);
        assertFalse(after.contains(counter) || after.contains(logger), after);

        spore.send("stop 0");
        assertEquals(0, spore.awaitExit(DEADLINE), spore.output());
        assertTrue(spore.output().contains("node it@localhost stopped"), spore.output());
    }

    /**
     * Gogo reads a bare {@code <} as a redirection ({@code spore:send <a@host.1.2> hi} fails with
     * NoSuchFileException), so a pid is typed without its brackets, and the shell prints pids in a form that pastes
     * back as it is.
     */
    @Test
    void pidsAreTypedWithoutBracketsAndPrintedPidsPasteBack() throws Exception {
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        Path examples = TestDistribution.home().examplesBundle();
        Files.copy(examples, deploy.resolve(examples.getFileName()));
        spore = SporeProcess.start(tmp, node("--name", "it@localhost", "--deploy", deploy.toString(), "--shell"));
        spore.awaitOutput(SporeProcess.PROMPT, 0, STARTUP);
        assertTrue(spore.repeatUntil("spore:factories", out -> ECHO_LINE.matcher(out).find(), DEADLINE),
            "echo offered: " + spore.output());

        Matcher spawned = PRINTED_PID.matcher(spore.command("spore:spawn counter 40", DEADLINE));
        assertTrue(spawned.find(), "a quoted pid: " + spore.output());
        String printed = spawned.group();
        String bare = spawned.group(1);

        String typed = spore.command("spore:send " + bare + " inc", DEADLINE);
        assertFalse(typed.contains("send failed"), "typed bare: " + typed);
        String pasted = spore.command("spore:send " + printed + " inc", DEADLINE);
        assertFalse(pasted.contains("send failed"), "pasted from spawn: " + pasted);
        String ps = spore.command("spore:ps", DEADLINE);
        String listed = ps.lines().filter(l -> l.contains(bare)).findFirst().orElseThrow().split(" +")[0];
        assertEquals(printed, listed, ps);
        assertTrue(Pattern.compile("(?m)^42\\r?$").matcher(spore.command("spore:call " + listed + " get", DEADLINE))
            .find(), "pasted from ps: " + spore.output());
        assertTrue(spore.command("spore:kill " + printed, DEADLINE).contains("killed " + printed), spore.output());
        assertFalse(spore.output().contains("NoSuchFileException"), spore.output());
    }

    @Test
    void endOfInputStopsTheNode() throws Exception {
        spore = SporeProcess.start(tmp, node("--name", "eof@localhost", "--deploy", tmp.resolve("d").toString(),
            "--shell"));
        spore.awaitOutput(SporeProcess.PROMPT, 0, STARTUP);
        spore.closeInput();
        assertEquals(0, spore.awaitExit(DEADLINE), spore.output());
        assertTrue(spore.output().contains("node eof@localhost stopped"), spore.output());
    }

    @Test
    void aNodeWithoutShellStopsOnSigterm() throws Exception {
        spore = SporeProcess.start(tmp, node("--name", "term@localhost", "--deploy", tmp.resolve("d").toString()));
        spore.awaitOutput("node term@localhost up (creation ", 0, STARTUP);
        assertTrue(spore.terminate(DEADLINE), "the node exits on SIGTERM: " + spore.output());
        spore.awaitExit(DEADLINE);
        assertTrue(spore.output().contains("node term@localhost stopped"), spore.output());
    }

    /**
     * @return the new process's pid without its angle brackets, which Gogo would read as redirections; read from the
     *         quoted form the shell prints, since a log line (the examples' application naming its root supervisor)
     *         may come in between
     */
    private String spawn(String factory) throws Exception {
        Matcher pid = PRINTED_PID.matcher(spore.command("spore:spawn " + factory, DEADLINE));
        assertTrue(pid.find(), "spawned " + factory + ": " + spore.output());
        return pid.group(1);
    }
}
