package io.spore.benchmarks;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryResult;
import io.spore.testsupport.Await;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The registry's global names against a three-member registry (Aeron Cluster) on loopback, started in this JVM by
 * the benchmark's setup ({@link LoopbackRegistry}: three real members, each with its own media driver, archive and
 * consensus module, and the client's own driver, all sharing the machine's cores with the measuring thread).
 *
 * <ul>
 *   <li>{@link #registerRoundTrip}: one {@code registerGlobal} of a new name and the wait for its answer: the command
 *   goes to the leader, is replicated to a majority and committed, applied, and answered (and broadcast to every
 *   replica). Read its p50 (SampleTime).</li>
 *   <li>{@link #registrationSeenByAnotherNode}: from the {@code registerGlobal} call on one node until another
 *   node's replica answers {@code whereis} with the holder: how long the registry's event takes to reach the other
 *   nodes (SampleTime, read its p50).</li>
 *   <li>{@link #registerPipelined}: {@value #BATCH} registrations offered at once, then every answer awaited:
 *   registrations per second with the client's requests in flight together.</li>
 *   <li>{@link #whereis}: a lookup of a held name in the local replica, no network (target ≤ 100 ns and nothing
 *   allocated: run with {@code -prof gc}).</li>
 * </ul>
 *
 * Every registration is of a new name; after each iteration the process that held them ends
 * ({@code processEnded}), so the registry's state stays small and the per-node limit is never met.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RegistryBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RegistryBenchmark {
    static final int BATCH = 256;
    private static final Duration ITERATION_CLEANUP = Duration.ofSeconds(60);
    private static final long SEEN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final NodeName NODE = NodeName.parse("bench@localhost");

    private LoopbackRegistry registry;
    private RegistryClient client;
    private RegistryClient watcher;
    private Pid held;
    private Pid pid;
    private long processIds = 1;
    private long names;
    private final CompletableFuture<?>[] batch = new CompletableFuture<?>[BATCH];

    @Setup(Level.Trial)
    public void startRegistry() {
        registry = LoopbackRegistry.start(3);
        client = registry.client("bench", new RegistryListener() {
        });
        watcher = registry.client("watcher", new RegistryListener() {
        });
        held = new Pid(NODE, processIds++, 1);
        check(client.registerGlobal("looked-up", held).join());
    }

    @Setup(Level.Iteration)
    public void newProcess() {
        pid = new Pid(NODE, processIds++, 1);
    }

    @TearDown(Level.Iteration)
    public void endProcess() {
        check(client.processEnded(pid).join());
        Pid ended = pid;
        long last = names - 1;
        Await.until("the ended process's names gone from the replica", ITERATION_CLEANUP,
            () -> last < 0 || !ended.equals(client.whereis("name-" + last)));
    }

    @TearDown(Level.Trial)
    public void stopRegistry() {
        watcher.close();
        client.close();
        registry.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public RegistryResult registerRoundTrip() {
        return check(client.registerGlobal("name-" + names++, pid).join());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public RegistryResult registrationSeenByAnotherNode() {
        String name = "name-" + names++;
        CompletableFuture<RegistryResult> answer = client.registerGlobal(name, pid);
        long deadlineNs = System.nanoTime() + SEEN_TIMEOUT_NS;
        while (watcher.whereis(name) == null) {
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("the other node's replica did not see " + name);
            }
            Thread.onSpinWait();
        }
        return check(answer.join());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void registerPipelined() {
        for (int i = 0; i < BATCH; i++) {
            batch[i] = client.registerGlobal("name-" + names++, pid);
        }
        for (int i = 0; i < BATCH; i++) {
            check((RegistryResult) batch[i].join());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Pid whereis() {
        return client.whereis("looked-up");
    }

    // A failed registration would be measured as a fast one: stop the run instead.
    private static RegistryResult check(RegistryResult result) {
        if (!result.isOk()) {
            throw new IllegalStateException("registration failed: " + result);
        }
        return result;
    }
}
