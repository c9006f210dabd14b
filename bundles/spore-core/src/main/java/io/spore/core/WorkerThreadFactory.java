package io.spore.core;

import io.spore.api.NodeName;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** Names worker threads after their node, so thread dumps and logs say which node a thread serves. */
final class WorkerThreadFactory implements ForkJoinPool.ForkJoinWorkerThreadFactory {
    private final String prefix;

    WorkerThreadFactory(NodeName node) {
        this.prefix = "spore-worker-" + node + "-";
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName(prefix + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }
}
