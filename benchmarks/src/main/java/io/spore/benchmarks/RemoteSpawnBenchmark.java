package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
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

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Remote spawn between two nodes over Aeron UDP on loopback ({@link TwoNodes}): node A asks node B to spawn from
 * B's factory {@code bench}, whose process asks to end in its {@code init} (so B's table stays small however many
 * are spawned; the spawn still completes with the pid, after {@code init}).
 *
 * <ul>
 *   <li>{@link #roundTrip}: one blocking {@link RemoteNode#spawn} at a time, sampled for percentiles. One round
 *       trip is the request (encoded on the caller's thread, on A's control stream), B's agent decoding it and
 *       handing it to a worker, the access check, {@code create} and {@code init}, the reply, and A's agent
 *       completing the caller. Compare with {@link BareAeronBaselineBenchmark#pingPong} in the same run.</li>
 *   <li>{@link #pipelined}: {@link RemoteNode#spawnAsync}, {@value #WINDOW} requests in flight from one requester
 *       thread, then all answers awaited; the score is spawns per second.</li>
 * </ul>
 * At the end of a trial each prints the bytes both transports sent per spawn (request and reply frames, heartbeats
 * included, Aeron's own headers not). Run with {@code -prof gc} for the heap allocated per spawn.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RemoteSpawnBenchmark {
    /** Requests in flight in {@link #pipelined}. */
    static final int WINDOW = 256;
    private static final Name BENCH = Name.of("bench");

    /**
     * How the nodes protect their frames: sealed (the default, and the recorded figure since 2026-12-03), or none
     * (clear, as the figures recorded before sealing were).
     */
    @Param({"sealed"})
    public String wireSecurity;

    private TwoNodes nodes;
    private RemoteNode b;
    private long spawns;
    private long bytesAtStart;
    private long[] framesAtStart;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = TwoNodes.start(wireSecurity);
        // A child that ends in init: the spawn is measured, not the process table's growth.
        nodes.b.registerFactory("bench", SpawnBenchmark.ExitInInit::new);
        b = nodes.a.network().getNode(nodes.b.name());
        b.spawn(BENCH, ProcessOptions.DEFAULTS); // the first spawn warms the path; the connection is up already
        bytesAtStart = nodes.bytesSent();
        framesAtStart = nodes.framesAndBatchesSent();
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        long bytes = nodes.bytesSent() - bytesAtStart;
        if (spawns > 0) {
            System.out.printf(Locale.ROOT, "%nbytes on the wire per remote spawn: %.1f (%d spawns, %d bytes)%n",
                (double) bytes / spawns, spawns, bytes);
            long[] frames = nodes.framesAndBatchesSent();
            long batches = frames[1] - framesAtStart[1];
            System.out.printf(Locale.ROOT, "frames per Aeron message sent: %.2f (%d frames, %d messages)%n",
                (double) (frames[0] - framesAtStart[0]) / Math.max(1, batches), frames[0] - framesAtStart[0], batches);
        }
        nodes.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Pid roundTrip() {
        spawns++;
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
        spawns += WINDOW;
        return CompletableFuture.allOf(inFlight).join();
    }
}
