package io.spore.distribution;

import io.spore.testsupport.Await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One node of a {@link Cluster}: a {@code bin/spore node --shell} process driven through its Gogo shell. Pids go
 * to and come from the shell without their angle brackets, which Gogo would read as redirections.
 */
final class ClusterNode implements AutoCloseable {
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern UP = Pattern.compile("node (\\S+) up \\(creation (-?\\d+)\\)");
    private static final Pattern PID = Pattern.compile("<([^<>\\s]+@[^<>\\s]+\\.\\d+\\.-?\\d+)>");
    /** A line of the node's log (java.util.logging in the launcher's one-line format), which may come any time. */
    private static final Pattern LOG_LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ \\S+: .*(\\R|$)");

    private final String name;
    private final SporeProcess process;
    private final Path deployDir;
    private int creation;

    ClusterNode(String name, SporeProcess process) {
        this(name, process, null);
    }

    ClusterNode(String name, SporeProcess process, Path deployDir) {
        this.name = name;
        this.process = process;
        this.deployDir = deployDir;
    }

    /** @return the node's deploy folder, watched by FileInstall */
    Path deployDir() {
        return deployDir;
    }

    /**
     * Waits for the "up" line, the shell's prompt, and the example and probe factories.
     *
     * @return this
     */
    ClusterNode awaitUp() throws IOException, InterruptedException {
        Matcher up = UP.matcher("");
        if (!Await.until(STARTUP, () -> up.reset(process.output()).find() || !process.isAlive())
            || !process.isAlive()) {
            fail(name + " did not come up; output:\n" + process.output());
        }
        creation = Integer.parseInt(up.group(2));
        process.awaitOutput(SporeProcess.PROMPT, 0, STARTUP);
        assertTrue(process.repeatUntil("spore:factories", out -> out.contains("echo") && out.contains("probe"),
            DEADLINE), name + " offers echo and probe: " + process.output());
        return this;
    }

    /** @return the node's name */
    String name() {
        return name;
    }

    /** @return the creation of this run, from the "up" line */
    int creation() {
        return creation;
    }

    /** @return the child process, for its output */
    SporeProcess process() {
        return process;
    }

    /** @return what a shell command printed, without the log lines that came meanwhile, stripped */
    String command(String line) throws IOException {
        return LOG_LINE.matcher(process.command(line, DEADLINE)).replaceAll("").strip();
    }

    /** @return the new process's pid, without brackets */
    String spawn(String factory, String... args) throws IOException {
        String out = command("spore:spawn " + factory + " " + String.join(" ", args));
        Matcher pid = PID.matcher(out);
        if (!pid.find()) {
            fail(name + " did not spawn " + factory + ": " + out + "\n" + process.output());
        }
        return pid.group(1);
    }

    /** @return what {@code spore:call TARGET WORDS} printed, stripped */
    String call(String target, String words) throws IOException {
        return command("spore:call " + target + " " + words);
    }

    /** Runs {@code spore:send TARGET WORDS}; it prints nothing unless it fails, and then its output is returned. */
    String send(String target, String words) throws IOException {
        return command("spore:send " + target + " " + words);
    }

    /**
     * Runs a shell command again and again, without the log lines, until its output passes {@code test}.
     *
     * @return whether it passed in time
     */
    boolean repeatUntil(String line, Predicate<String> test, Duration timeout)
        throws IOException, InterruptedException {
        return process.repeatUntil(line, out -> test.test(LOG_LINE.matcher(out).replaceAll("").strip()), timeout);
    }

    /**
     * Asks a probe for its events until they pass {@code test}.
     *
     * @return the events that passed
     */
    String awaitEvents(String probe, Predicate<String> test, Duration timeout)
        throws IOException, InterruptedException {
        String[] last = {""};
        boolean passed = repeatUntil("spore:call " + probe + " events", out -> test.test(last[0] = out), timeout);
        if (!passed) {
            fail("the events of probe " + probe + " on " + name + " never passed; last: " + last[0] + "\noutput:\n"
                + process.output());
        }
        return last[0];
    }

    /** Waits until {@code text} appears in the node's output after {@code from} (a {@link SporeProcess#mark()}). */
    void awaitOutput(String text, int from) {
        process.awaitOutput(text, from, DEADLINE);
    }

    /** @return the current end of the node's output */
    int mark() {
        return process.mark();
    }

    /** SIGKILL: the node vanishes without a goodbye. */
    void kill() throws InterruptedException {
        assertTrue(process.kill(DEADLINE), name + " did not die of SIGKILL");
    }

    /** SIGKILL, and what the node leaves (its embedded driver's folder) stays, as after an operator's kill -9. */
    void killLeavingFiles() throws InterruptedException {
        assertTrue(process.killLeavingFiles(DEADLINE), name + " did not die of SIGKILL");
    }

    /** SIGTERM, and waits until it has stopped. */
    void stop() throws InterruptedException {
        assertTrue(process.terminate(DEADLINE), name + " did not stop on SIGTERM: " + process.output());
    }

    @Override
    public void close() {
        process.close();
    }
}
