package io.spore.benchmarks;

import io.spore.api.ExitReason;
import io.spore.api.Name;
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

import java.util.concurrent.TimeUnit;

/**
 * Local spawns of processes that run to completion, from one benchmark thread (target: 1,000,000 per second).
 *
 * <ul>
 *   <li>{@link #spawnExitInInit}: spawn by factory name; {@code init} exits, so the whole life (create, table,
 *       init, terminate, leave the table) happens inside {@code spawn}.</li>
 *   <li>{@link #spawnSingleShot}: the first, sampled one spawn at a time for the latency and its percentiles.</li>
 *   <li>{@link #spawnAndOneMessage}: spawn, send one message; the process exits in {@code handleMessage} on a
 *       worker. Batches of {@value #BATCH}, and each batch waits until the process table is empty again, so the
 *       score counts finished processes, not queued ones.</li>
 *   <li>{@link #spawnRegisterExitInInit}: as the first, registering a fresh name each time (the name's
 *       construction is part of the cost, as it is for a user).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class SpawnBenchmark {
    static final int BATCH = 1000;
    private static final Name EXIT_IN_INIT = Name.of("exit-in-init");
    private static final Name EXIT_ON_MESSAGE = Name.of("exit-on-message");
    private static final Object GO = "go";

    private SporeNode node;
    private long registrations;

    @Setup(Level.Trial)
    public void startNode() {
        node = EmbeddedNode.start();
        node.registerFactory(EXIT_IN_INIT.value(), ExitInInit::new);
        node.registerFactory(EXIT_ON_MESSAGE.value(), ExitOnMessage::new);
    }

    @TearDown(Level.Trial)
    public void closeNode() {
        node.close();
    }

    /** Nothing may be left over from the previous iteration, or the next would pay for its stragglers. */
    @TearDown(Level.Iteration)
    public void checkDrained() {
        Await.atMost(() -> node.stats().processes(), 0, "live processes");
    }

    @Benchmark
    public Pid spawnExitInInit() {
        return node.spawn(EXIT_IN_INIT, ProcessOptions.DEFAULTS);
    }

    /** The same spawn one at a time, sampled: the latency of a single spawn, with its percentiles. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Pid spawnSingleShot() {
        return node.spawn(EXIT_IN_INIT, ProcessOptions.DEFAULTS);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnAndOneMessage() {
        for (int i = 0; i < BATCH; i++) {
            node.send(node.spawn(EXIT_ON_MESSAGE, ProcessOptions.DEFAULTS), GO);
        }
        Await.atMost(() -> node.stats().processes(), 0, "live processes");
    }

    @Benchmark
    public Pid spawnRegisterExitInInit() {
        Name fresh = Name.of("p" + registrations++);
        return node.spawnRegister(fresh, EXIT_IN_INIT, ProcessOptions.DEFAULTS);
    }

    /** Ends in {@code init}: the process never waits for a message. */
    static final class ExitInInit implements ProcessBehavior {
        @Override
        public void init(ProcessContext context, Object... args) {
            context.exit(ExitReason.NORMAL);
        }

        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }
    }

    /** Ends after its first message. */
    static final class ExitOnMessage implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
            context.exit(ExitReason.NORMAL);
        }
    }
}
