package io.spore.benchmarks;

import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.benchmarks.receiver.ReceiverActivator;
import io.spore.core.SporeNode;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@link RemoteThroughputBenchmark} with the two nodes in separate processes ({@link SeparateNodes}): one thread
 * outside node A, in the benchmark's JVM, sends batches of {@value RemoteThroughputBenchmark#BATCH} to a counting
 * process on node B, a node process from the distribution. A message counts once B has handled it: after each
 * batch the thread calls the counter with the total sent so far, and the counter answers once it has counted that
 * many (one round trip per batch, where the in-JVM benchmark reads a shared counter). Delivered messages/s; compare
 * with {@link SeparateBareAeronBenchmark#oneWay} of the same payload, run in the same command.
 *
 * <p>A send that B does not take within the transport's back-pressure timeout fails with {@code BACK_PRESSURED}
 * ("slow down and retry"); the sender retries it, as a user would, up to {@value #MAX_RETRIES} times in a row, and
 * the trial prints how many retries it needed. (In one JVM the two nodes share the JIT's and the collector's pauses;
 * here a pause of B alone back-pressures A.) {@code -prof gc} shows only A's allocation (B's is in another JVM).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SeparateThroughputBenchmark {
    static final int BATCH = RemoteThroughputBenchmark.BATCH;
    /** Long enough for a batch of the largest payload on a busy machine; a lost batch fails the run. */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);
    /** Retries of one back-pressured send before the run fails: 300 × the 100 ms back-pressure timeout. */
    static final int MAX_RETRIES = 300;

    @Param({Payload.BYTES_32, Payload.STRING, Payload.BYTES_256, Payload.BYTES_4096, Payload.LONG})
    public String payload;

    /** How the nodes protect their frames: sealed (the default), authenticated, or none (clear). */
    @Param({"sealed", "authenticated", "none"})
    public String wireSecurity;

    private SeparateNodes nodes;
    private Pid sinkOnB;
    private Object message;
    private long sent;
    private long retries;

    @Setup(Level.Trial)
    public void startNodes() {
        nodes = SeparateNodes.start(wireSecurity);
        message = Payload.message(payload);
        // Spawning connects A to B before anything is measured.
        sinkOnB = nodes.spawnOnB(ReceiverActivator.SINK);
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        if (retries > 0) {
            System.out.printf(Locale.ROOT, "%nsends retried after BACK_PRESSURED: %d of %d%n", retries, sent);
        }
        nodes.close();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public Object sendOneWay() {
        SporeNode a = nodes.a;
        Pid to = sinkOnB;
        Object m = message;
        for (int i = 0; i < BATCH; i++) {
            send(a, to, m);
        }
        sent += BATCH;
        return a.call(to, sent, BATCH_TIMEOUT);
    }

    private void send(SporeNode a, Pid to, Object m) {
        for (int attempt = 0; ; attempt++) {
            try {
                a.send(to, m);
                return;
            } catch (SporeException e) {
                if (e.reason() != SporeException.Reason.BACK_PRESSURED || attempt == MAX_RETRIES) {
                    throw e;
                }
                retries++;
            }
        }
    }
}
