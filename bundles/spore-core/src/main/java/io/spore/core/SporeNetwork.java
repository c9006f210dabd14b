package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.NodeDown;
import io.spore.api.NodeName;
import io.spore.api.NodeUp;
import io.spore.api.Pid;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessListener;
import io.spore.api.SporeException;
import io.spore.api.cluster.ClusterMember;
import io.spore.core.spi.ConnectionListener;
import io.spore.core.spi.RemoteRouter;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node's {@link Network}: the remote-spawn flag and access lists, and the only record of the peers that are
 * connected now with what they advertised. A node coming up or going down is told from here, and only here, to all
 * that depend on it: whoever waits for a connection, the waits for answers from that node (calls, acknowledgements,
 * spawns), the processes with relations to it, the processes that monitor nodes, and the connection listeners of
 * administration tools. Spawning itself lives in {@link OutgoingSpawns} (this node asks) and {@link IncomingSpawns}
 * (another node asks).
 *
 * <p>Threading: safe from any thread; the peer map changes on the transport's thread (node up and down).
 */
final class SporeNetwork implements Network {
    private static final System.Logger LOG = System.getLogger(SporeNetwork.class.getName());
    /** How long {@link #getNode} waits for a handshake. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A connected peer: one object per connection, so a request can tell whether its connection is still the same. */
    record Peer(NodeName name, int creation, boolean remoteSpawnEnabled) {
    }

    private final NodeServices services;
    private final LocalRouter router;
    private final SpawnAccessTable access;
    private final boolean exposeEnv;
    private volatile boolean remoteSpawnEnabled;
    private final ConcurrentHashMap<NodeName, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<NodeName, CompletableFuture<Peer>> connecting = new ConcurrentHashMap<>();
    private final OutgoingSpawns spawns;
    private final RemoteRelations relations;
    private final ReplyTable<Void> acks;
    private final ReplyTable<Object> calls;
    /** Local processes that asked for {@link NodeUp} and {@link NodeDown} messages. */
    private final Set<Pid> nodeWatchers = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ClusterView cluster;

    /**
     * @param spawnReplies the remote spawns waiting for their answer
     * @param acks         the important sends waiting for their acknowledgement
     * @param calls        the calls made from outside any process, waiting for their reply
     * @param cluster      the node's side of the cluster registry
     */
    SporeNetwork(NodeServices services, LocalRouter router, SpawnAccessTable access, RemoteRelations relations,
                 ReplyTable<Pid> spawnReplies, ReplyTable<Void> acks, ReplyTable<Object> calls, ClusterView cluster) {
        this.cluster = cluster;
        this.services = services;
        this.router = router;
        this.access = access;
        this.remoteSpawnEnabled = services.context.remoteSpawnEnabled();
        this.exposeEnv = services.context.exposeEnvRemoteSpawn();
        this.relations = relations;
        this.acks = acks;
        this.calls = calls;
        this.spawns = new OutgoingSpawns(services, router, this, spawnReplies);
    }

    /** @return the node's side of the cluster registry */
    ClusterView cluster() {
        return cluster;
    }

    SpawnAccessTable access() {
        return access;
    }

    /** @return this node's spawns on other nodes */
    OutgoingSpawns spawns() {
        return spawns;
    }

    // ---- Network ----

    @Override
    public boolean remoteSpawnEnabled() {
        return remoteSpawnEnabled;
    }

    @Override
    public void setRemoteSpawnEnabled(boolean enabled) {
        if (remoteSpawnEnabled != enabled) {
            remoteSpawnEnabled = enabled;
            LOG.log(Level.INFO, "node {0}: remote spawn {1} (peers connected now keep the flag they saw until they"
                + " reconnect; requests are checked against the current one)", services.name,
                enabled ? "enabled" : "disabled");
        }
    }

    @Override
    public boolean exposeEnvRemoteSpawn() {
        return exposeEnv;
    }

    @Override
    public void enableSpawn(Name name, ProcessFactory factory, NodeName... nodes) {
        access.enable(Objects.requireNonNull(name, "name"), Objects.requireNonNull(factory, "factory"), nodes);
    }

    @Override
    public void enableSpawn(Name name, NodeName... nodes) {
        access.enable(Objects.requireNonNull(name, "name"), nodes);
    }

    @Override
    public void disableSpawn(Name name, NodeName... nodes) {
        access.disable(Objects.requireNonNull(name, "name"), nodes);
    }

    @Override
    public Optional<SpawnAccess> spawnAccess(Name name) {
        return access.access(Objects.requireNonNull(name, "name"));
    }

    @Override
    public List<SpawnAccess> spawnAccess() {
        return access.access();
    }

    @Override
    public RemoteNode node(NodeName name) {
        checkRemote(name);
        Peer peer = peers.get(name);
        if (peer == null) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "node " + name + " is not connected now; use"
                + " getNode to connect to it first");
        }
        return new RemoteNodeHandle(spawns, peer);
    }

    @Override
    public RemoteNode getNode(NodeName name) {
        checkRemote(name);
        Peer peer = peers.get(name);
        if (peer != null) {
            return new RemoteNodeHandle(spawns, peer);
        }
        long timeoutMs = CONNECT_TIMEOUT.toMillis();
        return new RemoteNodeHandle(spawns, Blocking.await(services.clock, connect(name, timeoutMs), timeoutMs,
            () -> "connecting to " + name, Blocking.NO_HELP));
    }

    @Override
    public void addSpawnAccessListener(SpawnAccessListener listener) {
        access.addListener(listener);
    }

    @Override
    public void removeSpawnAccessListener(SpawnAccessListener listener) {
        access.removeListener(listener);
    }

    // ---- peers ----

    private void checkRemote(NodeName name) {
        Objects.requireNonNull(name, "name");
        if (name.equals(services.name)) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, name + " is this node; spawn here with"
                + " Node.spawn");
        }
    }

    /** @return the peer if its connection is up now, else {@code null} */
    Peer peer(NodeName name) {
        return peers.get(name);
    }

    /**
     * Connects to {@code name} unless connected; the future completes with the peer once its handshake completes,
     * or fails with {@code NODE_DOWN} when it cannot be reached or within {@code timeoutMs}.
     */
    CompletableFuture<Peer> connect(NodeName name, long timeoutMs) {
        Peer peer = peers.get(name);
        if (peer != null) {
            return CompletableFuture.completedFuture(peer);
        }
        RemoteRouter remote = router.remote();
        if (remote == null) {
            return CompletableFuture.failedFuture(Failures.notConnected(name));
        }
        CompletableFuture<Peer> waiting = connecting.computeIfAbsent(name, n -> new CompletableFuture<>());
        peer = peers.get(name); // it may have come up before the future was there to hear it
        if (peer != null) {
            connecting.remove(name, waiting);
            waiting.complete(peer);
            return waiting;
        }
        try {
            remote.connect(name);
        } catch (SporeException e) {
            connecting.remove(name, waiting);
            waiting.completeExceptionally(e);
            return waiting;
        }
        services.timer.schedule(() -> {
            if (waiting.completeExceptionally(new SporeException(SporeException.Reason.NODE_DOWN, "node " + name
                + " did not complete a handshake within " + timeoutMs + " ms (is it running, with the same"
                + " cookie?)"))) {
                connecting.remove(name, waiting);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        return waiting;
    }

    /** @return the nodes connected now, sorted */
    Set<NodeName> connectedNodes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(peers.keySet()));
    }

    /** From now on ({@code watch}) or no longer, {@code watcher} gets a message for every node up and down. */
    void watchNodes(Pid watcher, boolean watch) {
        if (watch) {
            nodeWatchers.add(watcher);
        } else {
            nodeWatchers.remove(watcher);
        }
    }

    @Override
    public List<ClusterMember> members() {
        return cluster.members();
    }

    @Override
    public void subscribeMembership(Pid subscriber) {
        cluster.subscribeMembership(subscriber);
    }

    @Override
    public void unsubscribeMembership(Pid subscriber) {
        cluster.unsubscribeMembership(subscriber);
    }

    @Override
    public Pid spawnAnywhere(Name factory, ProcessOptions options, Object... args) {
        return cluster.spawnAnywhere(factory, options, args);
    }

    void addListener(ConnectionListener listener) {
        listeners.addIfAbsent(listener);
    }

    void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** A connection completed its handshake. */
    void nodeUp(NodeName name, int creation, boolean spawnEnabled) {
        Peer peer = new Peer(name, creation, spawnEnabled);
        services.ups.up(name);
        peers.put(name, peer);
        CompletableFuture<Peer> waiting = connecting.remove(name);
        if (waiting != null) {
            waiting.complete(peer);
        }
        tell(new NodeUp(name, creation), listener -> listener.nodeUp(name, creation), "node up of " + name);
    }

    /**
     * {@code name} is gone (or could not be reached): what waited on it fails now; the relations of processes with
     * it fire with noconnection on each process's own turn.
     */
    void nodeDown(NodeName name) {
        boolean wasUp = peers.remove(name) != null;
        services.ups.down(name);
        CompletableFuture<Peer> waiting = connecting.remove(name);
        if (waiting != null) {
            waiting.completeExceptionally(new SporeException(SporeException.Reason.NODE_DOWN, "node " + name
                + " could not be reached (is it running, with the same cookie?)"));
        }
        spawns.nodeDown(name);
        relations.nodeDown(name);
        acks.failNode(name);
        calls.failNode(name);
        if (!wasUp) {
            return; // the transport also reports nodes that never came up; nobody heard of those
        }
        tell(new NodeDown(name), listener -> listener.nodeDown(name), "node down of " + name);
    }

    /**
     * Tells the processes that watch nodes with {@code notice}, then the connection listeners with {@code call}; a
     * listener that throws is logged and the rest are still told.
     *
     * @param event names the event in the log line
     */
    private void tell(Object notice, Consumer<ConnectionListener> call, String event) {
        for (Pid watcher : nodeWatchers) {
            router.deliverLocal(services.identity, watcher, notice);
        }
        for (ConnectionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener " + listener + " failed on " + event, e);
            }
        }
    }

    /** The node stops: whoever waits for a connection or a spawn's answer learns it at once. */
    void close() {
        spawns.close();
        connecting.forEach((name, waiting) -> {
            if (connecting.remove(name, waiting)) {
                waiting.completeExceptionally(new SporeException(SporeException.Reason.NODE_STOPPED, "node "
                    + services.name + " stopped while connecting to " + name));
            }
        });
    }
}
