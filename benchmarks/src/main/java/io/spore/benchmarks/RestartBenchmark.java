package io.spore.benchmarks;

import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.SporeNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A one-for-one supervisor restarting its crashed child on the same node (issue target: p50 at most 5 us from the
 * crash to the new child's {@code init} done). A restart is the crashed child's exit, the exit signal over the link
 * to the supervisor, the supervisor's turn (intensity, strategy, the restart line of its log, which its default level
 * INFO formats), the spawn with its link, and {@code init}. The crash is an exit with an error reason handled in
 * {@code handleMessage} ({@link Restartable}).
 *
 * <ul>
 *   <li>{@link #chainedRestart}, the figure for the target: {@value #CHAIN} restarts back to back on the node's own
 *       threads, each new child asking for its own crash with a message to itself at the end of its {@code init}
 *       ({@link Restartable#chain}); the score is per restart, and includes that message's turn on top of the
 *       restart itself. At the end of a trial it prints the percentiles of the restarts' exit-to-{@code init}
 *       times, taken inside the node: the restart alone.</li>
 *   <li>{@link #restart}: one restart per operation, asked for from the benchmark's thread, outside the node. It
 *       adds what a restart does not do: the crash's message from an outside thread, which wakes a parked worker
 *       (a futex call and the scheduler's wake-up, several microseconds on this VM, more under load), and the
 *       benchmark thread seeing the new {@code init} (it spins 5 us, then yields its core to the workers). It
 *       prints the exit-to-{@code init} part too.</li>
 * </ul>
 *
 * <p>{@code logLevel} is the supervisor's (its child inherits it): at {@code INFO}, the default, the supervisor
 * formats its line about each restart, even where the logging backend then drops it (as here, where {@code io.spore}
 * logs warnings only); at {@code WARNING} it does not.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RestartBenchmark {
    /**
     * Within the intensity however fast restarts come: chained ones come at more than a million a second. The
     * supervisor remembers the time of each restart within the period, so this costs memory only for those.
     */
    static final int MAX_RESTARTS = 100_000_000;
    /** Restarts in one chain of {@link #chainedRestart}. */
    static final int CHAIN = 100;

    @Param({"INFO", "WARNING"})
    public String logLevel;

    private SporeNode node;
    private Pid supervisor;
    private final Restartable.Samples samples = new Restartable.Samples();
    /** {@link #restart}'s parts that are not the restart: the outside send to the crash, the init to being seen. */
    private final Restartable.Samples toCrash = new Restartable.Samples();
    private final Restartable.Samples toSeen = new Restartable.Samples();

    @Setup(Level.Trial)
    public void startSupervisor() {
        node = EmbeddedNode.start();
        node.registerFactory(Restartable.NAME, Restartable::new);
        supervisor = Supervisors.start(node, spec(ChildSpec.of("child", Name.of(Restartable.NAME))),
            ProcessOptions.DEFAULTS.withLogLevel(LogLevel.valueOf(logLevel)));
    }

    /** One permanent child, one-for-one, restarts without backoff. */
    static SupervisorSpec spec(ChildSpec child) {
        return SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(MAX_RESTARTS, Duration.ofSeconds(1))
            .withChild(child);
    }

    @TearDown(Level.Trial)
    public void stopSupervisor() {
        samples.print("local restart from an outside thread, supervisor at " + logLevel);
        toCrash.print("  before it: the outside thread's send to the crash's handling (waking a worker)", "");
        toSeen.print("  after it: the new init to the outside thread seeing it", "");
        Restartable.CHAINED.print("chained local restart, supervisor at " + logLevel);
        Supervisors.stop(node, supervisor);
        node.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(CHAIN)
    @Threads(1)
    public Pid chainedRestart() {
        return Restartable.chain(node, CHAIN);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Pid restart() {
        Pid victim = Restartable.current;
        long sentNs = System.nanoTime();
        node.send(victim, Restartable.CRASH);
        Pid next = Restartable.awaitOtherThan(victim);
        long seenNs = System.nanoTime();
        samples.recordLast();
        toCrash.record(Restartable.exitNs - sentNs);
        toSeen.record(seenNs - Restartable.initNs);
        return next;
    }
}
