package io.spore.jmx;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.SporeNode;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;
import io.spore.core.spi.TrafficStats;
import io.spore.core.spi.TransportStatistics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only router that joins two in-process nodes by handing each call to the other's Inbound, as a transport
 * would after decoding a frame; {@link #cut()} plays the other node going away. It counts the traffic as a transport
 * does (messages, calls and spawns out here are the other node's in), which the node's monitoring reads.
 */
final class Loopback implements RemoteRouter {
    private final NodeName self;
    private volatile Inbound peer;
    /** The router the other way. */
    private Loopback other;
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong callsOut = new AtomicLong();
    private final AtomicLong spawnsOut = new AtomicLong();

    private Loopback(NodeName self) {
        this.self = self;
    }

    /** Joins {@code a} and {@code b}; returns a's router first. */
    static Loopback[] join(SporeNode a, SporeNode b) {
        Loopback fromA = new Loopback(a.name());
        Loopback fromB = new Loopback(b.name());
        Inbound intoA = a.attach(fromA);
        Inbound intoB = b.attach(fromB);
        fromA.peer = intoB;
        fromB.peer = intoA;
        fromA.other = fromB;
        fromB.other = fromA;
        intoA.nodeUp(b.name(), b.creation(), true);
        intoB.nodeUp(a.name(), a.creation(), true);
        return new Loopback[] {fromA, fromB};
    }

    /** The other node hears that this one went down, and this one the other. */
    static void cut(Loopback[] pair) {
        Inbound intoB = pair[0].peer;
        Inbound intoA = pair[1].peer;
        intoB.nodeDown(pair[0].self);
        intoA.nodeDown(pair[1].self);
    }

    @Override
    public void send(Pid from, Pid to, Object message, SendOptions options) {
        peer.send(from, to, message);
        messagesOut.incrementAndGet();
    }

    @Override
    public void sendNamed(Pid from, NodeName node, Name name, Object message, SendOptions options) {
        peer.sendNamed(from, name, message);
        messagesOut.incrementAndGet();
    }

    @Override
    public void call(Caller caller, Pid to, Object request) {
        callsOut.incrementAndGet();
        peer.call(caller, to, request);
    }

    @Override
    public void callNamed(Caller caller, NodeName node, Name name, Object request) {
        callsOut.incrementAndGet();
        peer.callNamed(caller, name, request);
    }

    @Override
    public void reply(Pid replier, Caller caller, Object value, SporeException error) {
        peer.reply(caller, value, error);
    }

    @Override
    public void link(Pid from, Pid to) {
        peer.link(from, to);
    }

    @Override
    public void unlink(Pid from, Pid to) {
        peer.unlink(from, to);
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        peer.exit(from, to, reason, viaLink);
    }

    @Override
    public void monitor(Ref ref, Pid watcher, Pid target) {
        peer.monitor(ref, watcher, target);
    }

    @Override
    public void demonitor(Ref ref, Pid watcher, Pid target) {
        peer.demonitor(ref, watcher, target);
    }

    @Override
    public void down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
        peer.down(ref, watcher, target, reason);
    }

    @Override
    public void spawnRequest(NodeName node, SpawnRequest request) {
        spawnsOut.incrementAndGet();
        peer.spawnRequest(self, request);
    }

    @Override
    public TransportStatistics statistics() {
        return new TransportStatistics() {
            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }

            @Override
            public TrafficStats traffic() {
                return new TrafficStats(other.messagesOut.get(), messagesOut.get(), other.callsOut.get(),
                    callsOut.get(), other.spawnsOut.get(), spawnsOut.get());
            }
        };
    }

    @Override
    public void spawnReply(NodeName node, Ref ref, Pid requester, Pid child, SporeException error) {
        peer.spawnReply(ref, child, error);
    }
}
