package io.spore.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One program the daemon runs: its OS process, the pump that copies its output (standard output and error merged)
 * into a bounded {@link LogRing}, and how it ended. Its standard input is {@code /dev/null}. It runs in a session of
 * its own (through util-linux {@code setsid}, which then execs it under the same pid), so that a Ctrl-C in the
 * daemon's terminal reaches the daemon, which stops its programs in order, and not the programs directly.
 * Thread-safe.
 */
final class Supervised {
    /** util-linux's setsid; without it programs share the daemon's session. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private final Program program;
    private final Process process;
    private final Instant started;
    private final LogRing log;
    private final CompletableFuture<ProcessEnd> ended = new CompletableFuture<>();
    private volatile boolean stopRequested;

    private Supervised(Program program, Process process, LogRing log) {
        this.program = program;
        this.process = process;
        this.started = Instant.now();
        this.log = log;
    }

    /**
     * Starts the program.
     *
     * @param logBytes how much of its latest output to keep
     * @param host     the launcher's host name, for the end notice
     * @param onEnd    called once when it ends, on a JDK thread; must not block long
     * @throws LaunchException when the command cannot be started (not found, not executable, bad folder)
     */
    static Supervised start(Program program, int logBytes, String host, Consumer<ProcessEnd> onEnd) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // setsid execs the program itself only when it can start a session; check first what exec would find,
            // so a missing command is still refused at submit rather than reported as a failed program.
            Executables.require(program);
            command.add(SETSID.toString());
        }
        command.addAll(program.command());
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (program.dir() != null) {
            builder.directory(new File(program.dir()));
        }
        if (program.env() != null) {
            builder.environment().putAll(program.env());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LaunchException("cannot start " + program.label() + " (" + program.command().get(0) + "): "
                + e.getMessage());
        }
        Supervised supervised = new Supervised(program, process, new LogRing(logBytes));
        Thread pump = new Thread(supervised::pump, "launch-log-" + program.label());
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> {
            ProcessEnd end = supervised.endNotice(host);
            supervised.ended.complete(end);
            onEnd.accept(end);
        });
        return supervised;
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                log.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The pipe closes when the program ends; nothing more to keep.
        }
    }

    private ProcessEnd endNotice(String host) {
        int value = process.exitValue();
        String signal = Signals.signalOf(value);
        Integer exitCode = Signals.exitCodeOf(value);
        String outcome = stopRequested ? "stopped" : (exitCode != null && exitCode == 0 ? "exited" : "failed");
        return new ProcessEnd(host, program.label(), process.pid(), exitCode, signal,
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), outcome);
    }

    /**
     * Sends TERM now to it and whatever it started, and KILL after {@code grace} to those still running.
     *
     * @return a future completed when it has ended
     */
    CompletableFuture<ProcessEnd> stop(Duration grace, ScheduledExecutorService timer) {
        if (!process.isAlive()) {
            return ended;
        }
        stopRequested = true;
        List<ProcessHandle> descendants = process.descendants().toList();
        process.toHandle().destroy();
        descendants.forEach(ProcessHandle::destroy);
        timer.schedule(() -> {
            // What it started since TERM counts too, so it is collected again while the program still runs.
            List<ProcessHandle> now = process.descendants().toList();
            if (process.isAlive()) {
                process.toHandle().destroyForcibly();
            }
            now.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
        return ended;
    }

    /** Kills it at once (when a batch it belongs to failed to start). */
    void kill() {
        stopRequested = true;
        process.toHandle().destroyForcibly();
    }

    boolean isRunning() {
        return !ended.isDone();
    }

    Program program() {
        return program;
    }

    long pid() {
        return process.pid();
    }

    CompletableFuture<ProcessEnd> ended() {
        return ended;
    }

    LogRing log() {
        return log;
    }

    /** @return what {@code list} shows of it now */
    ProcessView view() {
        ProcessEnd end = ended.getNow(null);
        String state = end != null ? end.outcome() : stopRequested ? "stopping" : "running";
        return new ProcessView(program.label(), process.pid(), state,
            started.truncatedTo(ChronoUnit.MILLIS).toString(), program.command(), end == null ? null : end.time(),
            end == null ? null : end.exitCode(), end == null ? null : end.signal());
    }
}
