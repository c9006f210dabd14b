package io.spore.benchmarks;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
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
 * A call's round trip between two nodes over Aeron UDP on loopback ({@link TwoNodes}): {@code node.call} from a
 * thread outside node A to a process on node B that answers with the request. Sampled, so the result gives the
 * percentiles; compare with {@link BareAeronBaselineBenchmark#pingPong} of the same payload.
 *
 * <p>One round trip is: encode on the calling thread and offer to A's control publication; A's driver sends, B's
 * driver receives; B's transport agent polls, decodes and delivers to the echo process, which a worker runs; the
 * worker encodes the reply and offers it; B's driver sends, A's receives; A's transport agent completes the call
 * and wakes the caller. Every thread on that path idles by spinning, yielding, then parking (up to 1 ms for the
 * drivers and agents), so on an idle machine the wake-ups, not the bytes, decide the figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RemotePingPongBenchmark {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @Param({Payload.STRING, Payload.BYTES_256})
    public String payload;

    /** How the nodes protect their frames: sealed (the default), authenticated, or none (clear). */
    @Param({"sealed", "authenticated", "none"})
    public String wireSecurity;

    private TwoNodes nodes;
    private Pid echoOnB;
    private Object message;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = TwoNodes.start(wireSecurity);
        message = Payload.message(payload);
        echoOnB = nodes.b.spawn(Echo::new, ProcessOptions.DEFAULTS);
        // The first call connects (name lookup, publications, cookie handshake); the warm-up should not sample it.
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

    /** Answers every call with the request. */
    static final class Echo implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }

        @Override
        public Object handleCall(ProcessContext context, Caller caller, Object request) {
            return request;
        }
    }
}
