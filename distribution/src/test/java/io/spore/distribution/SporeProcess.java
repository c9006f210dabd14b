package io.spore.distribution;

import io.spore.distribution.framework.AeronDirs;
import io.spore.testsupport.Await;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/spore} run as a child process, with its standard output and error merged and collected as they come
 * (the shell's prompt has no line end, so characters, not lines), and its standard input open for commands.
 * {@link #close()} always ends it.
 */
final class SporeProcess implements AutoCloseable {
    /** The Gogo shell's prompt, printed after each command's output. */
    static final String PROMPT = "g! ";

    private final Process process;
    private final Writer stdin;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private SporeProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::collect, "spore-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param workDir the child's working directory
     * @param args    the arguments after {@code bin/spore}
     */
    static SporeProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /**
     * @param workDir the child's working directory
     * @param prefix  a command that runs {@code bin/spore}, such as {@code ip netns exec NS}; empty for none
     * @param args    the arguments after {@code bin/spore}
     */
    static SporeProcess start(Path workDir, List<String> prefix, String... args) throws IOException {
        return start(TestDistribution.script(), workDir, prefix, args);
    }

    /**
     * @param script  the {@code bin/spore} to run, e.g. of a copy of the distribution another user can read
     * @param workDir the child's working directory
     * @param prefix  a command that runs {@code script}, such as {@code setpriv ...}; empty for none
     * @param args    the arguments after {@code script}
     */
    static SporeProcess start(Path script, Path workDir, List<String> prefix, String... args) throws IOException {
        return start(script, workDir, prefix, TestHome.get(), args);
    }

    /**
     * @param workDir  the child's working directory
     * @param userHome the child's home ({@code user.home}), where its {@code ~/.spore} is
     * @param args     the arguments after {@code bin/spore}
     */
    static SporeProcess startWithHome(Path workDir, Path userHome, String... args) throws IOException {
        return start(TestDistribution.script(), workDir, List.of(), userHome, args);
    }

    private static SporeProcess start(Path script, Path workDir, List<String> prefix, Path userHome, String... args)
        throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        // The same JDK as the tests, whatever java the PATH would give.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // None of the developer's JVM options; a home of the tests' own, so nothing lands in the real ~/.spore.
        builder.environment().put("JAVA_OPTS", "-Duser.home=" + userHome);
        return new SporeProcess(builder.start());
    }

    private void collect() {
        char[] buffer = new char[4096];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                output.append(buffer, 0, n);
            }
        } catch (IOException e) {
            output.append(System.lineSeparator()).append("[test: output stream failed: ").append(e).append(']');
        }
    }

    /** @return everything the child printed so far */
    String output() {
        return output.toString();
    }

    /** @return the current end of the output, to look only at what comes after it */
    int mark() {
        return output.length();
    }

    /** Writes one line to the child's standard input. */
    void send(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** Closes the child's standard input: end of file for the shell. */
    void closeInput() throws IOException {
        stdin.close();
    }

    /**
     * Waits until {@code text} appears in the output after {@code from}.
     *
     * @return the index where it starts
     */
    int awaitOutput(String text, int from, Duration timeout) {
        int[] at = {-1};
        if (!Await.until(timeout, () -> (at[0] = output.indexOf(text, from)) >= 0)) {
            fail("no '" + text + "' within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        return at[0];
    }

    /** Waits until {@code pattern} matches the output after {@code from}, and returns the match. */
    Matcher awaitMatch(Pattern pattern, int from, Duration timeout) {
        Matcher matcher = pattern.matcher("");
        if (!Await.until(timeout, () -> matcher.reset(output.substring(from)).find())) {
            fail("nothing matched " + pattern + " within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        return matcher;
    }

    /**
     * Runs one shell command and returns what it printed: the output between sending it and the next prompt.
     */
    String command(String line, Duration timeout) throws IOException {
        int from = mark();
        send(line);
        int prompt = awaitOutput(PROMPT, from, timeout);
        return output.substring(from, prompt);
    }

    /**
     * Runs a shell command again and again, until its output passes {@code test} or the deadline passes.
     *
     * @return whether it passed in time
     */
    boolean repeatUntil(String line, Predicate<String> test, Duration timeout) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadlineNs < 0) {
            if (test.test(command(line, timeout))) {
                return true;
            }
            Thread.sleep(200); // the poll interval between two runs, not a wait for the outcome
        }
        return false;
    }

    /** Waits for the child to exit and returns its status; fails the test when it does not exit in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("spore did not exit within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    /**
     * Waits (bounded) until the reader has taken the last characters: they may still be in the pipe when the process
     * is gone, and a test that reads the output right after an exit would miss the last lines (a "stopped" line).
     */
    private void awaitOutputEnd() {
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the child's process id: the JVM's, since bin/spore execs java */
    long pid() {
        return process.pid();
    }

    /** @return whether the child is still running */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the child with SIGKILL, as {@code kill -9} does: no shutdown hook runs, nothing says goodbye. Then
     * removes the embedded media driver's directory it could not remove itself.
     *
     * @return whether it was gone in time
     */
    boolean kill(Duration timeout) throws InterruptedException {
        Set<Path> aeronDirs = AeronDirs.mappedBy(process.pid());
        boolean gone = killLeavingFiles(timeout);
        if (gone) {
            AeronDirs.deleteUnused(aeronDirs);
        }
        return gone;
    }

    /**
     * Kills the child with SIGKILL and leaves what it left, as an operator's {@code kill -9} does.
     *
     * @return whether it was gone in time
     */
    boolean killLeavingFiles(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends SIGTERM, so the child's shutdown hook runs, and waits for it to exit and for its last output.
     *
     * @return whether it exited in time
     */
    boolean terminate(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy would also close the pipes and lose the last output.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        awaitOutputEnd();
        return true;
    }

    /** Ends the child: politely (SIGTERM), then forcibly; an interrupt goes straight to the forcible end. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // The child may have exited and closed the pipe already.
        }
        try {
            if (process.isAlive() && !terminate(Duration.ofSeconds(15))) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
