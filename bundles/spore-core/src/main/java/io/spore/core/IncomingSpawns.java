package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The target side of remote spawn: every request gets exactly one answer, refused or not.
 *
 * <p>Order of checks: the node-wide flag ({@code REMOTE_SPAWN_DISABLED}), then the name's access state
 * ({@code UNKNOWN_FACTORY} when there is no factory or the name is disabled, {@code NOT_ALLOWED} when the requester
 * is not listed), then the spawn itself ({@code NAME_TAKEN}, {@code INIT_FAILED} with the init error's message).
 * Each refusal by flag or access is logged at WARN with the requester and the factory, and counted.
 *
 * <p>The checks and the child's {@code create} and {@code init} run on a worker thread, never on the transport's
 * receiving thread, so a slow {@code init} delays neither the transport nor, while another worker is free, the
 * requests after it ({@link WorkerHandOff}). No orphans: a child whose requester's timeout
 * passed before its answer could be sent, or whose requester's connection went down meanwhile, is killed instead of
 * answered, since nobody would learn its pid.
 *
 * <p>Threading: {@link #onRequest} and {@link #endBatch} on the transport's thread; the rest on workers.
 */
final class IncomingSpawns {
    /**
     * Spawn requests of one node that may be in progress here at once; past it, a request is refused at once with
     * {@code BACK_PRESSURED}, so a peer cannot queue work and memory here without end. Far above what a requester
     * pipelines (the benchmarks keep 256 in flight).
     */
    static final int MAX_IN_FLIGHT_PER_PEER = 4096;

    private static final System.Logger LOG = System.getLogger(IncomingSpawns.class.getName());

    /** Requests in progress per requesting node; an entry stays once made (see {@link #admitInFlight}). */
    private final ConcurrentHashMap<NodeName, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    private final NodeServices services;
    private final LocalRouter router;
    private final SporeNetwork network;
    private final Spawner spawner;
    private final ProcessTable table;
    private final NodeCounters counters;
    /** Admitted requests on their way to the workers, which take them in bursts rather than a wake-up each. */
    private final WorkerHandOff<Admitted> handOff;

    IncomingSpawns(NodeServices services, LocalRouter router, SporeNetwork network, Spawner spawner,
                   ProcessTable table) {
        this.services = services;
        this.router = router;
        this.network = network;
        this.spawner = spawner;
        this.table = table;
        this.counters = services.counters;
        this.handOff = new WorkerHandOff<>(services.pool, services.pool.getParallelism(), this::handle,
            this::refuseStopping);
    }

    /**
     * A request arrived from {@code from}: admitted, it waits for a worker ({@link WorkerHandOff}).
     *
     * @param inBatch whether the receiving thread is in a delivery batch, whose end ({@link #endBatch}) wakes the
     *                workers the batch's requests need, rather than a worker for each
     */
    void onRequest(NodeName from, SpawnRequest request, boolean inBatch) {
        long receivedNs = services.clock.nanoTime();
        if (!admitInFlight(from)) {
            counters.remoteSpawnDenied.increment();
            reply(from, request, null, new SporeException(SporeException.Reason.BACK_PRESSURED, "node "
                + services.name + " already has " + MAX_IN_FLIGHT_PER_PEER + " spawn requests of " + from
                + " in progress; wait for their answers and retry"));
            return;
        }
        Admitted admitted = new Admitted(from, request, receivedNs, network.peer(from));
        if (inBatch) {
            handOff.giveLater(admitted);
        } else {
            handOff.give(admitted);
        }
    }

    /** The receiving thread's delivery batch ended: the requests it brought go to the workers. */
    void endBatch() {
        handOff.flush();
    }

    /** A request admitted, on its way to a worker, with when it arrived and over which connection. */
    private record Admitted(NodeName from, SpawnRequest request, long receivedNs, SporeNetwork.Peer connection) {
    }

    /** Worker: one admitted request, answered whatever happens. */
    private void handle(Admitted admitted) {
        try {
            handle(admitted.from, admitted.request, admitted.receivedNs, admitted.connection);
        } catch (Throwable unexpected) {
            LOG.log(Level.ERROR, "handling the spawn request of " + admitted.from + " failed", unexpected);
        } finally {
            doneInFlight(admitted.from);
        }
    }

    /** An admitted request no worker will take: the node is stopping. */
    private void refuseStopping(Admitted admitted) {
        doneInFlight(admitted.from);
        reply(admitted.from, admitted.request, null, new SporeException(SporeException.Reason.NODE_STOPPED, "node "
            + services.name + " is stopping"));
    }

    /**
     * @return whether one more request of {@code from} may be in progress, counted if so. A peer's count stays in
     *         the map once made (a few bytes per node that ever asked), so counting allocates nothing.
     */
    private boolean admitInFlight(NodeName from) {
        return BoundedCounts.incrementIfBelow(inFlight.computeIfAbsent(from, node -> new AtomicInteger()),
            MAX_IN_FLIGHT_PER_PEER);
    }

    private void doneInFlight(NodeName from) {
        AtomicInteger count = inFlight.get(from);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    private void handle(NodeName from, SpawnRequest request, long receivedNs, SporeNetwork.Peer connection) {
        Pid child;
        SpawnAccessTable.Grant grant;
        try {
            grant = admit(from, request);
            child = spawner.spawnRequested(grant.factory(), request);
        } catch (SporeException refused) {
            reply(from, request, null, refused);
            return;
        } catch (RuntimeException unexpected) {
            reply(from, request, null, new SporeException(SporeException.Reason.INIT_FAILED, "spawning '"
                + request.factory() + "' failed on " + services.name + ": " + unexpected, unexpected));
            return;
        }
        String gone = whyNobodyWaits(from, request, receivedNs, connection);
        if (gone != null) {
            LOG.log(Level.INFO, "killing {0} (''{1}'' spawned for {2}): {3}", child, request.factory(), from, gone);
            table.kill(child);
            return;
        }
        // Counted before the answer leaves, so a requester that has its pid sees the spawn counted too.
        grant.counters().spawned.increment();
        counters.remoteSpawned.increment();
        try {
            router.connectedRouter(from).spawnReply(from, request.ref(), request.requester(), child, null);
        } catch (RuntimeException unsent) {
            grant.counters().spawned.decrement();
            counters.remoteSpawned.decrement();
            LOG.log(Level.INFO, "killing {0} (''{1}'' spawned for {2}): its pid could not be sent back: {3}", child,
                request.factory(), from, unsent.getMessage());
            table.kill(child);
        }
    }

    private SpawnAccessTable.Grant admit(NodeName from, SpawnRequest request) {
        if (!network.remoteSpawnEnabled()) {
            counters.remoteSpawnDenied.increment();
            LOG.log(Level.WARNING, "refused a remote spawn of ''{0}'' requested by {1}: remote spawn is disabled on"
                + " this node", request.factory(), from);
            throw new SporeException(SporeException.Reason.REMOTE_SPAWN_DISABLED, "node " + services.name
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
            && services.clock.nanoTime() - receivedNs > TimeUnit.MILLISECONDS.toNanos(request.timeoutMs())) {
            return "its requester stopped waiting after " + request.timeoutMs() + " ms";
        }
        if (router.remote() == null) {
            return "the transport is gone";
        }
        return null;
    }

    private void reply(NodeName from, SpawnRequest request, Pid child, SporeException error) {
        RemoteRouter remote = router.remote();
        if (remote == null) {
            return;
        }
        try {
            remote.spawnReply(from, request.ref(), request.requester(), child, error);
        } catch (RuntimeException unsent) {
            LOG.log(Level.DEBUG, "could not answer {0}''s spawn of ''{1}'' ({2}): {3}", from, request.factory(),
                error == null ? "ok" : error.reason(), unsent.getMessage());
        }
    }
}
