package io.spore.benchmarks;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local sends from outside any process to one process (target: 10 M messages per second), and a local call.
 *
 * <p>The send benchmarks count delivered messages, not enqueued ones: each invocation sends {@value #BATCH}
 * messages and then waits until the receiver has handled every message reported so far. The batch is large so
 * that the receiver runs in its steady state (turn after turn on one worker) rather than paying a worker wake-up
 * every few messages; with two senders a thread may stop waiting while up to one batch of the other thread's is
 * still queued, a lag bounded by one batch against tens of millions per iteration. The message is a constant, so
 * {@code -prof gc} shows what the runtime allocates per send.
 *
 * <p>{@link #callRoundTrip} is {@code Node.call} from a thread outside the node to a process that answers at
 * once: the request's and the reply's trip plus the wake-up of the blocked caller.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SendBenchmark {
    static final int BATCH = 10_000;
    private static final Object MESSAGE = "m";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private SporeNode node;
    private Counter counter;
    private Pid receiver;
    private Pid echo;
    private final AtomicLong sent = new AtomicLong();

    @Setup(Level.Trial)
    public void startNode() {
        node = EmbeddedNode.start();
        counter = new Counter();
        receiver = node.spawn(() -> counter, ProcessOptions.DEFAULTS);
        echo = node.spawn(Echo::new, ProcessOptions.DEFAULTS);
    }

    @TearDown(Level.Trial)
    public void closeNode() {
        node.close();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void sendOneToOne() {
        sendBatch();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void sendTwoToOne() {
        sendBatch();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object callRoundTrip() {
        return node.call(echo, MESSAGE, CALL_TIMEOUT);
    }

    private void sendBatch() {
        SporeNode n = node;
        Pid to = receiver;
        for (int i = 0; i < BATCH; i++) {
            n.send(to, MESSAGE);
        }
        Await.atLeast(counter::received, sent.addAndGet(BATCH), "messages received");
    }

    /** Counts what it receives; the count is published with a release store so the senders can read it. */
    static final class Counter implements ProcessBehavior {
        private final AtomicLong received = new AtomicLong();
        private long count;

        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
            received.lazySet(++count);
        }

        long received() {
            return received.get();
        }
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
