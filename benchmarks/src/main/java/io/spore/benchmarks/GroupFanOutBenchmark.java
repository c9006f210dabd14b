package io.spore.benchmarks;

import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.core.SporeNode;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.registry.RegistryStatus;
import io.spore.testsupport.Await;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One message to every member of a process group spread over four nodes (Erlang's {@code pg:get_members} and a send
 * to each): the members are read from node a's replica of the registry, then node a sends to each, and the time runs
 * until the last member has received it. Four nodes in this JVM over Aeron UDP on loopback ({@link LoopbackNodes}),
 * {@code members} processes split evenly over them (a quarter are node a's own), each joined to the group through
 * its node's registry client; a one-member registry ({@link LoopbackRegistry}), since the registry is not on this
 * path: a fan-out reads the local replica and sends, with no round trip to the registry.
 *
 * <p>The member count is read from the replica in the same way {@code Node.groupMembers} reads it
 * ({@code RegistryClient.members}); the arrivals are counted in this JVM, so the figure is one way: from the first
 * send to the last delivery.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class GroupFanOutBenchmark {
    private static final String GROUP = "fan-out";
    private static final int NODES = 4;
    private static final long FAN_OUT_DEADLINE_NS = TimeUnit.SECONDS.toNanos(10);
    /** Every member's arrivals, in this JVM. */
    static final AtomicLong ARRIVALS = new AtomicLong();

    /** Group members in all, split evenly over the four nodes. */
    @Param({"100"})
    public int members;

    private LoopbackRegistry registry;
    private LoopbackNodes nodes;
    private final List<RegistryClient> clients = new ArrayList<>();
    private RegistryClient clientOfA;
    private SporeNode a;

    @Setup(Level.Trial)
    public void start() {
        registry = LoopbackRegistry.start(1);
        nodes = LoopbackNodes.start(NODES, false);
        a = nodes.node(0);
        for (int n = 0; n < NODES; n++) {
            SporeNode node = nodes.node(n);
            RegistryClient client = registry.client(new RegistryNode(node.name(), node.creation(), List.of(),
                List.of()), new RegistryListener() {
                });
            clients.add(client);
            for (int i = n; i < members; i += NODES) {
                Pid member = node.spawn(Counter::new, ProcessOptions.DEFAULTS);
                RegistryStatus joined = client.joinGroup(GROUP, member).join().status();
                if (joined != RegistryStatus.OK) {
                    throw new IllegalStateException("member " + member + " could not join: " + joined);
                }
            }
        }
        clientOfA = clients.get(0);
        Await.until("node a's replica has every member", Duration.ofSeconds(30),
            () -> clientOfA.members(GROUP).size() == members);
        fanOut(); // connects a to the other nodes: the connections' set-up is not sampled
    }

    @TearDown(Level.Trial)
    public void stop() {
        clients.forEach(RegistryClient::close);
        nodes.close();
        registry.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public long fanOut() {
        Set<Pid> group = clientOfA.members(GROUP);
        long target = ARRIVALS.get() + group.size();
        for (Pid member : group) {
            a.send(member, GROUP);
        }
        long deadline = System.nanoTime() + FAN_OUT_DEADLINE_NS;
        long arrived;
        while ((arrived = ARRIVALS.get()) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (group.size() - (target - arrived)) + " of "
                    + group.size() + " members received the message within 10 s");
            }
            Thread.onSpinWait();
        }
        return arrived;
    }

    /** Counts what it receives. */
    static final class Counter implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
            ARRIVALS.incrementAndGet();
        }
    }
}
