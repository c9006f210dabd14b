package io.spore.benchmarks;

import io.spore.api.Pid;
import io.spore.benchmarks.receiver.ReceiverActivator;
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
 * {@link RemotePingPongBenchmark} with the two nodes in separate processes ({@link SeparateNodes}): a call from a
 * thread outside node A, in the benchmark's JVM, to an echo process on node B, a node process started from the
 * distribution. Sampled; compare with {@link SeparateBareAeronBenchmark#pingPong} of the same payload, run in the
 * same command, and with the in-JVM figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SeparatePingPongBenchmark {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @Param({Payload.STRING, Payload.BYTES_256})
    public String payload;

    /** How the nodes protect their frames: sealed (the default), authenticated, or none (clear). */
    @Param({"sealed", "authenticated", "none"})
    public String wireSecurity;

    private SeparateNodes nodes;
    private Pid echoOnB;
    private Object message;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = SeparateNodes.start(wireSecurity);
        message = Payload.message(payload);
        echoOnB = nodes.spawnOnB(ReceiverActivator.ECHO);
        nodes.a.call(echoOnB, message, CALL_TIMEOUT);
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        nodes.close();
    }

    @Benchmark
    @Threads(1)
    public Object callRoundTrip() {
        return nodes.a.call(echoOnB, message, CALL_TIMEOUT);
    }
}
