package io.spore.registry.client;

import io.aeron.CommonContext;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spore.api.Pid;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.registry.RegistryResult;
import io.spore.registry.RegistryStatus;
import io.spore.registry.sbe.ProcessOp;

import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SystemNanoClock;

import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The workings behind {@link io.spore.registry.RegistryClient}: an optional embedded media driver, the cluster
 * session, the client's thread ({@link ClientAgent}) and the {@link Replica}. Thread-safe: requests go through a
 * bounded queue; lookups read the replica.
 */
public final class ClientConnection implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 4096;
    private static final int CLIENT_COUNTERS_LENGTH = 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final MediaDriver driver;
    private final AgentRunner runner;
    private final Replica replica;
    private final CommandEncoder encoder = new CommandEncoder();
    private final ManyToOneConcurrentArrayQueue<Request> queue = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final AtomicLong correlationIds = new AtomicLong();
    private final SystemNanoClock clock = SystemNanoClock.INSTANCE;
    private final long responseTimeoutNs;
    private final long connectTimeoutNs;
    /** The node as it joins now: a new session joins as the node last announced. */
    private volatile RegistryNode node;

    /**
     * Connects, joins as the node and waits for the first whole view; or, in the background, returns at once and
     * connects on the client's thread, again and again until it can.
     *
     * @param background          whether to return at once and connect on the client's thread
     * @param registry            the registry's members as the user gave them, for messages
     * @param ingressEndpoints    the members' client endpoints, {@code 0=host:port,...}
     * @param aeronDirectoryName  a running media driver's folder, or {@code null} to embed one
     * @param egressHost          the host this client receives the registry's answers on
     * @param node                the node to join as
     * @param listener            told of membership changes
     * @param responseTimeoutNs   how long an operation waits for its answer
     * @param connectTimeoutNs    how long connecting and joining may take
     * @param keepAliveIntervalNs how often the session is kept alive
     * @return the connection
     * @throws IllegalStateException when, not in the background, the registry cannot be reached or refuses the node,
     *                               in time
     */
    public static ClientConnection connect(boolean background, String registry, String ingressEndpoints,
        String aeronDirectoryName, String egressHost, RegistryNode node, RegistryListener listener,
        long responseTimeoutNs, long connectTimeoutNs, long keepAliveIntervalNs) {
        return new ClientConnection(background, registry, ingressEndpoints, aeronDirectoryName, egressHost, node,
            listener, responseTimeoutNs, connectTimeoutNs, keepAliveIntervalNs);
    }

    private ClientConnection(boolean background, String registry, String ingressEndpoints,
        String aeronDirectoryName, String egressHost, RegistryNode node, RegistryListener listener,
        long responseTimeoutNs, long connectTimeoutNs, long keepAliveIntervalNs) {
        this.responseTimeoutNs = responseTimeoutNs;
        this.connectTimeoutNs = connectTimeoutNs;
        this.node = node;
        this.replica = new Replica(listener);
        MediaDriver embedded = null;
        String dir = aeronDirectoryName;
        if (dir == null) {
            File aeronDefault = new File(CommonContext.getAeronDirectoryName());
            String prefix = aeronDefault.getName() + "-registry-client-";
            StaleClientDirs.sweep(aeronDefault.getParentFile().toPath(), prefix);
            embedded = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(new File(aeronDefault.getParentFile(), prefix + UUID.randomUUID()).getPath())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(idle())
                .publicationTermBufferLength(256 * 1024)
                // 1 MiB of counter values, as the transport's driver: a client has a handful of publications, and
                // Aeron's 8 MiB default makes a cnc.dat of 48 MB in /dev/shm for each node.
                .counterValuesBufferLength(CLIENT_COUNTERS_LENGTH)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            dir = embedded.aeronDirectoryName();
        }
        this.driver = embedded;
        ClientAgent[] agent = new ClientAgent[1];
        EgressReader egress = new EgressReader(replica, new EgressReader.ResponseHandler() {
            @Override
            public void onResponse(long correlationId, RegistryResult result) {
                agent[0].onResponse(correlationId, result);
            }

            @Override
            public void onReplaced(String detail) {
                agent[0].onReplaced(detail);
            }
        }, () -> agent[0].onNewLeader());
        String aeronDir = dir;
        LongFunction<AeronCluster.Context> contexts = timeoutNs -> new AeronCluster.Context()
            .aeronDirectoryName(aeronDir)
            .ingressChannel("aeron:udp")
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=" + egressHost + ":0")
            .messageTimeoutNs(timeoutNs)
            .egressListener(egress)
            // Aeron's default handler exits the JVM when the media driver stops answering: a node must not die
            // with its registry connection. The agent notices the lost session and connects again.
            .errorHandler(ClientConnection::logError);
        AeronCluster cluster = null;
        if (!background) {
            try {
                cluster = AeronCluster.connect(contexts.apply(connectTimeoutNs));
            } catch (RuntimeException e) {
                CloseHelper.quietClose(driver);
                throw new IllegalStateException("cannot reach the registry at " + registry + ": " + e.getMessage(), e);
            }
        }
        agent[0] = new ClientAgent(cluster, registry,
            attemptTimeoutNs -> AeronCluster.asyncConnect(contexts.apply(attemptTimeoutNs)), connectTimeoutNs,
            replica, encoder, clock, queue, listener,
            id -> new Request(id, encoder.join(id, this.node), clock.nanoTime() + connectTimeoutNs),
            Math.min(responseTimeoutNs, TimeUnit.SECONDS.toNanos(1)), keepAliveIntervalNs);
        runner = new AgentRunner(idle(), ClientConnection::logError, null, agent[0]);
        AgentRunner.startOnThread(runner);
        if (background) {
            return;
        }
        long joinId = correlationIds.incrementAndGet();
        RegistryResult joined = await(submit(new Request(joinId, encoder.join(joinId, node),
            clock.nanoTime() + connectTimeoutNs)), connectTimeoutNs);
        if (!joined.isOk()) {
            close();
            throw new IllegalStateException("the registry did not take " + node.node() + ": " + joined);
        }
        try {
            replica.firstView().get(connectTimeoutNs, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for the registry's view", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the registry's view did not arrive in time", e);
        }
    }

    private static void logError(Throwable error) {
        LOG.log(System.Logger.Level.WARNING, "registry client: " + error);
    }

    private static BackoffIdleStrategy idle() {
        return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(1));
    }

    private static RegistryResult await(CompletableFuture<RegistryResult> future, long timeoutNs) {
        try {
            return future.get(timeoutNs, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RegistryResult(RegistryStatus.UNAVAILABLE, null, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return new RegistryResult(RegistryStatus.UNAVAILABLE, null, "no answer from the registry in time");
        }
    }

    /**
     * Sends a command about one of this node's processes.
     *
     * @param op  what to do
     * @param key the name or group (empty for an ended process)
     * @param pid the process
     * @return the answer, when it comes
     */
    public CompletableFuture<RegistryResult> process(ProcessOp op, String key, Pid pid) {
        long id = correlationIds.incrementAndGet();
        return submit(new Request(id, encoder.process(id, op, key, pid), op, key, pid,
            clock.nanoTime() + responseTimeoutNs));
    }

    /**
     * Announces new endpoints or spawn names of the same incarnation; a later session joins with them too.
     *
     * @param updated the node as it is now; same name and creation
     * @return the answer, when it comes
     * @throws IllegalArgumentException when {@code updated} is another node or incarnation
     */
    public CompletableFuture<RegistryResult> announce(RegistryNode updated) {
        RegistryNode joined = node;
        if (!updated.node().equals(joined.node()) || updated.creation() != joined.creation()) {
            throw new IllegalArgumentException("the client joined as " + joined.node() + " (creation "
                + joined.creation() + "), not " + updated.node() + " (creation " + updated.creation() + ")");
        }
        node = updated;
        long id = correlationIds.incrementAndGet();
        return submit(new Request(id, encoder.join(id, updated), clock.nanoTime() + connectTimeoutNs));
    }

    /** @return whether the local replica holds a whole view of the registry (joined at least once) */
    public boolean hasView() {
        return replica.firstView().isDone();
    }

    private CompletableFuture<RegistryResult> submit(Request request) {
        if (!runner.isClosed() && queue.offer(request)) {
            return request.result;
        }
        return CompletableFuture.completedFuture(new RegistryResult(RegistryStatus.UNAVAILABLE, null,
            runner.isClosed() ? "the registry client is closed" : "too many operations in flight"));
    }

    /**
     * @param name a global name
     * @return its holder in the local replica, or {@code null}
     */
    public Pid whereis(String name) {
        return replica.whereis(name);
    }

    /**
     * @param group a group
     * @return its members in the local replica
     */
    public Set<Pid> members(String group) {
        return replica.members(group);
    }

    /** @return the global names in the local replica */
    public Set<String> names() {
        return replica.names();
    }

    /** @return the groups that have members in the local replica */
    public Set<String> groups() {
        return replica.groups();
    }

    /** @return the joined nodes in the local replica */
    public Map<io.spore.api.NodeName, RegistryNode> nodes() {
        return replica.nodes();
    }

    /** @return the version of the registry's state the local replica has reached */
    public long version() {
        return replica.version();
    }

    @Override
    public void close() {
        CloseHelper.closeAll(runner, driver);
    }
}
