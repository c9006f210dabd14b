package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only router that joins two nodes in one JVM by handing each call straight to the other's Inbound, as a
 * transport would after decoding a frame. {@link #cut()} plays a node going away.
 */
final class LoopbackRouter implements RemoteRouter {
    private final NodeName peerName;
    private volatile Inbound peer;
    /** The router the other way, whose peer is this router's own node: where acknowledgements go. */
    private LoopbackRouter back;
    private volatile boolean connected = true;
    /** The delivery ids of the important sends this router carried, in order. */
    final List<Long> deliveryIds = new CopyOnWriteArrayList<>();

    private LoopbackRouter(NodeName peerName) {
        this.peerName = peerName;
    }

    /** @return the peer node's inbound, where this router delivers */
    Inbound peer() {
        return peer;
    }

    /** Joins {@code a} and {@code b}; returns the pair of routers, a's first. */
    static LoopbackRouter[] join(SporeNode a, SporeNode b) {
        LoopbackRouter toB = new LoopbackRouter(b.name());
        LoopbackRouter toA = new LoopbackRouter(a.name());
        Inbound intoA = a.attach(toB);
        Inbound intoB = b.attach(toA);
        toB.peer = intoB;
        toA.peer = intoA;
        toB.back = toA;
        toA.back = toB;
        // As a handshake would: each side learns whether the other accepts remote spawns.
        intoA.nodeUp(b.name(), b.creation(), b.network().remoteSpawnEnabled());
        intoB.nodeUp(a.name(), a.creation(), a.network().remoteSpawnEnabled());
        return new LoopbackRouter[] {toB, toA};
    }

    /** The link fails both ways: each side hears that the other went down; later traffic is lost. */
    static void cut(LoopbackRouter[] pair, SporeNode a, SporeNode b) {
        pair[0].connected = false;
        pair[1].connected = false;
        pair[1].peer.nodeDown(b.name()); // into a: b is gone
        pair[0].peer.nodeDown(a.name()); // into b: a is gone
        a.detach(pair[0]);
        b.detach(pair[1]);
    }

    private Inbound peer(NodeName node) {
        if (!connected || !node.equals(peerName)) {
            return null;
        }
        return peer;
    }

    @Override
    public void send(Pid from, Pid to, Object message, SendOptions options) {
        Inbound in = peer(to.node());
        if (in == null) {
            if (options.important()) {
                throw Failures.notConnected(to.node());
            }
            return;
        }
        in.send(from, to, message);
    }

    /** Records the delivery id (the loopback remembers none), then sends as without one. */
    @Override
    public void sendImportant(Pid from, Pid to, Object message, Ref ackRef, long deliveryId) {
        deliveryIds.add(deliveryId);
        sendImportant(from, to, message, ackRef);
    }

    /** Delivers, then acknowledges to the sending node, as a transport's receiving side does. */
    @Override
    public void sendImportant(Pid from, Pid to, Object message, Ref ackRef) {
        Inbound in = peer(to.node());
        if (in == null) {
            throw Failures.notConnected(to.node());
        }
        boolean delivered = in.sendImportant(from, to, message);
        back.peer.deliveryAck(ackRef, delivered ? null : Failures.noProcess(to));
    }

    @Override
    public void sendNamed(Pid from, NodeName node, Name name, Object message, SendOptions options) {
        Inbound in = peer(node);
        if (in != null) {
            in.sendNamed(from, name, message);
        }
    }

    @Override
    public void call(Caller caller, Pid to, Object request) {
        Inbound in = peer(to.node());
        if (in == null) {
            throw Failures.notConnected(to.node());
        }
        in.call(caller, to, request);
    }

    @Override
    public void callNamed(Caller caller, NodeName node, Name name, Object request) {
        Inbound in = peer(node);
        if (in == null) {
            throw Failures.notConnected(node);
        }
        in.callNamed(caller, name, request);
    }

    @Override
    public void reply(Pid replier, Caller caller, Object value, SporeException error) {
        Inbound in = peer(caller.from().node());
        if (in != null) {
            in.reply(caller, value, error);
        }
    }

    @Override
    public void link(Pid from, Pid to) {
        Inbound in = peer(to.node());
        if (in != null) {
            in.link(from, to);
        }
    }

    @Override
    public void unlink(Pid from, Pid to) {
        Inbound in = peer(to.node());
        if (in != null) {
            in.unlink(from, to);
        }
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        Inbound in = peer(to.node());
        if (in != null) {
            in.exit(from, to, reason, viaLink);
        }
    }

    @Override
    public void monitor(Ref ref, Pid watcher, Pid target) {
        Inbound in = peer(target.node());
        if (in != null) {
            in.monitor(ref, watcher, target);
        }
    }

    @Override
    public void demonitor(Ref ref, Pid watcher, Pid target) {
        Inbound in = peer(target.node());
        if (in != null) {
            in.demonitor(ref, watcher, target);
        }
    }

    /** The Inbound of the node this router delivers to (to play frames arriving there). */
    Inbound peerInbound() {
        return peer;
    }

    @Override
    public void spawnRequest(NodeName node, SpawnRequest request) {
        Inbound in = peer(node);
        if (in == null) {
            throw Failures.notConnected(node);
        }
        in.spawnRequest(request.ref().node(), request);
    }

    @Override
    public void spawnReply(NodeName node, Ref ref, Pid requester, Pid child, SporeException error) {
        Inbound in = peer(node);
        if (in == null) {
            throw Failures.notConnected(node);
        }
        in.spawnReply(ref, child, error);
    }

    @Override
    public void down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
        Inbound in = peer(watcher.node());
        if (in != null) {
            in.down(ref, watcher, target, reason);
        }
    }
}
