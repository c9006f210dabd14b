package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.benchmarks.receiver.ReceiverActivator;
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
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link RemoteSpawnBenchmark} with the two nodes in separate processes ({@link SeparateNodes}, sealed frames as
 * there): node A, in the benchmark's JVM, asks node B, a node process from the distribution, to spawn from the
 * receiver bundle's factory {@code bench}, whose process ends in its {@code init}.
 * {@link #roundTrip} is one blocking spawn at a time, sampled (compare with
 * {@link SeparateBareAeronBenchmark#pingPong}); {@link #pipelined} keeps {@value RemoteSpawnBenchmark#WINDOW}
 * requests in flight, spawns/s.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SeparateSpawnBenchmark {
    static final int WINDOW = RemoteSpawnBenchmark.WINDOW;
    private static final Name BENCH = Name.of(ReceiverActivator.EXIT_IN_INIT);

    private SeparateNodes nodes;
    private RemoteNode b;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = SeparateNodes.start("sealed");
        nodes.spawnOnB(ReceiverActivator.EXIT_IN_INIT); // waits for B's factory, connects and warms the path
        b = nodes.b();
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        nodes.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Pid roundTrip() {
        return b.spawn(BENCH, ProcessOptions.DEFAULTS);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    @Threads(1)
    public Object pipelined() {
        @SuppressWarnings("unchecked")
        CompletableFuture<Pid>[] inFlight = (CompletableFuture<Pid>[]) new CompletableFuture<?>[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            inFlight[i] = b.spawnAsync(BENCH, ProcessOptions.DEFAULTS);
        }
        return CompletableFuture.allOf(inFlight).join();
    }
}
