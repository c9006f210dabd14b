package io.spore.benchmarks;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.spore.api.NodeName;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.transport.IdleStrategies;
import io.spore.transport.TransportContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link BareAeronBaselineBenchmark} across two processes, the floor under the separate-process Spore figures: side
 * A is this JVM's embedded media driver and the benchmark thread; side B is {@link BareAeronPeer}, a JVM of its own
 * with its own embedded driver and one agent, both set up as the transport sets up its own ({@code SHARED}
 * threading or {@link LoopbackNodes#THREADING}, the transport's idle strategy or {@link TwoNodes#IDLE_STRATEGY}, the
 * transport's term length), linked by UDP on loopback. No Spore code runs.
 *
 * <p>{@link #pingPong} busy-spins for the echo and {@link #pingPongIdle} waits with the idle strategy, as in the
 * in-JVM baseline. {@link #oneWay} offers a batch of {@value RemoteThroughputBenchmark#BATCH}, then waits for the
 * peer's acknowledgement that it has counted them all (one message back per batch, as the Spore benchmark's call
 * per batch).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SeparateBareAeronBenchmark {
    static final int BATCH = RemoteThroughputBenchmark.BATCH;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final int FRAGMENT_LIMIT = 16;

    @Param({Payload.BYTES_32, Payload.STRING, Payload.BYTES_256, Payload.BYTES_4096})
    public String payload;

    private Path dir;
    private BareAeronBaselineBenchmark.Side sideA;
    private ChildProcess peer;
    private Publication pingPublication;
    private Publication oneWayPublication;
    private Subscription pongSubscription;
    private Subscription ackSubscription;
    private UnsafeBuffer message;
    private IdleStrategy waitIdle;
    private Pinger pinger;
    private long sent;
    private long acked;
    private final FragmentHandler onAck = (buffer, offset, length, header) -> acked = buffer.getLong(offset);

    @Setup(Level.Trial)
    public void start() {
        TransportContext settings = new TransportContext().nodeName(NodeName.parse("bench@localhost"))
            .idleStrategy(IdleStrategies.parse(TwoNodes.IDLE_STRATEGY))
            .conclude();
        int portA = FreePorts.udp();
        int portB = FreePorts.udp();
        dir = LoopbackNodes.tempDir();
        try {
            sideA = BareAeronBaselineBenchmark.Side.start("a", settings);
            pongSubscription = sideA.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(portA),
                BareAeronPeer.PING_STREAM_ID);
            ackSubscription = sideA.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(portA),
                BareAeronPeer.ACK_STREAM_ID);
            peer = ChildProcess.start("bare-aeron-peer", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP, "-Dspore.bench.threading=" + LoopbackNodes.THREADING_SETTING,
                "-cp", absoluteClassPath(),
                BareAeronPeer.class.getName(), Integer.toString(portB), Integer.toString(portA),
                TwoNodes.IDLE_STRATEGY), dir);
            String outbound = BareAeronBaselineBenchmark.outbound(portB, settings);
            pingPublication = sideA.aeron().addPublication(outbound, BareAeronPeer.PING_STREAM_ID);
            oneWayPublication = sideA.aeron().addPublication(outbound, BareAeronPeer.ONE_WAY_STREAM_ID);
            peer.await(() -> sideA.invoke() >= 0 && pingPublication.isConnected() && oneWayPublication.isConnected()
                && pongSubscription.isConnected() && ackSubscription.isConnected(), "streams to and from the peer",
                STARTUP);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        waitIdle = settings.idleStrategy().get();
        pinger = new Pinger(pingPublication, pongSubscription, sideA::invoke);
        message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Payload.length(payload), 64));
    }

    @TearDown(Level.Trial)
    public void stop() {
        CloseHelper.closeAll(peer, sideA);
        LoopbackNodes.delete(dir);
    }

    /** One message to the peer and its echo back, waiting by busy spin. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public long pingPong() {
        return pinger.spinning(message);
    }

    /** As {@link #pingPong}, waiting for the echo with the transport's idle strategy rather than spinning. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public long pingPongIdle() {
        return pinger.idling(message, waitIdle);
    }

    /** A batch, then a wait until the peer acknowledges that it has counted it. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void oneWay() {
        Publication publication = oneWayPublication;
        UnsafeBuffer m = message;
        for (int i = 0; i < BATCH; i++) {
            BareAeronBaselineBenchmark.offer(publication, m, sideA::invoke);
        }
        sent += BATCH;
        Await.atLeast(this::pollAcks, sent, "messages the bare-aeron peer acknowledged");
    }

    /** This JVM's class path with absolute entries: the peer runs in another folder, and {@code -jar X} is relative. */
    private static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    }

    private long pollAcks() {
        sideA.invoke(); // in INVOKER mode all that sends A's batch and receives the peer's acknowledgement
        ackSubscription.poll(onAck, FRAGMENT_LIMIT);
        return acked;
    }
}
