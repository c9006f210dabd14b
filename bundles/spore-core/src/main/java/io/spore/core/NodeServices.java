package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every part of a running node shares, built once from its concluded {@link NodeContext}: the node's identity,
 * the worker pool and the timer, the clock, the ref source, the counters and the pool of envelopes for remote
 * messages.
 *
 * <p>The parts of a node (table, router, spawner, network, remote spawns) take this, not the node, so none of
 * them calls back into {@link SporeNode}. Threading: every member is safe from any thread.
 */
final class NodeServices {
    private static final System.Logger LOG = System.getLogger(NodeServices.class.getName());

    final NodeContext context;
    final NodeName name;
    /** New at every start, so pids and refs of an earlier incarnation of this node address nothing. */
    final int creation;
    /** The node's own virtual pid: the sender of what the node sends itself, the parent of what it spawns. */
    final Pid identity;
    final int throughput;
    final ForkJoinPool pool;
    final ScheduledThreadPoolExecutor timer;
    /** The processes' timers ({@code sendAfter}, {@code sendEvery}, receive timeouts), on one wheel. */
    final TimerService timers;
    private volatile Consumer<ProcessTimer> timerSink = timer -> { };
    /** What the node measures time with; a final field, so reading it on a hot path costs one load. */
    final NanoClock clock;
    final NodeCounters counters = new NodeCounters();
    final EnvelopePool envelopes = new EnvelopePool();
    /** Which other nodes are up, for the sends that wait for a confirmation. */
    final NodeUps ups = new NodeUps();
    private final RefIds refIds = new RefIds(new SecureRandom());

    NodeServices(NodeContext context) {
        this.context = context.conclude();
        this.name = context.nodeName();
        this.creation = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        this.identity = new Pid(name, Pid.NODE_ID, creation);
        this.throughput = context.throughput();
        this.clock = context.nanoClock();
        this.pool = new ForkJoinPool(context.workerThreads(), new WorkerThreadFactory(name),
            NodeServices::onWorkerError, true);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "spore-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.timers = new TimerService("spore-timers-" + name, clock, fired -> timerSink.accept(fired));
    }

    /** Where fired timers go: the router, made after these services. */
    void timersFireTo(Consumer<ProcessTimer> sink) {
        timerSink = sink;
    }

    Ref newRef() {
        return new Ref(name, refIds.next(), creation);
    }

    /** @return the id of a new ref of this node and incarnation, for a wait that needs no {@link Ref} object */
    long newRefId() {
        return refIds.next();
    }

    /** Stops the timer and the workers, waiting a moment for the workers' last turns. */
    void shutdown() {
        timers.close();
        timer.shutdownNow();
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void onWorkerError(Thread thread, Throwable error) {
        LOG.log(Level.ERROR, "worker thread " + thread.getName() + " failed", error);
    }
}
