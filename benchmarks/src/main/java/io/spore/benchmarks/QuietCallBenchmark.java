package io.spore.benchmarks;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
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
 * A call's round trip after the two nodes have been quiet for {@code quietMs} (the pause is not timed): what the
 * first request after a lull costs, when the media drivers and transport agents have stopped spinning and are
 * parked or dozing on their sockets. Compare with {@link RemotePingPongBenchmark#callRoundTrip}, calls back to back.
 *
 * <p>{@code -p quietMs=5} lets every thread on the path reach its doze (after 2 ms of quiet); {@code 100} is a node
 * that sees a request now and then.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class QuietCallBenchmark {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** The quiet before each call, outside the timing. */
    @Param({"5", "100"})
    public int quietMs;

    private TwoNodes nodes;
    private Pid echoOnB;
    private Object message;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = TwoNodes.start("sealed");
        message = Payload.message(Payload.STRING);
        echoOnB = nodes.b.spawn(RemotePingPongBenchmark.Echo::new, ProcessOptions.DEFAULTS);
        nodes.a.call(echoOnB, message, CALL_TIMEOUT); // connects; not sampled
    }

    @Setup(Level.Invocation)
    public void beQuiet() throws InterruptedException {
        Thread.sleep(quietMs);
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        nodes.close();
    }

    @Benchmark
    @Threads(1)
    public Object callAfterQuiet() {
        return nodes.a.call(echoOnB, message, CALL_TIMEOUT);
    }
}
