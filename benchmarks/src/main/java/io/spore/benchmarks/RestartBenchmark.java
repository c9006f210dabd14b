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
 * crash to the new child's {@code init} done). Each operation sends {@link Restartable#CRASH} to the child from the
 * benchmark's thread and spins until the new child's {@code init} has run (see {@link Restartable}): the crash's
 * message reaching the child, its exit, the exit signal over the link to the supervisor, the supervisor's turn
 * (intensity, strategy, the restart line of its log, which its default level INFO formats), the spawn with its
 * link, and {@code init}. At the end of a trial it prints the part from the child's exit to the new {@code init},
 * without the message that asked for the crash.
 *
 * <p>{@code logLevel} is the supervisor's (its child inherits it): at {@code INFO}, the default, the supervisor
 * formats its line about each restart, even where the logging backend then drops it (as here, where {@code io.spore}
 * logs warnings only); at {@code WARNING} it does not.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RestartBenchmark {
    /** Within the intensity however fast restarts come: a million in a second. */
    static final int MAX_RESTARTS = 1_000_000;

    @Param({"INFO", "WARNING"})
    public String logLevel;

    private SporeNode node;
    private Pid supervisor;
    private final Restartable.Samples samples = new Restartable.Samples();

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
        samples.print("local restart, supervisor at " + logLevel);
        Supervisors.stop(node, supervisor);
        node.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Pid restart() {
        Pid victim = Restartable.current;
        node.send(victim, Restartable.CRASH);
        Pid next = Restartable.awaitOtherThan(victim);
        samples.recordLast();
        return next;
    }
}
