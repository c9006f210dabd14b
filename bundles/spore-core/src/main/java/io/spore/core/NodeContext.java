package io.spore.core;

import io.spore.api.LogLevel;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.SporeProperties;

import java.time.Duration;

/**
 * How to run a {@link SporeNode}. Fluent setters; {@link #conclude()} validates and fills defaults before the node
 * starts, and a concluded context cannot be changed.
 */
public final class NodeContext {
    /** Default number of messages a process handles before it gives up its worker thread. */
    public static final int DEFAULT_THROUGHPUT = SporeProperties.THROUGHPUT.defaultValue();
    /** Default time {@link SporeNode#close()} waits for processes to end. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private NodeName nodeName;
    private int workerThreads;
    private int throughput;
    private int mailboxLimit;
    private LogLevel logLevel;
    private String application;
    private Duration shutdownTimeout;
    private boolean remoteSpawnEnabled = true;
    private boolean exposeEnvRemoteSpawn;
    private NanoClock nanoClock;
    private boolean concluded;

    /** @param nodeName this node's name, {@code name@host} */
    public NodeContext nodeName(NodeName nodeName) {
        checkOpen();
        this.nodeName = nodeName;
        return this;
    }

    /** @param workerThreads threads that run processes; default: the number of available processors */
    public NodeContext workerThreads(int workerThreads) {
        checkOpen();
        this.workerThreads = workerThreads;
        return this;
    }

    /** @param throughput messages a process handles per turn before yielding its thread; default 64 */
    public NodeContext throughput(int throughput) {
        checkOpen();
        this.throughput = throughput;
        return this;
    }

    /**
     * @param mailboxLimit the mailbox limit for messages from other nodes of a process whose options set none (see
     *                     {@link io.spore.api.ProcessOptions#withMailboxLimit}); default 0, none
     */
    public NodeContext mailboxLimit(int mailboxLimit) {
        checkOpen();
        this.mailboxLimit = mailboxLimit;
        return this;
    }

    /** @return the node's default mailbox limit for messages from other nodes; 0 for none */
    public int mailboxLimit() {
        return mailboxLimit;
    }

    /** @param logLevel the log level of processes spawned from outside any process; default INFO */
    public NodeContext logLevel(LogLevel logLevel) {
        checkOpen();
        this.logLevel = logLevel;
        return this;
    }

    /** @param application application name of processes spawned from outside any process; default none */
    public NodeContext application(String application) {
        checkOpen();
        this.application = application;
        return this;
    }

    /** @param shutdownTimeout how long closing the node waits for its processes to end; default 5 s */
    public NodeContext shutdownTimeout(Duration shutdownTimeout) {
        checkOpen();
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    /**
     * @param enabled whether other nodes may spawn processes here at all (Ergo's {@code EnableRemoteSpawn});
     *                default true. It can change later with {@code Network.setRemoteSpawnEnabled}.
     */
    public NodeContext remoteSpawnEnabled(boolean enabled) {
        checkOpen();
        this.remoteSpawnEnabled = enabled;
        return this;
    }

    /**
     * @param expose whether spawns this node requests carry the environment to the other node (the security
     *               option {@code exposeEnvRemoteSpawn}); default false, fixed for the node's life
     */
    public NodeContext exposeEnvRemoteSpawn(boolean expose) {
        checkOpen();
        this.exposeEnvRemoteSpawn = expose;
        return this;
    }

    /** @param nanoClock the clock of every time the node measures itself; default the system's monotonic clock */
    NodeContext nanoClock(NanoClock nanoClock) {
        checkOpen();
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * Validates the settings and fills in defaults.
     *
     * @return this
     * @throws SporeException {@code INVALID_ARGUMENT} naming the setting that is out of range
     */
    public NodeContext conclude() {
        if (concluded) {
            return this;
        }
        if (nodeName == null) {
            nodeName = new NodeName("nonode", "nohost");
        }
        if (workerThreads == 0) {
            workerThreads = Runtime.getRuntime().availableProcessors();
        }
        if (workerThreads < 1 || workerThreads > 32767) {
            throw invalid("workerThreads must be between 1 and 32767, was " + workerThreads);
        }
        if (throughput == 0) {
            throughput = DEFAULT_THROUGHPUT;
        }
        if (throughput < 1) {
            throw invalid("throughput must be at least 1, was " + throughput);
        }
        if (mailboxLimit < 0) {
            throw invalid("mailboxLimit cannot be negative (0 is none), was " + mailboxLimit);
        }
        if (logLevel == null) {
            logLevel = LogLevel.INFO;
        }
        if (shutdownTimeout == null) {
            shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        }
        if (shutdownTimeout.isNegative()) {
            throw invalid("shutdownTimeout cannot be negative, was " + shutdownTimeout);
        }
        if (nanoClock == null) {
            nanoClock = NanoClock.SYSTEM;
        }
        concluded = true;
        return this;
    }

    private static SporeException invalid(String message) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, "invalid node setting: " + message);
    }

    private void checkOpen() {
        if (concluded) {
            throw new IllegalStateException("the context is concluded; settings can no longer change");
        }
    }

    public NodeName nodeName() {
        return nodeName;
    }

    public int workerThreads() {
        return workerThreads;
    }

    public int throughput() {
        return throughput;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public String application() {
        return application;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public boolean remoteSpawnEnabled() {
        return remoteSpawnEnabled;
    }

    public boolean exposeEnvRemoteSpawn() {
        return exposeEnvRemoteSpawn;
    }

    NanoClock nanoClock() {
        return nanoClock;
    }
}
