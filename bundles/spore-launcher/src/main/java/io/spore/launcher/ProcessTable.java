package io.spore.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The daemon's programs by label. A label is taken while its program runs; once it has ended the label may be
 * submitted again (the old entry, kept for {@code list} and {@code logs}, is replaced). Thread-safe: changes happen
 * under the table's lock, waiting for ends outside it.
 */
final class ProcessTable {
    /** How long past the grace period a stop waits for the KILL to take effect before giving up. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Map<String, Supervised> byLabel = new LinkedHashMap<>();
    private final int logBytes;
    private final String host;
    private final Consumer<ProcessEnd> onEnd;
    private final ScheduledExecutorService timer;

    ProcessTable(int logBytes, String host, Consumer<ProcessEnd> onEnd, ScheduledExecutorService timer) {
        this.logBytes = logBytes;
        this.host = host;
        this.onEnd = onEnd;
        this.timer = timer;
    }

    /**
     * Starts every program, or none: when a label is taken or a command cannot start, those already started are
     * killed and the error says which.
     *
     * @return one line per started program
     */
    synchronized String submit(List<Program> programs) {
        if (programs == null || programs.isEmpty()) {
            throw new LaunchException("nothing to submit: give a label and a command, or a file of programs");
        }
        Set<String> batch = new HashSet<>();
        for (Program program : programs) {
            program.validate();
            if (!batch.add(program.label())) {
                throw new LaunchException("label " + program.label() + " appears twice in what was submitted");
            }
            Supervised existing = byLabel.get(program.label());
            if (existing != null && existing.isRunning()) {
                throw new LaunchException("label " + program.label() + " is taken by pid " + existing.pid()
                    + ", which still runs: stop it first or choose another label");
            }
        }
        List<Supervised> started = new ArrayList<>();
        try {
            for (Program program : programs) {
                started.add(Supervised.start(program, logBytes, host, onEnd));
            }
        } catch (LaunchException e) {
            started.forEach(Supervised::kill);
            String undone = started.isEmpty() ? "" : "; the " + started.size() + " started before it were killed";
            throw new LaunchException(e.getMessage() + undone);
        }
        StringBuilder message = new StringBuilder();
        for (Supervised supervised : started) {
            byLabel.put(supervised.program().label(), supervised);
            if (message.length() > 0) {
                message.append('\n');
            }
            message.append("started ").append(supervised.program().label()).append(" (pid ")
                .append(supervised.pid()).append(')');
        }
        return message.toString();
    }

    /** @return every program, in the order submitted */
    synchronized List<ProcessView> list() {
        return byLabel.values().stream().map(Supervised::view).toList();
    }

    /** @return the last output of the program under {@code label} */
    synchronized String logs(String label) {
        return find(label).log().text();
    }

    /**
     * Stops the programs (TERM, then KILL after {@code grace}) and waits until they have ended.
     *
     * @return one line per label saying how it ended
     * @throws LaunchException when a label is unknown (nothing is stopped then)
     */
    String stop(List<String> labels, Duration grace) {
        if (labels == null || labels.isEmpty()) {
            throw new LaunchException("no label to stop: give one or more labels");
        }
        List<Supervised> targets = new ArrayList<>();
        synchronized (this) {
            for (String label : labels) {
                targets.add(find(label));
            }
        }
        return stopAll(targets, grace);
    }

    /** Stops every running program; see {@link #stop}. */
    String stopEverything(Duration grace) {
        List<Supervised> targets;
        synchronized (this) {
            targets = byLabel.values().stream().filter(Supervised::isRunning).toList();
        }
        return targets.isEmpty() ? "no program was running" : stopAll(targets, grace);
    }

    private String stopAll(List<Supervised> targets, Duration grace) {
        Map<Supervised, CompletableFuture<ProcessEnd>> ends = new LinkedHashMap<>();
        Map<Supervised, Boolean> wasRunning = new LinkedHashMap<>();
        for (Supervised target : targets) {
            wasRunning.put(target, target.isRunning());
            ends.put(target, target.stop(grace, timer));
        }
        long deadlineNs = System.nanoTime() + grace.plus(KILL_WAIT).toNanos();
        StringBuilder message = new StringBuilder();
        for (Map.Entry<Supervised, CompletableFuture<ProcessEnd>> entry : ends.entrySet()) {
            Supervised target = entry.getKey();
            if (message.length() > 0) {
                message.append('\n');
            }
            try {
                ProcessEnd end = entry.getValue().get(Math.max(0, deadlineNs - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
                String how = end.signal() != null ? "signal " + end.signal() : "exit " + end.exitCode();
                message.append(wasRunning.get(target) ? "stopped " : "was not running: ")
                    .append(target.program().label()).append(" (pid ").append(target.pid()).append(", ")
                    .append(wasRunning.get(target) ? how : end.outcome() + ", " + how).append(')');
            } catch (TimeoutException e) {
                message.append("still running after KILL: ").append(target.program().label()).append(" (pid ")
                    .append(target.pid()).append(')');
            } catch (ExecutionException e) {
                message.append("could not tell how ").append(target.program().label()).append(" ended: ")
                    .append(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while stopping " + target.program().label());
            }
        }
        return message.toString();
    }

    private Supervised find(String label) {
        Supervised supervised = byLabel.get(label);
        if (supervised == null) {
            throw new LaunchException("no program labelled " + label + ": 'spore launch list' shows the labels");
        }
        return supervised;
    }
}
