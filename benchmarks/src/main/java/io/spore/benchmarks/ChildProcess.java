package io.spore.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process a benchmark starts beside its own JVM (a node from the distribution, a bare-Aeron peer) for the length
 * of a trial: its output goes to a log file; its standard input stays an open pipe, so that if this JVM dies
 * without closing it, the child reads end of input and ends too (a node with {@code --shell} stops at end of input;
 * the bare peer watches for it). {@link #close} ends it within a bounded time, forcibly if it must; a shutdown hook
 * does the same if the trial never reaches its tear-down.
 */
final class ChildProcess implements AutoCloseable {
    private static final Duration POLITE_STOP = Duration.ofSeconds(15);
    private static final Duration FORCED_STOP = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.hook = new Thread(process::destroyForcibly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * @param name    what the child is, for messages
     * @param command the command and its arguments
     * @param env     extra environment variables, alternating names and values
     * @param workDir its working directory, where its log file {@code NAME.log} goes
     */
    static ChildProcess start(String name, List<String> command, Path workDir, String... env) {
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        for (int i = 0; i + 1 < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** @return everything the child has printed so far */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * Polls {@code condition} until it holds, failing at once if the child ends and after {@code timeout} otherwise.
     *
     * @param what what is awaited, for the message
     * @throws IllegalStateException naming what did not happen, with the end of the child's output
     */
    void await(BooleanSupplier condition, String what, Duration timeout) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw failure(name + " ended (status " + process.exitValue() + ") before " + what);
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw failure("no " + what + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(20); // the poll interval of a bounded wait, not a wait for the outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + what);
            }
        }
    }

    /** @return whether the child still runs */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return an error about the child, with the last lines of its output */
    IllegalStateException failure(String message) {
        String out = output();
        String[] lines = out.split("\n");
        int from = Math.max(0, lines.length - 30);
        return new IllegalStateException(message + "; the last lines of " + log + ":\n"
            + String.join("\n", List.of(lines).subList(from, lines.length)));
    }

    /** Closes the child's input (its signal to stop), then terminates it, then kills it, each step bounded. */
    @Override
    public void close() {
        try {
            OutputStream in = process.getOutputStream();
            in.close();
        } catch (IOException e) {
            // it may have closed its end already
        }
        try {
            if (!process.waitFor(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(FORCED_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(FORCED_STOP.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills what is left
            }
        }
    }
}
