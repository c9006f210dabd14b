package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.core.SporeNode;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Heap held by an idle process (target: at most 400 bytes), measured by holding {@value #PROCESSES} of them.
 *
 * <p>Each shot settles the heap, reads it, spawns the processes (which then sit idle: nothing is sent to them),
 * settles and reads again. The figure to read is the secondary result {@code bytesPerProcess}; the primary
 * score is only how long the shot took (spawning plus the collections). What is counted: the process's cell
 * and mailbox, its pid, its empty behaviour object, and its entry in the process table (which is what keeps
 * it alive: the benchmark holds no reference to it).
 *
 * <p>JMH sums {@code EVENTS} counters over iterations and forks, so the table shows the figure itself only with
 * one measurement iteration in one fork, which is the default here (a million processes vary by well under a
 * byte between shots). With {@code -i N} the table shows N times the figure; the "Secondary result" block above
 * it still gives the average per shot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP, "-Xms4g", "-Xmx4g"})
public class IdleProcessFootprintBenchmark {
    static final int PROCESSES = 1_000_000;
    private static final Name IDLE = Name.of("idle");
    private static final int MAX_COLLECTIONS = 10;
    private static final long SETTLED_BYTES = 64 * 1024;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private SporeNode node;

    /** The secondary result, reported by JMH next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        /** Heap growth divided by the number of idle processes, after full collections. */
        public double bytesPerProcess;
    }

    @Setup(Level.Iteration)
    public void startNode() {
        // A million processes end when the node closes: give that time, it is not measured.
        node = EmbeddedNode.start(Duration.ofMinutes(2));
        node.registerFactory(IDLE.value(), Idle::new);
    }

    @TearDown(Level.Iteration)
    public void closeNode() {
        node.close();
        node = null;
    }

    @Benchmark
    public void holdIdleProcesses(Footprint footprint) {
        long before = settledHeapUsed();
        for (int i = 0; i < PROCESSES; i++) {
            node.spawn(IDLE, ProcessOptions.DEFAULTS);
        }
        long after = settledHeapUsed();
        long alive = node.stats().processes();
        if (alive != PROCESSES) {
            throw new IllegalStateException(alive + " processes alive, expected " + PROCESSES);
        }
        footprint.bytesPerProcess = (double) (after - before) / PROCESSES;
    }

    /** Collects until the used heap stops shrinking (by more than {@value #SETTLED_BYTES} bytes). */
    private long settledHeapUsed() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (used - now <= SETTLED_BYTES) {
                return Math.min(used, now);
            }
            used = now;
        }
        return used;
    }

    /** Does nothing, and is never sent anything: the smallest process a user can have. */
    static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }
    }
}
