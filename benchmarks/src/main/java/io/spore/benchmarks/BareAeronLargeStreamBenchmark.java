package io.spore.benchmarks;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.spore.testsupport.FreePorts;
import io.spore.transport.TransportContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bare Aeron beside {@link LargeMessageBenchmark}: what this machine does to a ping-pong's round trip while 50 MiB
 * flow between the same two media drivers on a stream of their own, with no Spore code anywhere. Two drivers set up
 * as {@link BareAeronBaselineBenchmark}'s (and the transport's), the ping stream with the nodes' term, the large
 * stream with the large-message stream's (half of it), offered in Aeron's longest messages for that term. Side B's
 * agent echoes pings and reads the large stream, taking as many fragments per duty cycle as the transport's agent
 * does ({@code LargeStream.FRAGMENTS_PER_CYCLE}); a thread of side A's offers the 50 MiB, waiting past
 * back-pressure with the transport's idle strategy, as the transport's agent sends what waits of a large frame.
 *
 * <p>{@link #idlePingPong} is the round trip with nothing else on the link, {@link #pingPongBesideLarge} the same
 * while a 50 MiB stream is on its way (started, its first message offered, just before, unmeasured; one per
 * round trip). The benchmark thread waits for the echo with the idle strategy, as {@code pingPongIdle} does. What it
 * leaves out of Spore's large message: sealing and opening, the chunks' joining and the message's decoding, so its
 * stream costs less CPU than Spore's and the round trip beside it is a floor, not a like-for-like figure.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar BareAeronLargeStreamBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class BareAeronLargeStreamBenchmark {
    private static final int PING_STREAM_ID = 1011;
    private static final int LARGE_STREAM_ID = 1012;
    private static final int LARGE = 50 * 1024 * 1024;
    /** {@code LargeStream.FRAGMENTS_PER_CYCLE}, which is package-private to the transport. */
    private static final int LARGE_FRAGMENTS_PER_CYCLE = 16;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private BareAeronBaselineBenchmark.Side sideA;
    private BareAeronBaselineBenchmark.Side sideB;
    private AgentRunner echoRunner;
    private Publication pingPublication;
    private Publication largePublication;
    private Subscription pongSubscription;
    private UnsafeBuffer ping;
    private UnsafeBuffer largeMessage;
    private IdleStrategy waitIdle;
    private IdleStrategy largeIdle;
    private ExecutorService largeSender;
    private Future<?> lastLarge;
    private Pinger pinger;
    /** Bytes of the large stream offered by side A's sending thread, and read by side B. */
    private final AtomicLong largeOffered = new AtomicLong();
    private final AtomicLong largeRead = new AtomicLong();

    @Setup(Level.Trial)
    public void startDrivers() {
        TransportContext context = BareAeronBaselineBenchmark.transportDefaults();
        int portA = FreePorts.udp();
        int portB = FreePorts.udp();
        sideA = BareAeronBaselineBenchmark.Side.start("a", context);
        sideB = BareAeronBaselineBenchmark.Side.start("b", context);

        Subscription pings = sideB.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(portB), PING_STREAM_ID);
        Subscription large = sideB.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(portB),
            LARGE_STREAM_ID);
        Publication pongs = sideB.aeron().addPublication(BareAeronBaselineBenchmark.outbound(portA, context),
            PING_STREAM_ID);
        pongSubscription = sideA.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(portA), PING_STREAM_ID);
        pingPublication = sideA.aeron().addPublication(BareAeronBaselineBenchmark.outbound(portB, context),
            PING_STREAM_ID);
        largePublication = sideA.aeron().addExclusivePublication(
            BareAeronBaselineBenchmark.outbound(portB, context.largeTermBufferLength(), context), LARGE_STREAM_ID);

        echoRunner = new AgentRunner(context.idleStrategy().get(), Throwable::printStackTrace, null,
            new BareAeronBaselineBenchmark.EchoAndCount(pings, large, LARGE_FRAGMENTS_PER_CYCLE,
                BareAeronBaselineBenchmark.EchoAndCount.Counts.BYTES, pongs, largeRead, sideB::invoke));
        AgentRunner.startOnThread(echoRunner);
        BareAeronBaselineBenchmark.awaitConnected(sideA::invoke, pingPublication, pongs, largePublication);

        waitIdle = context.idleStrategy().get();
        pinger = new Pinger(pingPublication, pongSubscription, sideA::invoke);
        largeIdle = context.idleStrategy().get();
        ping = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Payload.length(Payload.STRING), 64));
        largeMessage = new UnsafeBuffer(BufferUtil.allocateDirectAligned(largePublication.maxMessageLength(), 64));
        largeSender = Executors.newSingleThreadExecutor(r -> new Thread(r, "bare-aeron-large-sender"));
    }

    @TearDown(Level.Trial)
    public void closeDrivers() throws Exception {
        awaitLargeRead();
        largeSender.shutdownNow();
        CloseHelper.closeAll(echoRunner, sideA, sideB);
    }

    /** A 50 MiB stream on its way: one per round trip, started just before it. */
    @State(Scope.Thread)
    public static class LargeInFlight {
        /** Waits for the last stream to be read (so they do not pile up), then starts the next, till it began. */
        @Setup(Level.Invocation)
        public void startLarge(BareAeronLargeStreamBenchmark bench) throws Exception {
            bench.awaitLargeRead();
            long before = bench.largeOffered.get();
            bench.lastLarge = bench.largeSender.submit(bench::offerLarge);
            long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            while (bench.largeOffered.get() == before) {
                if (System.nanoTime() - deadlineNs > 0) {
                    throw new IllegalStateException("the large stream did not begin within 60 s");
                }
                Thread.yield();
            }
        }
    }

    @Benchmark
    @Threads(1)
    public long idlePingPong() {
        return pinger.idling(ping, waitIdle);
    }

    @Benchmark
    @Threads(1)
    public long pingPongBesideLarge(LargeInFlight inFlight) {
        return pinger.idling(ping, waitIdle);
    }

    /** Side A's sending thread: 50 MiB in the stream's longest messages, waiting past back-pressure. */
    private void offerLarge() {
        int length = largeMessage.capacity();
        IdleStrategy idle = largeIdle;
        for (long sent = 0; sent < LARGE; sent += length) {
            idle.reset();
            long result;
            while ((result = largePublication.offer(largeMessage, 0, length)) < 0) {
                if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED
                    || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("the large stream failed: " + Publication.errorString(result));
                }
                idle.idle(sideA.invoke()); // in INVOKER mode the pinger's thread and this one take turns
            }
            largeOffered.addAndGet(length);
        }
    }

    private void awaitLargeRead() throws Exception {
        if (lastLarge != null) {
            lastLarge.get(60, TimeUnit.SECONDS);
        }
        long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (largeRead.get() < largeOffered.get()) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new IllegalStateException("the large stream was not read within 60 s");
            }
            if (sideA.isInvoked()) {
                sideA.invoke(); // nothing else sends what is left of the stream
            } else {
                Thread.sleep(1);
            }
        }
    }
}
