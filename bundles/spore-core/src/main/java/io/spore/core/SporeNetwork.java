package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;
import io.spore.api.RemoteNode;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessListener;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The node's {@link Network}: the remote-spawn flag and access lists, and the peers that are connected now with
 * what they advertised. Spawning itself lives in {@link RemoteSpawns} (this node asks) and {@link SpawnRequests}
 * (another node asks).
 *
 * <p>Threading: safe from any thread; the peer map changes on the transport's thread (node up and down).
 */
final class SporeNetwork implements Network {
    /** How long {@link #getNode} waits for a handshake. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A connected peer: one object per connection, so a request can tell whether its connection is still the same. */
    record Peer(NodeName name, int creation, boolean remoteSpawnEnabled) {
    }

    private final SporeNode node;
    private final SpawnAccessTable access;
    private final boolean exposeEnv;
    private volatile boolean remoteSpawnEnabled;
    private final ConcurrentHashMap<NodeName, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<NodeName, CompletableFuture<Peer>> connecting = new ConcurrentHashMap<>();

    SporeNetwork(SporeNode node, SpawnAccessTable access, boolean remoteSpawnEnabled, boolean exposeEnv) {
        this.node = node;
        this.access = access;
        this.remoteSpawnEnabled = remoteSpawnEnabled;
        this.exposeEnv = exposeEnv;
    }

    SpawnAccessTable access() {
        return access;
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
            System.getLogger(SporeNetwork.class.getName()).log(System.Logger.Level.INFO, "node {0}: remote spawn {1}"
                + " (peers connected now keep the flag they saw until they reconnect; requests are checked against"
                + " the current one)", node.name(), enabled ? "enabled" : "disabled");
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
        return new RemoteNodeHandle(node, peer);
    }

    @Override
    public RemoteNode getNode(NodeName name) {
        checkRemote(name);
        Peer peer = peers.get(name);
        if (peer != null) {
            return new RemoteNodeHandle(node, peer);
        }
        long timeoutMs = CONNECT_TIMEOUT.toMillis();
        return new RemoteNodeHandle(node, Blocking.await(connect(name, timeoutMs), timeoutMs,
            () -> "connecting to " + name));
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
        if (name.equals(node.name())) {
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
        RemoteRouter router = node.router();
        if (router == null) {
            return CompletableFuture.failedFuture(SporeNode.notConnected(name));
        }
        CompletableFuture<Peer> waiting = connecting.computeIfAbsent(name, n -> new CompletableFuture<>());
        peer = peers.get(name); // it may have come up before the future was there to hear it
        if (peer != null) {
            connecting.remove(name, waiting);
            waiting.complete(peer);
            return waiting;
        }
        try {
            router.connect(name);
        } catch (SporeException e) {
            connecting.remove(name, waiting);
            waiting.completeExceptionally(e);
            return waiting;
        }
        node.timer().schedule(() -> {
            if (waiting.completeExceptionally(new SporeException(SporeException.Reason.NODE_DOWN, "node " + name
                + " did not complete a handshake within " + timeoutMs + " ms (is it running, with the same"
                + " cookie?)"))) {
                connecting.remove(name, waiting);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        return waiting;
    }

    void nodeUp(NodeName name, int creation, boolean spawnEnabled) {
        Peer peer = new Peer(name, creation, spawnEnabled);
        peers.put(name, peer);
        CompletableFuture<Peer> waiting = connecting.remove(name);
        if (waiting != null) {
            waiting.complete(peer);
        }
    }

    /** The node stops: whoever waits for a connection learns it at once. */
    void close() {
        connecting.forEach((name, waiting) -> {
            if (connecting.remove(name, waiting)) {
                waiting.completeExceptionally(new SporeException(SporeException.Reason.NODE_STOPPED, "node "
                    + node.name() + " stopped while connecting to " + name));
            }
        });
    }

    void nodeDown(NodeName name) {
        peers.remove(name);
        CompletableFuture<Peer> waiting = connecting.remove(name);
        if (waiting != null) {
            waiting.completeExceptionally(new SporeException(SporeException.Reason.NODE_DOWN, "node " + name
                + " could not be reached (is it running, with the same cookie?)"));
        }
    }
}
