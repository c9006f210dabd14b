package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Supervisors;
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

import java.util.concurrent.TimeUnit;

/**
 * A supervisor on node a restarting its crashed child on node b, over Aeron UDP on loopback ({@link TwoNodes}),
 * beside the remote spawn round trip measured the same way in the same run (issue target: the restart at most twice
 * that round trip).
 *
 * <ul>
 *   <li>{@link #restart}: the child on b is sent {@link Restartable#CRASH} on b, and the benchmark's thread spins
 *       until the new child's {@code init} has run on b: the child's exit, the exit signal from b to a over the
 *       link, the supervisor's turn, its remote spawn request from a to b, b's access check, {@code create} and
 *       {@code init}. The child is linked on b before it runs ({@code remoteSpawnLink}), so the next crash, asked
 *       for at once, reaches the supervisor by its own exit signal while the spawn's reply is still on its way.</li>
 *   <li>{@link #spawnRoundTrip}: one blocking remote spawn from a on b of a process that ends in {@code init}, as
 *       {@link RemoteSpawnBenchmark#roundTrip}: request, {@code init} and reply.</li>
 * </ul>
 * With {@code -p pauseMs=3} each operation comes after a 3 ms pause (not timed): the figures of a quiet node.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RemoteRestartBenchmark {
    private static final Name BENCH = Name.of("bench");

    /**
     * A pause before each operation, outside the timing: with 3 ms, every restart and spawn comes after a quiet
     * while, as a crash in a real tree does, when the transport's threads have backed off into their parks.
     */
    @Param({"0"})
    public int pauseMs;

    private TwoNodes nodes;
    private RemoteNode b;
    private Pid supervisor;
    private final Restartable.Samples samples = new Restartable.Samples();

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = TwoNodes.start();
        nodes.b.registerFactory(Restartable.NAME, Restartable::new);
        nodes.b.registerFactory("bench", SpawnBenchmark.ExitInInit::new);
        b = nodes.a.network().getNode(nodes.b.name());
        b.spawn(BENCH, ProcessOptions.DEFAULTS); // the connection is up and the path warm
        supervisor = Supervisors.start(nodes.a, RestartBenchmark.spec(
            ChildSpec.of("child", Name.of(Restartable.NAME)).withNodes(nodes.b.name())));
    }

    @Setup(Level.Invocation)
    public void pause() throws InterruptedException {
        if (pauseMs > 0) {
            Thread.sleep(pauseMs);
        }
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        samples.print("remote restart" + (pauseMs > 0 ? " after " + pauseMs + " ms pauses" : ""));
        Supervisors.stop(nodes.a, supervisor);
        nodes.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Pid restart() {
        Pid victim = Restartable.current;
        nodes.b.send(victim, Restartable.CRASH);
        Pid next = Restartable.awaitOtherThan(victim);
        samples.recordLast();
        return next;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Pid spawnRoundTrip() {
        return b.spawn(BENCH, ProcessOptions.DEFAULTS);
    }
}
