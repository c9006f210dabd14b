package io.spore.benchmarks;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.transport.WireSecurity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a new connection costs before its first answer, per wire security mode: a node that just started calls a
 * process on a node it has never talked to. The time covers the name lookup (TCP to the per-host name service), the
 * publications and images the media drivers set up, the handshake (Hello, Challenge, ChallengeResponse, Welcome; in
 * the sealed and authenticated modes also each side's X25519 key pair and agreement, transcript hash and key
 * schedule, see {@link SealHandshakeBenchmark}) and the call's own round trip. Each iteration is one such first call,
 * from a fresh node {@code c@localhost} started (and, after the call, closed) outside the measured time.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ConnectBenchmark -p wireSecurity=sealed,none</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 40)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class ConnectBenchmark {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** How the nodes protect their frames: sealed (the default), authenticated, or none (clear). */
    @Param({"sealed", "authenticated", "none"})
    public String wireSecurity;

    private LoopbackNodes cluster;
    private Pid echo;
    private LoopbackNodes.Joined newcomer;

    @Setup(Level.Trial)
    public void startNode() {
        cluster = LoopbackNodes.start(1, false, WireSecurity.parse(wireSecurity));
        echo = cluster.node(0).spawn(RemotePingPongBenchmark.Echo::new, ProcessOptions.DEFAULTS);
    }

    @Setup(Level.Iteration)
    public void startNewcomer() {
        newcomer = cluster.join("c");
    }

    @TearDown(Level.Iteration)
    public void closeNewcomer() {
        newcomer.close();
    }

    @TearDown(Level.Trial)
    public void closeNode() {
        cluster.close();
    }

    @Benchmark
    public Object connectAndFirstCall() {
        return newcomer.node().call(echo, "hello", CALL_TIMEOUT);
    }
}
