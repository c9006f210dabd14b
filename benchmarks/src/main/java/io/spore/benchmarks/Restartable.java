package io.spore.benchmarks;

import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

import java.util.Arrays;
import java.util.Locale;

/**
 * The supervised child of the restart benchmarks: its {@code init} publishes its pid and the time, and the message
 * {@value #CRASH} makes it end with an error, as a crash does. The benchmark thread sends {@value #CRASH} to the
 * child it sees and waits until another child has published its pid: crash to the new child's
 * {@code init} done.
 *
 * <p>The crash is an exit with an error reason made once ({@code ctx.exit(ExitReason.error(...))}), not a thrown
 * exception: a handler that throws also pays for the exception's stack and for the crash's warning with that stack,
 * which is its own cost and the same with or without a supervisor. Both nodes of {@link TwoNodes} run in the
 * benchmark's JVM, so a child on another node publishes here too.
 */
final class Restartable implements ProcessBehavior {
    static final String CRASH = "crash";
    /** The spawn name the benchmarks register it under. */
    static final String NAME = "restartable";
    private static final ExitReason CRASHED = ExitReason.error(new Crash());
    private static final long SPIN_NS = 5_000;
    private static final long TIMEOUT_NS = 10_000_000_000L;

    /** The child running now, published last in its {@code init}. */
    static volatile Pid current;
    /** When the last child ended, and when the last {@code init} ran, by {@link System#nanoTime()}. */
    static volatile long exitNs;
    static volatile long initNs;
    /** {@code init}s run so far: what a chain of restarts waits for. */
    static volatile long inits;
    /**
     * Restarts left in the running chain ({@link #chain}): a child that sees more than one left asks for its own
     * crash. Written by one child at a
     * time: each runs after its predecessor's exit, and the exit, its signal, the supervisor's spawn and the new
     * {@code init} hand over through the node's queues.
     */
    static volatile int chainLeft;
    /** Exit-to-init times of the restarts of chains, written like {@link #chainLeft}. */
    static final Samples CHAINED = new Samples();

    @Override
    public void init(ProcessContext ctx, Object... args) {
        initNs = System.nanoTime();
        int left = chainLeft;
        if (left > 0) {
            CHAINED.record(initNs - exitNs);
            chainLeft = left - 1;
            if (left > 1) {
                // Handled on this process's first turn, after init: the crash comes from within the node.
                ctx.send(ctx.self(), CRASH);
            }
        }
        current = ctx.self();
        inits++; // one child at a time runs init: no lost update
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if (CRASH.equals(message)) {
            exitNs = System.nanoTime();
            ctx.exit(CRASHED);
        }
    }

    /**
     * Waits until a child other than {@code victim} has run its {@code init}: spinning for the first few
     * microseconds (a local restart takes about that), then yielding at every look, since on two cores the threads
     * that restart it need this one's core.
     *
     * @return the new child
     * @throws IllegalStateException when none has within ten seconds (the supervisor gave up, or a bug)
     */
    static Pid awaitOtherThan(Pid victim) {
        long startNs = System.nanoTime();
        Pid now;
        while ((now = current) == victim) {
            long waitedNs = System.nanoTime() - startNs;
            if (waitedNs < SPIN_NS) {
                Thread.onSpinWait();
            } else if (waitedNs < TIMEOUT_NS) {
                Thread.yield();
            } else {
                throw new IllegalStateException("no child restarted within 10 s of the crash of " + victim);
            }
        }
        return now;
    }

    /**
     * Runs {@code restarts} restarts back to back: the child now running is sent {@value #CRASH}, and each of its
     * successors but the last sends itself {@value #CRASH} at the end of its {@code init}; returns once the last
     * successor's {@code init} has run. The only outside thread's hand-offs, the first crash's message and seeing
     * the last {@code init}, are shared by all of them.
     *
     * @return the last child
     * @throws IllegalStateException when the chain stalls for ten seconds (the supervisor gave up, or a bug)
     */
    static Pid chain(io.spore.api.Node node, int restarts) {
        long until = inits + restarts;
        chainLeft = restarts;
        node.send(current, CRASH);
        long startNs = System.nanoTime();
        while (inits < until) {
            if (System.nanoTime() - startNs < TIMEOUT_NS) {
                Thread.yield(); // on two cores the chain runs on the workers: leave them the cores
            } else {
                throw new IllegalStateException("a chain of " + restarts + " restarts stalled at " + inits);
            }
        }
        return current;
    }

    /** The crash's cause: made once, without a stack, so the benchmark measures the restart, not the exception. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("the benchmark's crash", null, false, false);
        }
    }

    /** Exit-to-init times of the restarts, kept to print their percentiles at the end of a trial. */
    static final class Samples {
        private long[] ns = new long[1 << 16];
        private int count;

        /** Records the last restart: from the crashed child's exit to its successor's {@code init}. */
        void recordLast() {
            record(initNs - exitNs);
        }

        void record(long restartNs) {
            if (count == ns.length) {
                ns = Arrays.copyOf(ns, ns.length * 2);
            }
            ns[count++] = restartNs;
        }

        /** Prints the percentiles of what was recorded, and forgets it. */
        void print(String what) {
            print(what + ", the child's exit to its successor's init done", "%n");
        }

        /** Prints the percentiles of what was recorded, after {@code what} and an empty line or not, and forgets it. */
        void print(String what, String before) {
            if (count == 0) {
                return;
            }
            long[] sorted = Arrays.copyOf(ns, count);
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, before + "%s (%d restarts):"
                + " p50 %.2f us, p90 %.2f us, p99 %.2f us%n", what, count, sorted[count / 2] / 1e3,
                sorted[(int) (count * 0.9)] / 1e3, sorted[(int) (count * 0.99)] / 1e3);
            count = 0;
        }
    }
}
