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
import java.util.ArrayList;
import java.util.List;

/**
 * One-way throughput from one node to all the others, as the number of nodes grows (issue 19, part 6, beside
 * {@code benchmarks/many-nodes.sh}, which measures what each node costs at rest): node a sends 32-byte messages
 * round-robin to a counting process on every other node, over Aeron UDP on loopback, {@code nodes} nodes in this
 * JVM ({@link LoopbackNodes}). As in {@link RemoteThroughputBenchmark}, a message counts once it has been handled:
 * each invocation sends {@value #BATCH} messages and waits until every counter has all it was sent so far.
 *
 * <p>Every node runs its driver, its transport agent and its workers in this one JVM, so on a machine with few cores
 * the figure measures how those threads share them as much as the transport: read it against N on the same machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(java.util.concurrent.TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class ManyNodesThroughputBenchmark {
    /** Divisible by 1, 3, 7 and 15, the receivers of 2, 4, 8 and 16 nodes, so every one gets as many. */
    static final int BATCH = 10_080;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Nodes in all: a, the sender, and nodes - 1 receivers. */
    @Param({"2", "4", "8", "16"})
    public int nodes;

    private LoopbackNodes running;
    private SporeNode a;
    private Pid[] counters;
    private final List<SendBenchmark.Counter> counting = new ArrayList<>();
    private Object message;
    private long sentEach;

    @Setup(Level.Trial)
    public void start() {
        running = LoopbackNodes.start(nodes, false);
        a = running.node(0);
        message = Payload.message(Payload.BYTES_32);
        counters = new Pid[nodes - 1];
        for (int i = 1; i < nodes; i++) {
            SporeNode receiver = running.node(i);
            SendBenchmark.Counter counter = new SendBenchmark.Counter();
            counting.add(counter);
            counters[i - 1] = receiver.spawn(() -> counter, ProcessOptions.DEFAULTS);
            // Connect before measuring: the first send of a batch would otherwise wait for the handshake.
            Pid echo = receiver.spawn(RemotePingPongBenchmark.Echo::new, ProcessOptions.DEFAULTS);
            a.call(echo, "connect", CONNECT_TIMEOUT);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        running.close();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void sendToAllOthers() {
        SporeNode from = a;
        Pid[] to = counters;
        Object m = message;
        int perReceiver = BATCH / to.length;
        for (int i = 0; i < perReceiver; i++) {
            for (Pid counter : to) {
                from.send(counter, m);
            }
        }
        sentEach += perReceiver;
        for (SendBenchmark.Counter counter : counting) {
            Await.atLeast(counter::received, sentEach, "messages received by every other node");
        }
    }
}
