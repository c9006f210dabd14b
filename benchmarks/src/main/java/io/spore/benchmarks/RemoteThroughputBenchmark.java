package io.spore.benchmarks;

import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.core.SporeNode;
import io.spore.testsupport.Await;
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
 * One-way sends between two nodes over Aeron UDP on loopback ({@link TwoNodes}): one thread outside node A sends to
 * a process on node B that only counts. As in {@link SendBenchmark}, a message counts once it has been handled:
 * each invocation sends {@value #BATCH} messages and then waits until B's process has counted every one so far.
 * Compare with {@link BareAeronBaselineBenchmark#oneWay} of the same payload.
 *
 * <p>A send encodes on the calling thread and offers the frame to A's data publication, which sends it at once when
 * A's media driver has nothing in flight and otherwise packs it with the frames that follow into one Aeron message
 * (a Batch frame); if Aeron answers back-pressure, the sender retries for up to the transport's back-pressure
 * timeout, and past it the send fails and so does the run.
 *
 * <p>The message is a constant, so {@code -prof gc} shows what the two nodes allocate per message (both run in this
 * JVM, so the figure is the sender's and the receiver's together): the decoded value the receiving process is
 * handed, and nothing else. With {@link Payload#LONG}, whose decoding allocates nothing, it is the send and receive
 * path's own allocation (the target: about 0 B).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RemoteThroughputBenchmark {
    static final int BATCH = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Param({Payload.BYTES_32, Payload.STRING, Payload.BYTES_256, Payload.BYTES_4096, Payload.LONG})
    public String payload;

    /** How the nodes protect their frames: sealed (the default), authenticated, or none (clear). */
    @Param({"sealed", "authenticated", "none"})
    public String wireSecurity;

    private TwoNodes nodes;
    private SendBenchmark.Counter counter;
    private Pid counterOnB;
    private Object message;
    private long sent;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = TwoNodes.start(wireSecurity);
        message = Payload.message(payload);
        counter = new SendBenchmark.Counter();
        counterOnB = nodes.b.spawn(() -> counter, ProcessOptions.DEFAULTS);
        // Connect before measuring: a call waits for the handshake, and the first send of a batch would otherwise
        // only be queued until it completes.
        Pid echoOnB = nodes.b.spawn(RemotePingPongBenchmark.Echo::new, ProcessOptions.DEFAULTS);
        nodes.a.call(echoOnB, "connect", CONNECT_TIMEOUT);
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        nodes.close();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void sendOneWay() {
        SporeNode a = nodes.a;
        Pid to = counterOnB;
        Object m = message;
        for (int i = 0; i < BATCH; i++) {
            a.send(to, m);
        }
        sent += BATCH;
        Await.atLeast(counter::received, sent, "messages received on node b");
    }
}
