package io.spore.benchmarks;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.spore.api.NodeName;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import io.spore.transport.IdleStrategies;
import io.spore.transport.TransportContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * What Aeron alone costs for the work of {@link RemotePingPongBenchmark} and {@link RemoteThroughputBenchmark}: the
 * floor the transport adds to. Two embedded media drivers in this JVM, as the transport makes them ({@code SHARED}
 * threading, or the one {@link LoopbackNodes#THREADING} names; {@link IdleStrategies#backoff()}, or the strategy
 * {@link TwoNodes#IDLE_STRATEGY} names; the nodes' term length,
 * {@link LoopbackNodes#TERM_LENGTH}; sparse buffers), linked by UDP on loopback. Side A is the benchmark thread;
 * side B is one agent on an {@link AgentRunner} with the same idle strategy, in the place of B's transport agent. No
 * Spore code runs: {@code Publication.offer} of the payload's bytes and {@code Subscription.poll} with a plain
 * handler.
 *
 * <p>In {@link #pingPong} and {@link #oneWay} the benchmark thread busy-spins while it waits (for the echo, or past
 * back-pressure), as Aeron's own ping-pong sample does; Spore's caller instead parks until its reply arrives, so
 * part of the gap between the two ping-pong figures is that wake-up. {@link #pingPongIdle} waits with the idle
 * strategy instead. A spinning benchmark thread holds one of two cores for itself: with
 * {@code -Dspore.bench.idleStrategy=yield} the three yielding threads left share the other, and {@link #pingPong}
 * falls to the scheduler's time slice (milliseconds); read it with the default backoff only.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class BareAeronBaselineBenchmark {
    static final int BATCH = RemoteThroughputBenchmark.BATCH;
    private static final int PING_STREAM_ID = 1001;
    private static final int ONE_WAY_STREAM_ID = 1002;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int FRAGMENT_LIMIT = 16;

    @Param({Payload.BYTES_32, Payload.STRING, Payload.BYTES_256, Payload.BYTES_4096})
    public String payload;

    private Side sideA;
    private Side sideB;
    private AgentRunner echoRunner;
    private Publication pingPublication;
    private Publication oneWayPublication;
    private Subscription pongSubscription;
    private UnsafeBuffer message;
    private IdleStrategy waitIdle;
    private Pinger pinger;
    private long sent;
    private final AtomicLong received = new AtomicLong();

    @Setup(Level.Trial)
    public void startDrivers() {
        // The nodes' term length too (-Dspore.bench.termLength): it bounds how far a sender may run ahead.
        TransportContext transportDefaults = transportDefaults();
        int portA = FreePorts.udp();
        int portB = FreePorts.udp();
        sideA = Side.start("a", transportDefaults);
        sideB = Side.start("b", transportDefaults);

        // B: one subscription for pings (answered by offering the same bytes back to A), one for one-way messages.
        Subscription pingSubscription = sideB.aeron.addSubscription(inbound(portB), PING_STREAM_ID);
        Subscription oneWaySubscription = sideB.aeron.addSubscription(inbound(portB), ONE_WAY_STREAM_ID);
        Publication pongPublication = sideB.aeron.addPublication(outbound(portA, transportDefaults), PING_STREAM_ID);
        // A: publications to B, and the subscription the pongs come back on.
        pongSubscription = sideA.aeron.addSubscription(inbound(portA), PING_STREAM_ID);
        pingPublication = sideA.aeron.addPublication(outbound(portB, transportDefaults), PING_STREAM_ID);
        oneWayPublication = sideA.aeron.addPublication(outbound(portB, transportDefaults), ONE_WAY_STREAM_ID);

        echoRunner = new AgentRunner(transportDefaults.idleStrategy().get(), Throwable::printStackTrace, null,
            new EchoAndCount(pingSubscription, oneWaySubscription, BATCH, EchoAndCount.Counts.MESSAGES,
                pongPublication, received, sideB::invoke));
        AgentRunner.startOnThread(echoRunner);

        awaitConnected(sideA::invoke, pingPublication, pongPublication, oneWayPublication);
        waitIdle = transportDefaults.idleStrategy().get();
        pinger = new Pinger(pingPublication, pongSubscription, sideA::invoke);
        message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Payload.length(payload), 64));
    }

    @TearDown(Level.Trial)
    public void closeDrivers() {
        CloseHelper.closeAll(echoRunner, sideA, sideB);
    }

    /** One message to B and its echo back, waiting by busy spin. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public long pingPong() {
        return pinger.spinning(message);
    }

    /**
     * As {@link #pingPong}, but the benchmark thread waits for the echo with the transport's idle strategy, as the
     * transport's agent would, rather than spinning: closer to what a Spore caller pays, whose thread parks.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public long pingPongIdle() {
        return pinger.idling(message, waitIdle);
    }

    /** As {@link RemoteThroughputBenchmark#sendOneWay}: a batch, then a wait until B has counted it. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void oneWay() {
        Publication publication = oneWayPublication;
        UnsafeBuffer m = message;
        Side a = sideA;
        for (int i = 0; i < BATCH; i++) {
            offer(publication, m, a::invoke);
        }
        sent += BATCH;
        if (a.isInvoked()) {
            awaitInvoking(a, received, sent);
        } else {
            Await.atLeast(received::get, sent, "messages received by side b");
        }
    }

    /** As {@link Await#atLeast}, running {@code side}'s driver while it waits: nothing else sends what A offered. */
    private static void awaitInvoking(Side side, AtomicLong count, long atLeast) {
        long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (count.get() < atLeast) {
            if (side.invoke() == 0 && System.nanoTime() - deadlineNs > 0) {
                throw new IllegalStateException("side b counted " + count.get() + " of " + atLeast + " messages");
            }
        }
    }

    /**
     * Offers until the message is in the log, spinning past back-pressure (running the side's driver, which is all
     * that sends in {@code INVOKER} mode); fails on a lost connection.
     */
    static void offer(Publication publication, DirectBuffer buffer, IntSupplier driver) {
        offer(publication, buffer, 0, buffer.capacity(), driver);
    }

    static void offer(Publication publication, DirectBuffer buffer, int offset, int length, IntSupplier driver) {
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0) {
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED
                || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("offer to " + publication.channel() + " failed: "
                    + Publication.errorString(result));
            }
            if (driver.getAsInt() == 0) {
                Thread.onSpinWait();
            }
        }
    }

    static String inbound(int port) {
        return new ChannelUriStringBuilder().media(CommonContext.UDP_MEDIA).endpoint("127.0.0.1:" + port).build();
    }

    /** As the transport's {@code Channels.outbound}: the term length and sparseness travel in the URI. */
    static String outbound(int port, TransportContext context) {
        return outbound(port, context.termBufferLength(), context);
    }

    /** As {@link #outbound(int, TransportContext)}, with another term: the large-message stream's, say. */
    static String outbound(int port, int termLength, TransportContext context) {
        return new ChannelUriStringBuilder()
            .media(CommonContext.UDP_MEDIA)
            .endpoint("127.0.0.1:" + port)
            .termLength(termLength)
            .sparse(context.termBufferSparse())
            .build();
    }

    /** The settings the bare drivers copy from the transport's: its idle strategy and the nodes' term length. */
    static TransportContext transportDefaults() {
        return new TransportContext().nodeName(NodeName.parse("bench@localhost"))
            .idleStrategy(IdleStrategies.parse(TwoNodes.IDLE_STRATEGY))
            .termBufferLength(LoopbackNodes.TERM_LENGTH)
            .conclude();
    }

    /** @param driver runs the waiting side's driver, which nothing else runs in {@code INVOKER} mode */
    static void awaitConnected(IntSupplier driver, Publication... publications) {
        long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
        for (Publication publication : publications) {
            while (!publication.isConnected()) {
                driver.getAsInt();
                if (System.nanoTime() - deadlineNs > 0) {
                    throw new IllegalStateException(publication.channel() + " stream " + publication.streamId()
                        + " did not connect within " + TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NS) + " s");
                }
                Thread.yield();
            }
        }
    }

    /**
     * An embedded media driver configured as the transport configures its own, and a client of it. In {@code INVOKER}
     * mode neither has a thread: whoever waits on this side runs both ({@link #invoke}), as a bare Aeron application
     * in that mode does, and the client runs the driver while it waits for the answer to a command.
     *
     * @param invoking taken by the thread running the side's driver (the large-stream benchmark has two per side)
     */
    record Side(MediaDriver driver, Aeron aeron, AtomicBoolean invoking) implements AutoCloseable {
        static Side start(String name, TransportContext context) {
            String dir;
            try {
                dir = Files.createTempDirectory(Files.createDirectories(context.embeddedDirParent()),
                    "spore-bench-aeron-" + name + "-").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(LoopbackNodes.THREADING)
                .sharedIdleStrategy(context.idleStrategy().get())
                .sharedNetworkIdleStrategy(context.idleStrategy().get())
                .senderIdleStrategy(context.idleStrategy().get())
                .receiverIdleStrategy(context.idleStrategy().get())
                .conductorIdleStrategy(context.idleStrategy().get())
                .asyncExecutorEnabled(false)
                .publicationTermBufferLength(context.termBufferLength())
                .termBufferSparseFile(context.termBufferSparse()));
            try {
                Aeron.Context client = new Aeron.Context().aeronDirectoryName(dir);
                if (driver.sharedAgentInvoker() != null) {
                    client.useConductorAgentInvoker(true).driverAgentInvoker(driver.sharedAgentInvoker());
                }
                return new Side(driver, Aeron.connect(client), new AtomicBoolean());
            } catch (RuntimeException e) {
                driver.close();
                throw e;
            }
        }

        /** @return whether the side's driver and client run only when {@link #invoke()}d */
        boolean isInvoked() {
            return driver.sharedAgentInvoker() != null;
        }

        /** @return the work of one duty cycle of the driver and the client's conductor: 0 when they have threads */
        int invoke() {
            if (!isInvoked() || !invoking.compareAndSet(false, true)) {
                return 0;
            }
            try {
                return driver.sharedAgentInvoker().invoke() + aeron.conductorAgentInvoker().invoke();
            } finally {
                invoking.set(false);
            }
        }

        @Override
        public void close() {
            CloseHelper.closeAll(aeron, driver);
        }
    }

    /**
     * Side B's agent: echoes every ping to A and reads a second stream, whole messages (as Spore's transport joins
     * them: a 4 KiB message is several fragments on the wire), counting them or their bytes with a release store.
     */
    static final class EchoAndCount implements Agent {
        /** What the agent counts of the second stream. */
        enum Counts { MESSAGES, BYTES }

        private final Subscription pings;
        private final Subscription other;
        private final int otherLimit;
        private final Publication pongs;
        private final AtomicLong received;
        private final IntSupplier driver;
        private long count;
        private final FragmentHandler onPing;
        private final FragmentAssembler onOther;

        /**
         * @param otherLimit fragments taken from the second stream per duty cycle
         * @param received   where the count is published
         * @param driver     runs side B's driver, first in each duty cycle (nothing else does in {@code INVOKER} mode)
         */
        EchoAndCount(Subscription pings, Subscription other, int otherLimit, Counts counts, Publication pongs,
                     AtomicLong received, IntSupplier driver) {
            this.pings = pings;
            this.driver = driver;
            this.other = other;
            this.otherLimit = otherLimit;
            this.pongs = pongs;
            this.received = received;
            this.onPing = new FragmentAssembler(
                (buffer, offset, length, header) -> offer(this.pongs, buffer, offset, length, driver));
            this.onOther = new FragmentAssembler((buffer, offset, length, header) ->
                count += counts == Counts.BYTES ? length : 1);
        }

        @Override
        public int doWork() {
            int work = driver.getAsInt() + pings.poll(onPing, FRAGMENT_LIMIT);
            int fragments = other.poll(onOther, otherLimit);
            if (fragments > 0) {
                received.lazySet(count);
            }
            return work + fragments;
        }

        @Override
        public String roleName() {
            return "bare-aeron-side-b";
        }
    }
}
