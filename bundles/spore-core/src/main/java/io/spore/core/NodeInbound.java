package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.SpawnRequest;

/**
 * The node's one {@link Inbound}: the transport hands what it received straight to it, and it goes to the local
 * router (messages, calls, signals), the network (nodes up and down, spawn answers) or the incoming spawns. Nothing
 * wraps it: the transport counts the traffic itself ({@link io.spore.core.spi.TransportStatistics}).
 */
final class NodeInbound implements Inbound {
    private final LocalRouter router;
    private final RelationRequests relating;
    private final ProcessTable table;
    private final NodeCounters counters;
    private final SporeNetwork network;
    private final IncomingSpawns incoming;
    private final DeferredWakeups wakeups = new DeferredWakeups();

    NodeInbound(LocalRouter router, RelationRequests relating, ProcessTable table, NodeCounters counters,
                SporeNetwork network, IncomingSpawns incoming) {
        this.router = router;
        this.relating = relating;
        this.table = table;
        this.counters = counters;
        this.network = network;
        this.incoming = incoming;
    }

    @Override
    public void beginBatch() {
        wakeups.begin();
    }

    @Override
    public void endBatch() {
        wakeups.end();
        incoming.endBatch();
    }

    @Override
    public boolean send(Pid from, Pid to, Object message) {
        return deliver(from, to, message) != LocalRouter.FULL;
    }

    @Override
    public Pid sendNamed(Pid from, Name name, Object message) {
        Pid to = table.whereis(name);
        if (to == null) {
            counters.messagesDropped.increment();
            return null;
        }
        return deliver(from, to, message) == LocalRouter.FULL ? to : null;
    }

    @Override
    public boolean hasRoom(Pid to) {
        return router.hasRoom(to);
    }

    @Override
    public boolean sendImportant(Pid from, Pid to, Object message) {
        return deliver(from, to, message) != LocalRouter.NO_PROCESS;
    }

    @Override
    public void deliveryAck(Ref ackRef, SporeException error) {
        router.deliveryAck(null, ackRef, error);
    }

    @Override
    public void deliveryAck(NodeName from, Ref ackRef, SporeException error) {
        router.deliveryAck(from, ackRef, error);
    }

    /** @return the calling thread's delivery batch, or {@code null} when it holds none */
    private DeferredWakeups batch() {
        return wakeups.isHeldByCurrentThread() ? wakeups : null;
    }

    /** @return what became of it: {@link LocalRouter#DELIVERED}, {@code FULL} or {@code NO_PROCESS} */
    private byte deliver(Pid from, Pid to, Object message) {
        if (wakeups.isHeldByCurrentThread()) {
            return router.deliverLocal(from, to, message, wakeups);
        }
        // Outside a batch the envelope is not pooled and not counted against a limit.
        return router.deliverLocal(from, to, message) ? LocalRouter.DELIVERED : LocalRouter.NO_PROCESS;
    }

    @Override
    public void call(Caller caller, Pid to, Object request) {
        router.acceptCall(caller, to, request, batch());
    }

    @Override
    public void callNamed(Caller caller, Name name, Object request) {
        router.acceptCallNamed(caller, name, request, batch());
    }

    @Override
    public void reply(Caller caller, Object value, SporeException error) {
        router.reply(null, caller, value, error);
    }

    @Override
    public void reply(NodeName from, Caller caller, Object value, SporeException error) {
        router.replyFrom(from, caller, value, error);
    }

    @Override
    public void reply(NodeName from, Pid caller, long refId, int refCreation, Object value, SporeException error) {
        router.replyFrom(from, caller, refId, refCreation, value, error);
    }

    @Override
    public void link(Pid from, Pid to) {
        relating.acceptLink(from, to);
    }

    @Override
    public void unlink(Pid from, Pid to) {
        relating.acceptUnlink(from, to);
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        router.acceptExit(from, to, reason, viaLink);
    }

    @Override
    public void monitor(Ref ref, Pid watcher, Pid target) {
        relating.acceptMonitor(ref, watcher, target);
    }

    @Override
    public void demonitor(Ref ref, Pid watcher, Pid target) {
        relating.acceptDemonitor(ref, target);
    }

    @Override
    public void down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
        router.signalDown(watcher, new io.spore.api.Down(ref, target, reason));
    }

    @Override
    public void nodeUp(NodeName remote, int creation, boolean remoteSpawnEnabled) {
        network.nodeUp(remote, creation, remoteSpawnEnabled);
    }

    @Override
    public void spawnRequest(NodeName from, SpawnRequest request) {
        incoming.onRequest(from, request, wakeups.isHeldByCurrentThread());
    }

    @Override
    public void spawnReply(Ref ref, Pid child, SporeException error) {
        network.spawns().onReply(null, ref, child, error);
    }

    @Override
    public void spawnReply(NodeName from, Ref ref, Pid child, SporeException error) {
        network.spawns().onReply(from, ref, child, error);
    }

    @Override
    public void spawnReply(NodeName from, NodeName self, long refId, int refCreation, Pid child,
                           SporeException error) {
        network.spawns().onReply(from, refId, refCreation, child, error);
    }

    @Override
    public void nodeDown(NodeName remote) {
        network.nodeDown(remote);
    }
}
