package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * The requesting side of remote spawn: builds a request with what the child inherits, sends it, and waits for the
 * one answer, or the timeout, or the target going down, whichever comes first.
 *
 * <p>No orphans from this side: an answer that arrives after its request timed out (or failed because its node went
 * down) names a child nobody waits for, so this node kills it. The target undoes what it made after the requester's
 * timeout on its own (see {@link IncomingSpawns}).
 *
 * <p>Threading: {@link #request} on any thread; answers and node-down on the transport's thread; timeouts on the
 * node's timer thread. Each request completes exactly once, whoever removes it from {@code pending} first.
 */
final class OutgoingSpawns {
    private static final System.Logger LOG = System.getLogger(OutgoingSpawns.class.getName());
    /** The timeout of a spawn whose options set none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final NodeServices services;
    private final LocalRouter router;
    private final SporeNetwork network;
    /** The requests waiting for their answer; a wait's subject is the factory's name. */
    private final ReplyTable<Pid> pending;
    private final WaitSlots<Pid> slots = new WaitSlots<>();
    /** The last request of the node itself, to send again; any thread reads and replaces it. */
    private volatile NodeRequest lastNodeRequest;

    OutgoingSpawns(NodeServices services, LocalRouter router, SporeNetwork network, ReplyTable<Pid> pending) {
        this.services = services;
        this.router = router;
        this.network = network;
        this.pending = pending;
    }

    static long timeoutMs(ProcessOptions options) {
        Duration timeout = options == null || options.spawnTimeout() == null ? DEFAULT_TIMEOUT
            : options.spawnTimeout();
        return Math.max(1, timeout.toMillis());
    }

    /**
     * Sends a spawn request to the connected node {@code target}.
     *
     * @param spawner the calling process (it gives parent, leader, application, log level and env), or
     *                {@code null} for the node itself
     * @return completes with the child's pid or a {@link SporeException}; failures found before sending complete
     *         it at once
     */
    CompletableFuture<Pid> request(NodeName target, ProcessContext spawner, Name register, Name factory,
                                   ProcessOptions options, Object[] args) {
        return request(target, spawner, register, factory, options, args, false);
    }

    /** As {@link #request}; with {@code link}, the target links the child to {@code spawner} before it runs. */
    CompletableFuture<Pid> request(NodeName target, ProcessContext spawner, Name register, Name factory,
                                   ProcessOptions options, Object[] args, boolean link) {
        try {
            checkCanSpawn(target, factory);
            return send(target, spawner, register, factory, options == null ? ProcessOptions.DEFAULTS : options,
                args, link);
        } catch (SporeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** @throws SporeException when a request to {@code target} cannot even be sent */
    private void checkCanSpawn(NodeName target, Name factory) {
        Objects.requireNonNull(factory, "factory");
        router.ensureRunning();
        SporeNetwork.Peer peer = network.peer(target);
        if (peer == null) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot spawn '" + factory + "' on "
                + target + ": it is not connected now");
        }
        if (!peer.remoteSpawnEnabled()) {
            throw new SporeException(SporeException.Reason.REMOTE_SPAWN_DISABLED, "node " + target + " does not"
                + " accept remote spawns (it said so when it connected; it may enable them with"
                + " Network.setRemoteSpawnEnabled, then reconnect)");
        }
    }

    /**
     * A blocking spawn of the node itself ({@link io.spore.api.RemoteNode#spawn}) on the connected {@code target}.
     * A thread outside the workers waits in its reusable slot and keeps the time itself, so no future, wait or
     * timer task is made for it; a worker waits as {@link #await} does, so its pool can start a spare meanwhile.
     */
    Pid spawn(NodeName target, Name register, Name factory, ProcessOptions options, Object[] args) {
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            return await(request(target, null, register, factory, options, args), options, target, factory);
        }
        checkCanSpawn(target, factory);
        ProcessOptions opts = options == null ? ProcessOptions.DEFAULTS : options;
        long timeoutMs = timeoutMs(opts);
        long deadlineNs = services.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        RemoteRouter remote = router.connectedRouter(target);
        SpawnRequest request = requestOfNode(register, factory, opts, args, timeoutMs);
        long refId = services.newRefId();
        ReplyTable.Slot<Pid> slot = slots.take();
        try {
            slot.arm(target, factory);
            pending.open(refId, slot);
            try {
                remote.spawnRequest(target, refId, request);
            } catch (SporeException refused) {
                if (!pending.forget(refId)) {
                    awaitCompletion(slot); // answered meanwhile (its node went down): the refusal still says why
                }
                throw new SporeException(refused.reason(), refused.getMessage(), refused);
            }
            if (!Blocking.awaitSlot(services.clock, slot, deadlineNs, router.helpReceiver)) {
                if (pending.forget(refId)) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new SporeException(SporeException.Reason.TIMEOUT, "interrupted while spawning '"
                            + factory + "' on " + target);
                    }
                    throw new SporeException(SporeException.Reason.TIMEOUT, "spawning '" + factory + "' on " + target
                        + " got no answer within " + timeoutMs + " ms; a child made after that is undone");
                }
                awaitCompletion(slot); // the answer won the race against the deadline
            }
            SporeException error = slot.error();
            if (error != null) {
                throw new SporeException(error.reason(), error.getMessage(), error);
            }
            return slot.value();
        } finally {
            slots.release(slot);
        }
    }

    /**
     * The request of a spawn by the node itself, sent under a fresh ref id each time: the last one is kept and sent
     * again while the same factory is spawned under the same name with the same options and no arguments, so a
     * stream of such spawns builds no request. What the child inherits from the node is fixed while it runs; the
     * one node setting in a request that can change meanwhile, {@code exposeEnvRemoteSpawn}, is part of the match.
     */
    private SpawnRequest requestOfNode(Name register, Name factory, ProcessOptions options, Object[] args,
                                       long timeoutMs) {
        boolean exposeEnv = network.exposeEnvRemoteSpawn();
        boolean noArgs = args == null || args.length == 0;
        NodeRequest last = lastNodeRequest;
        if (noArgs && last != null && last.options == options && last.exposeEnv == exposeEnv
            && last.request.factory().equals(factory) && Objects.equals(last.request.register(), register)) {
            return last.request;
        }
        SpawnRequest request = build(null, register, factory, options, args, timeoutMs, false);
        if (noArgs) {
            lastNodeRequest = new NodeRequest(request, options, exposeEnv);
        }
        return request;
    }

    /** A request of the node kept for the next spawn like it (see {@link #requestOfNode}); immutable. */
    private record NodeRequest(SpawnRequest request, ProcessOptions options, boolean exposeEnv) {
    }

    /** Waits out the moment between another thread taking the slot from the table and completing it. */
    private static void awaitCompletion(ReplyTable.Slot<?> slot) {
        while (!slot.isDone()) {
            Thread.onSpinWait();
        }
    }

    /**
     * As {@link #request}, connecting first when {@code target} is not connected (ProcessContext.remoteSpawn and
     * remoteSpawnLink).
     */
    CompletableFuture<Pid> requestConnecting(NodeName target, ProcessContext spawner, Name register, Name factory,
                                             ProcessOptions options, Object[] args, boolean link) {
        if (network.peer(target) != null) {
            return request(target, spawner, register, factory, options, args, link);
        }
        return network.connect(target, timeoutMs(options))
            .thenCompose(peer -> request(target, spawner, register, factory, options, args, link));
    }

    private CompletableFuture<Pid> send(NodeName target, ProcessContext spawner, Name register, Name factory,
                                        ProcessOptions options, Object[] args, boolean link) {
        RemoteRouter remote = router.connectedRouter(target);
        long timeoutMs = timeoutMs(options);
        // The node's own spawns (no spawner, so never linked) reuse their request; a process's are built each time.
        SpawnRequest request = spawner == null ? requestOfNode(register, factory, options, args, timeoutMs)
            : build(spawner, register, factory, options, args, timeoutMs, link);
        long refId = spawner == null ? services.newRefId() : request.ref().id();
        CompletableFuture<Pid> result = new CompletableFuture<>();
        pending.open(refId, new ReplyTable.Waiting<>(target, result, factory));
        try {
            remote.spawnRequest(target, refId, request);
        } catch (SporeException refused) {
            pending.forget(refId);
            throw refused;
        }
        pending.expireAfter(refId, timeoutMs, OutgoingSpawns::timedOut);
        return result;
    }

    /** Why a spawn's wait ended at its deadline; its subject is the factory's name. */
    private static SporeException timedOut(ReplyTable.Waiting<Pid> spawn, long timeoutMs) {
        return new SporeException(SporeException.Reason.TIMEOUT, "spawning '" + spawn.subject + "' on "
            + spawn.target + " got no answer within " + timeoutMs + " ms; a child made after that is undone");
    }

    /** The request, with what the child inherits by the one rule of {@link Inheritance}. */
    private SpawnRequest build(ProcessContext spawner, Name register, Name factory, ProcessOptions options,
                               Object[] args, long timeoutMs, boolean link) {
        Inheritance child = Inheritance.from(spawner, options, services, null); // read into the request at once
        Map<String, Object> env = network.exposeEnvRemoteSpawn() ? child.env() : null;
        return new SpawnRequest(services.newRef(), child.parent(), factory, register, child.parent(), child.leader(),
            child.application(), child.logLevel(), child.trapExits(), env,
            args == null || args.length == 0 ? List.of() : Arrays.asList(args.clone()), timeoutMs, link);
    }

    /** The one answer to a request: complete it, or undo the child of a request nobody waits for any more. */
    void onReply(NodeName from, Ref ref, Pid child, SporeException error) {
        if (from == null) {
            // A router that cannot say where answers come from.
            undoIfLate(pending.complete(ref, child, error) ? ReplyTable.Answer.TAKEN : ReplyTable.Answer.LATE, child);
            return;
        }
        onReply(from, ref.id(), ref.creation(), child, error);
    }

    /** As {@link #onReply(NodeName, Ref, Pid, SporeException)} from {@code from}, with the ref's id and creation. */
    void onReply(NodeName from, long refId, int refCreation, Pid child, SporeException error) {
        // Only the node asked may answer; another's answer is ignored (not undone: the child is not ours).
        undoIfLate(pending.complete(from, refId, refCreation, child, error), child);
    }

    private void undoIfLate(ReplyTable.Answer answer, Pid child) {
        boolean late = answer == ReplyTable.Answer.LATE;
        if (late) {
            if (child != null) {
                LOG.log(Level.INFO, "killing {0}: its spawn on {1} was answered after the request had given up",
                    child, child.node());
                RemoteRouter remote = router.remote();
                if (remote != null) {
                    remote.exit(services.identity, child, ExitReason.KILLED, false);
                }
            }
        }
    }

    /** {@code target} went down: every request to it fails now with {@code NODE_DOWN}. */
    void nodeDown(NodeName target) {
        pending.failNode(target);
    }

    /** The node stops: every request still waiting fails with {@code NODE_STOPPED}. */
    void close() {
        pending.failAll(waiting -> new SporeException(SporeException.Reason.NODE_STOPPED,
            "node " + services.name + " stopped before " + waiting.target + " answered"));
    }

    /** Blocks for a spawn's answer (managed on worker threads); the request's own timeout ends the wait. */
    Pid await(CompletableFuture<Pid> result, ProcessOptions options, NodeName target, Name factory) {
        // The timeout task completes the future; the extra second only guards against a lost timer.
        return Blocking.await(services.clock, result, timeoutMs(options) + 1000,
            () -> "spawning '" + factory + "' on " + target, router.helpReceiver);
    }
}
