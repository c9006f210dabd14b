package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.SporeNode;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node as its transport sees it, with a receiver that can stall: while {@link #stall()} holds, the first message
 * delivered blocks the transport's receive agent until {@link #release()}, so nothing more is read from the network.
 * It can also break: a message equal to the one given to {@link #explodeOn(Object)} makes delivery throw an
 * {@code Error}, as a bug deep in the receive path would.
 */
final class StallingRuntime implements NodeRuntime {
    private final SporeNode node;
    private volatile CountDownLatch gate;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private volatile Object explodeOn;
    private volatile boolean explodeOnNodeDown;

    StallingRuntime(SporeNode node) {
        this.node = node;
    }

    void stall() {
        gate = new CountDownLatch(1);
    }

    /** @return whether the receive agent is blocked now */
    boolean awaitStalled(long timeoutMs) throws InterruptedException {
        return stalled.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** From now on, delivering {@code message} throws a {@code StackOverflowError}. */
    void explodeOn(Object message) {
        explodeOn = message;
    }

    /**
     * From now on, telling the node that a peer went down throws an {@code Error}: from the agent's own duty cycle
     * (a peer timing out), outside any frame's handling, which ends the receiving thread.
     */
    void explodeOnNodeDown() {
        explodeOnNodeDown = true;
    }

    void release() {
        CountDownLatch open = gate;
        gate = null;
        if (open != null) {
            open.countDown();
        }
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public Inbound attach(RemoteRouter router) {
        Inbound real = node.attach(router);
        return new Inbound() {
            @Override
            public boolean send(Pid from, Pid to, Object message) {
                if (message != null && message.equals(explodeOn)) {
                    throw new StackOverflowError("a bug deep in the receive path, on " + message);
                }
                CountDownLatch closed = gate;
                if (closed != null) {
                    stalled.countDown();
                    try {
                        closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                real.send(from, to, message);
                return true; // as before: this wrapper never pauses a peer's data
            }

            @Override
            public Pid sendNamed(Pid from, Name name, Object message) {
                real.sendNamed(from, name, message);
                return null;
            }

            @Override
            public boolean sendImportant(Pid from, Pid to, Object message) {
                return real.sendImportant(from, to, message);
            }

            @Override
            public void deliveryAck(Ref ackRef, SporeException error) {
                real.deliveryAck(ackRef, error);
            }

            @Override
            public void beginBatch() {
                real.beginBatch();
            }

            @Override
            public void endBatch() {
                real.endBatch();
            }

            @Override
            public void call(Caller caller, Pid to, Object request) {
                real.call(caller, to, request);
            }

            @Override
            public void callNamed(Caller caller, Name name, Object request) {
                real.callNamed(caller, name, request);
            }

            @Override
            public void reply(Caller caller, Object value, SporeException error) {
                real.reply(caller, value, error);
            }

            @Override
            public void link(Pid from, Pid to) {
                real.link(from, to);
            }

            @Override
            public void unlink(Pid from, Pid to) {
                real.unlink(from, to);
            }

            @Override
            public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
                real.exit(from, to, reason, viaLink);
            }

            @Override
            public void monitor(Ref ref, Pid watcher, Pid target) {
                real.monitor(ref, watcher, target);
            }

            @Override
            public void demonitor(Ref ref, Pid watcher, Pid target) {
                real.demonitor(ref, watcher, target);
            }

            @Override
            public void down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
                real.down(ref, watcher, target, reason);
            }

            @Override
            public void nodeUp(NodeName remote, int creation, boolean remoteSpawnEnabled) {
                real.nodeUp(remote, creation, remoteSpawnEnabled);
            }

            @Override
            public void spawnRequest(NodeName from, io.spore.core.spi.SpawnRequest request) {
                real.spawnRequest(from, request);
            }

            @Override
            public void spawnReply(Ref ref, Pid child, SporeException error) {
                real.spawnReply(ref, child, error);
            }

            @Override
            public void nodeDown(NodeName remote) {
                if (explodeOnNodeDown) {
                    throw new OutOfMemoryError("a fatal error while " + remote + " goes down");
                }
                real.nodeDown(remote);
            }
        };
    }

    @Override
    public void detach(RemoteRouter router) {
        node.detach(router);
    }
}
