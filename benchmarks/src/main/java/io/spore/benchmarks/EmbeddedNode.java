package io.spore.benchmarks;

import io.spore.api.NodeName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the node a benchmark runs against: embedded, without OSGi, two workers (one per core here) and the
 * node's default throughput. To try other settings, pass {@code -jvmArgsPrepend -Dspore.bench.workerThreads=N}
 * or {@code -Dspore.bench.throughput=N} (messages per turn) to the benchmarks jar.
 */
final class EmbeddedNode {
    static final int WORKER_THREADS = Integer.getInteger("spore.bench.workerThreads", 2);
    /** 0: the node's default. */
    static final int THROUGHPUT = Integer.getInteger("spore.bench.throughput", 0);
    /**
     * Held so the setting sticks (the JDK keeps loggers weakly): the node's INFO lines at start and close would
     * land in the middle of JMH's iteration lines. Warnings and errors still show.
     */
    private static final Logger SPORE_LOG = Logger.getLogger("io.spore");

    static {
        SPORE_LOG.setLevel(Level.WARNING);
    }

    private EmbeddedNode() {
    }

    static SporeNode start() {
        return start(NodeContext.DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /** @param shutdownTimeout how long {@code close()} may take: long when a million processes must end */
    static SporeNode start(Duration shutdownTimeout) {
        return SporeNode.start(new NodeContext()
            .nodeName(NodeName.parse("bench@localhost"))
            .workerThreads(WORKER_THREADS)
            .throughput(THROUGHPUT)
            .shutdownTimeout(shutdownTimeout));
    }
}
