package io.spore.distribution.demo;

import io.spore.api.NodeName;
import io.spore.distribution.cli.Await;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.AeronDirs;
import io.spore.distribution.framework.DistributionHome;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's second node: {@code bin/spore node --shell} in a JVM of its own, driven through its shell as a person
 * would type. Its standard input stays a pipe from the demo, so the peer stops when the demo ends however it ends
 * (the shell stops the node at the end of its input), and {@link #close()} kills it outright if it is still there.
 */
final class DemoPeer implements AutoCloseable {
    private static final String PROMPT = "g! ";
    private static final Pattern UP = Pattern.compile("node (\\S+) up \\(creation (-?\\d+)\\)[^\\n]*");

    private final NodeName name;
    private final Process process;
    private final Writer stdin;
    private final StringBuffer output = new StringBuffer();

    private DemoPeer(NodeName name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::collect, "spore-demo-peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the node and returns at once; {@link #awaitUp(Duration)} waits for it.
     *
     * @param home    the distribution, whose {@code bin/spore} runs the node
     * @param name    the node's name
     * @param workDir the node's working directory
     * @param options the options after {@code node --name NAME --shell}
     * @throws ActionableException when the process cannot be started
     */
    static DemoPeer start(DistributionHome home, NodeName name, Path workDir, List<String> options) {
        List<String> command = new ArrayList<>(List.of(
            home.root().resolve("bin").resolve("spore").toString(), "node", "--name", name.toString(), "--shell"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        // The same Java as this demo, whatever the PATH would give.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            return new DemoPeer(name, builder.start());
        } catch (IOException e) {
            throw new ActionableException("cannot start the second node with " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private void collect() {
        char[] buffer = new char[4096];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                output.append(buffer, 0, n);
            }
        } catch (IOException e) {
            output.append("\n[the demo stopped reading this node's output: ").append(e).append("]\n");
        }
    }

    /**
     * Waits for the node's "up" line and its shell's first prompt.
     *
     * @return the "up" line
     * @throws ActionableException when it does not come in time, with what the node printed
     */
    String awaitUp(Duration timeout) {
        Matcher up = UP.matcher("");
        if (!Await.until(timeout, () -> !process.isAlive() || up.reset(output).find())) {
            throw failure("did not come up within " + timeout.toSeconds() + " s");
        }
        if (!process.isAlive()) {
            throw failure("exited with status " + process.exitValue() + " before it was up");
        }
        awaitOutput(PROMPT, 0, timeout);
        return up.group();
    }

    /**
     * Runs one shell command and returns what it printed before the next prompt.
     *
     * @throws ActionableException when no prompt comes in time
     */
    String command(String line, Duration timeout) {
        int from = output.length();
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("no longer reads commands: " + e.getMessage());
        }
        int prompt = awaitOutput(PROMPT, from, timeout);
        return output.substring(from, prompt).strip();
    }

    private int awaitOutput(String text, int from, Duration timeout) {
        int[] at = {-1};
        if (!Await.until(timeout, () -> (at[0] = output.indexOf(text, from)) >= 0 || !process.isAlive())
            || at[0] < 0) {
            throw failure("printed no '" + text.strip() + "' within " + timeout.toSeconds() + " s");
        }
        return at[0];
    }

    /** @return everything the node printed so far */
    String output() {
        return output.toString();
    }

    /**
     * Kills the node with SIGKILL, as {@code kill -9} does: no shutdown hook runs and no goodbye is said. Then
     * removes the embedded media driver's directory the node could not remove itself.
     */
    void kill() {
        Set<Path> aeronDirs = AeronDirs.mappedBy(process.pid());
        process.destroyForcibly();
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                AeronDirs.deleteUnused(aeronDirs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether the node's process is running */
    boolean isAlive() {
        return process.isAlive();
    }

    private ActionableException failure(String what) {
        return new ActionableException("the second node " + name + " " + what + "; it printed:\n" + output);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stdin.close(); // end of input: the shell stops the node
            } catch (IOException e) {
                // Already gone.
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
