package io.spore.benchmarks;

import io.spore.api.NodeName;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.testsupport.Await;

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
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Membership event propagation: a node joins the registry, and the time runs until another node's replica has the
 * news (its {@link RegistryListener#onNodeJoined} was called). The time covers the newcomer's cluster session being
 * opened, its join going through the log, and the event reaching the watching client; the newcomer then leaves,
 * outside the measured time. Against a three-member registry on loopback started in this JVM
 * ({@link LoopbackRegistry}).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RegistryJoinBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 40)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RegistryJoinBenchmark {
    private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(30);

    private LoopbackRegistry registry;
    private RegistryClient watcher;
    private volatile NodeName lastJoined;
    private volatile NodeName lastLeft;
    private RegistryClient newcomer;
    private String newcomerShortName;
    private NodeName newcomerName;
    private int joins;

    @Setup(Level.Trial)
    public void startRegistry() {
        registry = LoopbackRegistry.start(3);
        watcher = registry.client("watcher", new RegistryListener() {
            @Override
            public void onNodeJoined(RegistryNode node) {
                lastJoined = node.node();
            }

            @Override
            public void onNodeLeft(NodeName node, int creation) {
                lastLeft = node;
            }
        });
    }

    @Setup(Level.Iteration)
    public void name() {
        newcomerShortName = "newcomer" + joins++;
        newcomerName = NodeName.parse(newcomerShortName + "@localhost");
    }

    @TearDown(Level.Iteration)
    public void leave() {
        newcomer.close();
        NodeName left = newcomerName;
        Await.until("the newcomer gone from the watcher's replica", SEEN_TIMEOUT, () -> left.equals(lastLeft));
    }

    @TearDown(Level.Trial)
    public void stopRegistry() {
        watcher.close();
        registry.close();
    }

    @Benchmark
    public NodeName joinSeenByAnotherNode() {
        newcomer = registry.client(newcomerShortName, new RegistryListener() {
        });
        NodeName expected = newcomerName;
        long deadlineNs = System.nanoTime() + SEEN_TIMEOUT.toNanos();
        while (!expected.equals(lastJoined)) {
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("the watcher did not see " + expected + " join");
            }
            Thread.onSpinWait();
        }
        return expected;
    }
}
