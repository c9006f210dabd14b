package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;

import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The target side of remote spawn: every request gets exactly one answer, refused or not.
 *
 * <p>Order of checks: the node-wide flag ({@code REMOTE_SPAWN_DISABLED}), then the name's access state
 * ({@code UNKNOWN_FACTORY} when there is no factory or the name is disabled, {@code NOT_ALLOWED} when the requester
 * is not listed), then the spawn itself ({@code NAME_TAKEN}, {@code INIT_FAILED} with the init error's message).
 * Each refusal by flag or access is logged at WARN with the requester and the factory, and counted.
 *
 * <p>The checks and the child's {@code create} and {@code init} run on a worker thread, never on the transport's
 * receiving thread, so a slow {@code init} delays nothing else. No orphans: a child whose requester's timeout
 * passed before its answer could be sent, or whose requester's connection went down meanwhile, is killed instead of
 * answered, since nobody would learn its pid.
 *
 * <p>Threading: {@link #onRequest} on the transport's thread; the rest on workers.
 */
final class SpawnRequests {
    private static final System.Logger LOG = System.getLogger(SpawnRequests.class.getName());

    private final SporeNode node;
    private final SporeNetwork network;
    private final NodeCounters counters;

    SpawnRequests(SporeNode node, SporeNetwork network, NodeCounters counters) {
        this.node = node;
        this.network = network;
        this.counters = counters;
    }

    /** A request arrived from {@code from}: hand it to a worker at once. */
    void onRequest(NodeName from, SpawnRequest request) {
        long receivedNs = System.nanoTime();
        SporeNetwork.Peer connection = network.peer(from);
        try {
            node.pool().execute(() -> handle(from, request, receivedNs, connection));
        } catch (RejectedExecutionException stopping) {
            reply(from, request, null, new SporeException(SporeException.Reason.NODE_STOPPED, "node " + node.name()
                + " is stopping"));
        }
    }

    private void handle(NodeName from, SpawnRequest request, long receivedNs, SporeNetwork.Peer connection) {
        Pid child;
        SpawnAccessTable.Grant grant;
        try {
            grant = admit(from, request);
            child = node.spawnRemote(grant.factory(), request);
        } catch (SporeException refused) {
            reply(from, request, null, refused);
            return;
        } catch (RuntimeException unexpected) {
            reply(from, request, null, new SporeException(SporeException.Reason.INIT_FAILED, "spawning '"
                + request.factory() + "' failed on " + node.name() + ": " + unexpected, unexpected));
            return;
        }
        String gone = whyNobodyWaits(from, request, receivedNs, connection);
        if (gone != null) {
            LOG.log(Level.INFO, "killing {0} (''{1}'' spawned for {2}): {3}", child, request.factory(), from, gone);
            node.kill(child);
            return;
        }
        try {
            node.router().spawnReply(from, request.ref(), request.requester(), child, null);
        } catch (RuntimeException unsent) {
            LOG.log(Level.INFO, "killing {0} (''{1}'' spawned for {2}): its pid could not be sent back: {3}", child,
                request.factory(), from, unsent.getMessage());
            node.kill(child);
            return;
        }
        grant.counters().spawned.increment();
        counters.remoteSpawned.increment();
    }

    private SpawnAccessTable.Grant admit(NodeName from, SpawnRequest request) {
        if (!network.remoteSpawnEnabled()) {
            counters.remoteSpawnDenied.increment();
            LOG.log(Level.WARNING, "refused a remote spawn of ''{0}'' requested by {1}: remote spawn is disabled on"
                + " this node", request.factory(), from);
            throw new SporeException(SporeException.Reason.REMOTE_SPAWN_DISABLED, "node " + node.name()
                + " does not accept remote spawns (its remote spawn flag is off)");
        }
        try {
            return network.access().admit(request.factory(), from);
        } catch (SporeException denied) {
            counters.remoteSpawnDenied.increment();
            throw denied;
        }
    }

    /** @return why the child is to be undone instead of answered, or {@code null} when its requester still waits */
    private String whyNobodyWaits(NodeName from, SpawnRequest request, long receivedNs,
                                  SporeNetwork.Peer connection) {
        SporeNetwork.Peer now = network.peer(from);
        if (now == null || (connection != null && now != connection)) {
            return "its requester's node went down before the answer";
        }
        if (request.timeoutMs() > 0
            && System.nanoTime() - receivedNs > TimeUnit.MILLISECONDS.toNanos(request.timeoutMs())) {
            return "its requester stopped waiting after " + request.timeoutMs() + " ms";
        }
        if (node.router() == null) {
            return "the transport is gone";
        }
        return null;
    }

    private void reply(NodeName from, SpawnRequest request, Pid child, SporeException error) {
        RemoteRouter router = node.router();
        if (router == null) {
            return;
        }
        try {
            router.spawnReply(from, request.ref(), request.requester(), child, error);
        } catch (RuntimeException unsent) {
            LOG.log(Level.DEBUG, "could not answer {0}''s spawn of ''{1}'' ({2}): {3}", from, request.factory(),
                error == null ? "ok" : error.reason(), unsent.getMessage());
        }
    }
}
