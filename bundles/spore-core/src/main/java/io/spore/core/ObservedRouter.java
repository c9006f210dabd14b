package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;

/**
 * The transport as the node sees it, counting for {@link NodeMonitor} what goes out. A send the transport refuses
 * (it throws) is not counted.
 */
final class ObservedRouter implements RemoteRouter {
    private final RemoteRouter delegate;
    private final NodeMonitor monitor;

    ObservedRouter(RemoteRouter delegate, NodeMonitor monitor) {
        this.delegate = delegate;
        this.monitor = monitor;
    }

    /** @return the transport's own router, which attach and detach compare */
    RemoteRouter delegate() {
        return delegate;
    }

    @Override
    public void send(Pid from, Pid to, Object message, SendOptions options) {
        delegate.send(from, to, message, options);
        monitor.tally().messageOut();
    }

    @Override
    public void sendNamed(Pid from, NodeName node, Name name, Object message, SendOptions options) {
        delegate.sendNamed(from, node, name, message, options);
        monitor.tally().messageOut();
    }

    @Override
    public void sendImportant(Pid from, Pid to, Object message, Ref ackRef) {
        delegate.sendImportant(from, to, message, ackRef);
        monitor.tally().messageOut();
    }

    @Override
    public void call(Caller caller, Pid to, Object request) {
        delegate.call(caller, to, request);
        monitor.tally().callOut();
    }

    @Override
    public void callNamed(Caller caller, NodeName node, Name name, Object request) {
        delegate.callNamed(caller, node, name, request);
        monitor.tally().callOut();
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
    public void spawnRequest(NodeName node, SpawnRequest request) {
        delegate.spawnRequest(node, request);
        monitor.tally().spawnOut();
    }

    @Override
    public void spawnReply(NodeName node, Ref ref, Pid requester, Pid child, SporeException error) {
        delegate.spawnReply(node, ref, requester, child, error);
    }

    @Override
    public void connect(NodeName node) {
        delegate.connect(node);
    }

    @Override
    public int helpReceive() {
        return delegate.helpReceive();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
