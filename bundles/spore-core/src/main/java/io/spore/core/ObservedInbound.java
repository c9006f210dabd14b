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
 * What the transport delivers, counted for {@link NodeMonitor} on its way to the node. Nodes up and down are told
 * to administration tools by {@link SporeNetwork}, with everything else that depends on them.
 */
final class ObservedInbound implements Inbound {
    private final Inbound delegate;
    private final NodeMonitor monitor;

    ObservedInbound(Inbound delegate, NodeMonitor monitor) {
        this.delegate = delegate;
        this.monitor = monitor;
    }

    @Override
    public void beginBatch() {
        delegate.beginBatch();
    }

    @Override
    public void endBatch() {
        delegate.endBatch();
    }

    @Override
    public void send(Pid from, Pid to, Object message) {
        monitor.tally().messageIn();
        delegate.send(from, to, message);
    }

    @Override
    public void sendNamed(Pid from, Name name, Object message) {
        monitor.tally().messageIn();
        delegate.sendNamed(from, name, message);
    }

    @Override
    public boolean sendBounded(Pid from, Pid to, Object message) {
        monitor.tally().messageIn();
        return delegate.sendBounded(from, to, message);
    }

    @Override
    public Pid sendNamedBounded(Pid from, Name name, Object message) {
        monitor.tally().messageIn();
        return delegate.sendNamedBounded(from, name, message);
    }

    @Override
    public boolean hasRoom(Pid to) {
        return delegate.hasRoom(to);
    }

    @Override
    public boolean sendImportant(Pid from, Pid to, Object message) {
        monitor.tally().messageIn();
        return delegate.sendImportant(from, to, message);
    }

    @Override
    public void deliveryAck(Ref ackRef, SporeException error) {
        delegate.deliveryAck(ackRef, error);
    }

    @Override
    public void call(Caller caller, Pid to, Object request) {
        monitor.tally().callIn();
        delegate.call(caller, to, request);
    }

    @Override
    public void callNamed(Caller caller, Name name, Object request) {
        monitor.tally().callIn();
        delegate.callNamed(caller, name, request);
    }

    @Override
    public void reply(Caller caller, Object value, SporeException error) {
        delegate.reply(caller, value, error);
    }

    @Override
    public void link(Pid from, Pid to) {
        delegate.link(from, to);
    }

    @Override
    public void unlink(Pid from, Pid to) {
        delegate.unlink(from, to);
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        delegate.exit(from, to, reason, viaLink);
    }

    @Override
    public void monitor(Ref ref, Pid watcher, Pid target) {
        delegate.monitor(ref, watcher, target);
    }

    @Override
    public void demonitor(Ref ref, Pid watcher, Pid target) {
        delegate.demonitor(ref, watcher, target);
    }

    @Override
    public void down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
        delegate.down(ref, watcher, target, reason);
    }

    @Override
    public void nodeUp(NodeName node, int creation) {
        delegate.nodeUp(node, creation);
    }

    @Override
    public void nodeUp(NodeName node, int creation, boolean remoteSpawnEnabled) {
        delegate.nodeUp(node, creation, remoteSpawnEnabled);
    }

    @Override
    public void spawnRequest(NodeName from, SpawnRequest request) {
        monitor.tally().spawnIn();
        delegate.spawnRequest(from, request);
    }

    @Override
    public void spawnReply(Ref ref, Pid child, SporeException error) {
        delegate.spawnReply(ref, child, error);
    }

    @Override
    public void nodeDown(NodeName node) {
        delegate.nodeDown(node);
    }
}
