package io.spore.benchmarks;

import io.spore.api.Name;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.core.PendingTimers;
import io.spore.core.SporeNode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Heap held by an idle process (target: at most 400 bytes), measured by holding {@value #PROCESSES} of them, and
 * what such a node costs in CPU while everything is idle; with {@code idleTimers=1000000}, beside a million pending
 * timers (issue target: a node with a million idle timers keeps the idle-process figures).
 *
 * <p>Each shot settles the heap, reads it, spawns the processes (which then sit idle: nothing is sent to them),
 * settles and reads again, then sleeps {@value #IDLE_WINDOW_MS} ms and reads the CPU time the whole JVM used
 * meanwhile. The figures to read are the secondary results {@code bytesPerProcess} and {@code idleCpuPercent} (of
 * one core); the primary score is only how long the shot took (spawning, the collections and the idle window).
 * What is counted per process: the process's cell and mailbox, its pid, its empty behaviour object, and its entry in
 * the process table (which is what keeps it alive: the benchmark holds no reference to it). The timers, when there
 * are any, are started before the heap is first read (one process starts them all, due in an hour, and they wait in
 * the node's timer wheel), so they are not counted in the processes' figure; what they hold themselves is printed.
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
    /** How long the node sits idle while its CPU time is read. */
    static final long IDLE_WINDOW_MS = 5_000;
    private static final Duration TIMER_DELAY = Duration.ofHours(1);
    private static final Duration TIMERS_HANDED_OVER = Duration.ofMinutes(1);
    private static final Name IDLE = Name.of("idle");
    private static final int MAX_COLLECTIONS = 10;
    private static final long SETTLED_BYTES = 64 * 1024;

    /** Timers pending, all due in an hour, while the processes are measured: 0 or 1,000,000. */
    @Param({"0", "1000000"})
    public int idleTimers;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private SporeNode node;

    /** The secondary result, reported by JMH next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        /** Heap growth divided by the number of idle processes, after full collections. */
        public double bytesPerProcess;
        /** CPU time the whole JVM used while the node sat idle, in percent of one core. */
        public double idleCpuPercent;
    }

    @Setup(Level.Iteration)
    public void startNode() {
        // A million processes end when the node closes: give that time, it is not measured.
        node = EmbeddedNode.start(Duration.ofMinutes(2));
        node.registerFactory(IDLE.value(), Idle::new);
        if (idleTimers > 0) {
            long before = settledHeapUsed();
            node.spawn(TimerHolder::new, ProcessOptions.DEFAULTS, idleTimers);
            long deadlineNs = System.nanoTime() + TIMERS_HANDED_OVER.toNanos();
            while (PendingTimers.of(node) != idleTimers) {
                if (System.nanoTime() > deadlineNs) {
                    throw new IllegalStateException(PendingTimers.of(node) + " timers in the wheel, expected "
                        + idleTimers);
                }
                Thread.onSpinWait();
            }
            System.out.printf(Locale.ROOT, "%n%d pending timers hold %.1f bytes each%n", idleTimers,
                (double) (settledHeapUsed() - before) / idleTimers);
        }
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
        long expected = PROCESSES + (idleTimers > 0 ? 1 : 0); // the timers' holder
        if (alive != expected) {
            throw new IllegalStateException(alive + " processes alive, expected " + expected);
        }
        footprint.bytesPerProcess = (double) (after - before) / PROCESSES;
        footprint.idleCpuPercent = idleCpuPercent();
    }

    /** Sits idle for the window and returns the CPU the JVM used meanwhile, in percent of one core. */
    private double idleCpuPercent() {
        long cpuBeforeNs = os.getProcessCpuTime();
        long startNs = System.nanoTime();
        try {
            Thread.sleep(IDLE_WINDOW_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100.0 * (os.getProcessCpuTime() - cpuBeforeNs) / (System.nanoTime() - startNs);
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

    /** Starts as many timers as its argument says, due in an hour, and then does nothing. */
    static final class TimerHolder implements ProcessBehavior {
        @Override
        public void init(ProcessContext ctx, Object... args) {
            int timers = (Integer) args[0];
            for (int i = 0; i < timers; i++) {
                ctx.sendAfter(ctx.self(), "late", TIMER_DELAY);
            }
        }

        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }
    }

    /** Does nothing, and is never sent anything: the smallest process a user can have. */
    static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext context, Pid from, Object message) {
        }
    }
}
