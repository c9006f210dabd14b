package io.spore.benchmarks;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.core.SporeNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process timer started and cancelled (issue target: at most 100 ns for the pair). Timers can only be started on
 * their process's turn, so each invocation is one call to a process that starts and cancels {@value #PAIRS} timers
 * of one second in its handler; the call's own cost (a few microseconds) is shared by the pairs. The timers are
 * cancelled long before they are due, as most timeouts are.
 *
 * <ul>
 *   <li>{@link #scheduleAndCancel}: each timer cancelled at once, on the turn that started it (a timeout set and
 *       cleared while handling one message or a batch): it never reaches the timer thread.</li>
 *   <li>{@link #scheduleThenCancelOnALaterTurn}: {@value #IN_FLIGHT} timers started on one call's turn and cancelled
 *       on the next call's (a timeout cleared when the answer comes): each is handed to the timer thread, enters its
 *       wheel, and leaves it again; the timer thread's work runs on the other core, beside the score. The calls'
 *       cost is shared by fewer pairs here.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class TimerBenchmark {
    static final int PAIRS = 10_000;
    /** Timers in flight at once in {@link #scheduleThenCancelOnALaterTurn}: within what a process keeps for re-use. */
    static final int IN_FLIGHT = 1_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DELAY = Duration.ofSeconds(1);

    private SporeNode node;
    private Pid timing;

    @Setup(Level.Trial)
    public void startNode() {
        node = EmbeddedNode.start();
        timing = node.spawn(StartAndCancel::new, ProcessOptions.DEFAULTS);
    }

    @TearDown(Level.Trial)
    public void closeNode() {
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public Object scheduleAndCancel() {
        return node.call(timing, "go", CALL_TIMEOUT);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object scheduleThenCancelOnALaterTurn() {
        node.call(timing, "start", CALL_TIMEOUT);
        return node.call(timing, "cancel", CALL_TIMEOUT);
    }

    /** Starts and cancels timers: {@link #PAIRS} on one call ({@code go}), or over two (start, then cancel). */
    static final class StartAndCancel implements ProcessBehavior {
        private final Ref[] started = new Ref[IN_FLIGHT];

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            int cancelled = 0;
            switch ((String) request) {
                case "start" -> {
                    for (int i = 0; i < IN_FLIGHT; i++) {
                        started[i] = ctx.sendAfter(ctx.self(), "late", DELAY);
                    }
                }
                case "cancel" -> {
                    for (int i = 0; i < IN_FLIGHT; i++) {
                        cancelled += ctx.cancelTimer(started[i]) ? 1 : 0;
                    }
                }
                default -> {
                    for (int i = 0; i < PAIRS; i++) {
                        Ref timer = ctx.sendAfter(ctx.self(), "late", DELAY);
                        cancelled += ctx.cancelTimer(timer) ? 1 : 0;
                    }
                }
            }
            return cancelled;
        }
    }
}
