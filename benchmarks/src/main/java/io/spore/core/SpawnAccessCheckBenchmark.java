package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What the access-list check costs a remote spawn on the target node: {@link SpawnAccessTable#admit} for a
 * requester that is allowed, with a list of 0 (open to all), 10 or 1,000 nodes. It lives in the core's package
 * because the table is the core's own; the spawn path calls it once per request, before the factory runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SpawnAccessCheckBenchmark {
    private static final Name FACTORY = Name.of("worker");

    @Param({"0", "10", "1000"})
    public int listedNodes;

    private SpawnAccessTable table;
    private NodeName requester;

    @Setup
    public void fillTheList() {
        table = new SpawnAccessTable(name -> null);
        ProcessFactory factory = Idle::new;
        NodeName[] nodes = new NodeName[listedNodes];
        for (int i = 0; i < listedNodes; i++) {
            nodes[i] = NodeName.parse("n" + i + "@host" + i);
        }
        table.enable(FACTORY, factory, nodes);
        // The last one listed asks (or any node, when the list is empty): a fresh instance, as a decoded frame gives.
        requester = listedNodes == 0 ? NodeName.parse("anyone@somewhere")
            : NodeName.parse("n" + (listedNodes - 1) + "@host" + (listedNodes - 1));
    }

    @Benchmark
    public Object admitAllowedRequester() {
        return table.admit(FACTORY, requester);
    }

    static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }
    }
}
