package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pipelined remote spawns across a matrix of placements, as Ray publishes its task figures: one requester node to
 * one target node, one to three, and three nodes spawning on each other; each without and with init arguments, and
 * without and with an environment the requester exposes ({@code exposeEnvRemoteSpawn}). Every invocation has
 * {@value #WINDOW} {@code spawnAsync} requests in flight, spread round-robin over the placement's routes, and waits
 * for every pid; each child ends in {@code init}. Nodes, drivers and workers all share this JVM's two cores, so
 * the bigger placements measure the machine as much as Spore: compare rows of one run, not runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class RemoteSpawnMatrixBenchmark {
    static final int WINDOW = 256;
    private static final Name BENCH = Name.of("bench");
    private static final Object[] NO_ARGS = {};
    private static final Object[] THREE_ARGS = {"job-17", 42L, new byte[64]};

    /** {@code oneToOne} (a to b), {@code oneToMany} (a to b, c, d), {@code manyToMany} (a, b, c to each other). */
    @Param({"oneToOne", "oneToMany", "manyToMany"})
    public String placement;

    /** {@code none}, or {@code three}: a string, a long and 64 bytes. */
    @Param({"none", "three"})
    public String args;

    /** {@code off}, or {@code on}: three env entries, sent because the requesting nodes expose them. */
    @Param({"off", "on"})
    public String env;

    private LoopbackNodes nodes;
    private final List<RemoteNode> routes = new ArrayList<>();
    private ProcessOptions options;
    private Object[] initArgs;

    @Setup(Level.Trial)
    public void startNodes() {
        boolean exposeEnv = env.equals("on");
        int[][] placementRoutes = switch (placement) {
            case "oneToOne" -> new int[][] {{0, 1}};
            case "oneToMany" -> new int[][] {{0, 1}, {0, 2}, {0, 3}};
            case "manyToMany" -> new int[][] {{0, 1}, {0, 2}, {1, 0}, {1, 2}, {2, 0}, {2, 1}};
            default -> throw new IllegalArgumentException("unknown placement " + placement);
        };
        int nodeCount = 0;
        for (int[] route : placementRoutes) {
            nodeCount = Math.max(nodeCount, Math.max(route[0], route[1]) + 1);
        }
        nodes = LoopbackNodes.start(nodeCount, exposeEnv);
        for (int i = 0; i < nodes.size(); i++) {
            nodes.node(i).registerFactory(BENCH.value(), SpawnBenchmark.ExitInInit::new);
        }
        options = exposeEnv ? ProcessOptions.DEFAULTS.withEnv(Map.of("tenant", "acme", "trace", "on", "limit", 100L))
            : ProcessOptions.DEFAULTS;
        initArgs = args.equals("three") ? THREE_ARGS : NO_ARGS;
        for (int[] route : placementRoutes) {
            RemoteNode target = nodes.node(route[0]).network().getNode(nodes.node(route[1]).name());
            target.spawn(BENCH, options, initArgs); // connect and warm the route before measuring
            routes.add(target);
        }
    }

    @TearDown(Level.Trial)
    public void closeNodes() {
        nodes.close();
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    @Threads(1)
    public Object pipelined() {
        @SuppressWarnings("unchecked")
        CompletableFuture<Pid>[] inFlight = (CompletableFuture<Pid>[]) new CompletableFuture<?>[WINDOW];
        int routeCount = routes.size();
        for (int i = 0; i < WINDOW; i++) {
            inFlight[i] = routes.get(i % routeCount).spawnAsync(BENCH, options, initArgs);
        }
        return CompletableFuture.allOf(inFlight).join();
    }
}
