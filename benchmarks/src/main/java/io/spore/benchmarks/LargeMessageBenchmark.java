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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a 50 MiB message does to a call sent right after it (issue 19: "a call sent right after it returns within 2×
 * its p50 on an idle link"): {@link #idleCall} is the call's round trip between two loopback nodes with nothing
 * else on the link ({@link TwoNodes}, sealed, 512 KiB terms); {@link #callAfterLarge} is the same call made while a
 * 50 MiB message from another process of node A to node B is on its way, started (its first chunks accepted) just
 * before the call, outside the measured time. The large message travels on its own stream ({@code LargeLane}), so
 * the call does not wait behind it; each invocation waits, unmeasured, for the previous large message to arrive.
 *
 * <p>{@code -jvmArgsAppend -Dspore.bench.largeMessageThreshold=1073741824} (with the fork's other arguments) keeps
 * every frame off the large stream, as before it existed: the 50 MiB then travel the data stream, and the call waits
 * behind them at the receiver (its DataBarrier names the data stream's end). {@link #largeMessage} times the large
 * message itself, from its send until it is in the receiving process's mailbox.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP, "-Xmx2g",
    "-Dspore.bench.maxMessageSize=" + LargeMessageBenchmark.MAX_MESSAGE})
public class LargeMessageBenchmark {
    static final int MAX_MESSAGE = 64 * 1024 * 1024;
    private static final int LARGE = 50 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How the nodes protect their frames: sealed (the default), authenticated, or none (clear). */
    @Param({"sealed"})
    public String wireSecurity;

    private TwoNodes nodes;
    private Pid echoOnB;
    private Pid sinkOnB;
    private Pid senderOnA;
    private final AtomicInteger arrived = new AtomicInteger();
    private final BlockingQueue<Boolean> started = new LinkedBlockingQueue<>();
    private int sent;
    private byte[] large;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = TwoNodes.start(wireSecurity);
        large = new byte[LARGE];
        echoOnB = nodes.b.spawn(RemotePingPongBenchmark.Echo::new, ProcessOptions.DEFAULTS);
        sinkOnB = nodes.b.spawn(() -> (ctx, from, message) -> arrived.incrementAndGet(), ProcessOptions.DEFAULTS);
        senderOnA = nodes.a.spawn(() -> new Sender(started), ProcessOptions.DEFAULTS);
        nodes.a.call(echoOnB, "up", TIMEOUT);
    }

    @TearDown(Level.Trial)
    public void closeNodes() throws InterruptedException {
        awaitArrivals();
        nodes.close();
    }

    /** A large message in flight: one per call, sent from another process just before the call. */
    @State(Scope.Thread)
    public static class LargeInFlight {
        /** Waits for the last one to arrive (so they do not pile up), then starts the next and waits till it left. */
        @Setup(Level.Invocation)
        public void sendLarge(LargeMessageBenchmark bench) throws InterruptedException {
            bench.awaitArrivals();
            bench.nodes.a.send(bench.senderOnA, List.of(bench.sinkOnB, bench.large));
            bench.sent++;
            if (bench.started.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("the large message was not sent within " + TIMEOUT);
            }
        }
    }

    private void awaitArrivals() throws InterruptedException {
        long deadlineNs = System.nanoTime() + TIMEOUT.toNanos();
        while (arrived.get() < sent) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new IllegalStateException("the large message did not arrive within " + TIMEOUT);
            }
            Thread.sleep(1);
        }
    }

    @Benchmark
    @Threads(1)
    public Object idleCall() {
        return nodes.a.call(echoOnB, "ping", TIMEOUT);
    }

    @Benchmark
    @Threads(1)
    public Object callAfterLarge(LargeInFlight inFlight) {
        return nodes.a.call(echoOnB, "ping", TIMEOUT);
    }

    /**
     * The 50 MiB message's own journey: from the send until the receiving process has it, sealed, sent, received,
     * opened and joined (a large message's throughput, which giving way to calls must not cost much).
     */
    @Benchmark
    @Threads(1)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int largeMessage() throws InterruptedException {
        awaitArrivals();
        nodes.a.send(senderOnA, List.of(sinkOnB, large));
        sent++;
        started.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // the sender's word that it went, not needed here
        awaitArrivals();
        return sent;
    }

    /** Sends the second element of a [pid, payload] message to the first, then says it went. */
    static final class Sender implements ProcessBehavior {
        private final BlockingQueue<Boolean> started;

        Sender(BlockingQueue<Boolean> started) {
            this.started = started;
        }

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            List<?> list = (List<?>) message;
            ctx.send((Pid) list.get(0), list.get(1));
            started.add(Boolean.TRUE);
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return request;
        }
    }
}
