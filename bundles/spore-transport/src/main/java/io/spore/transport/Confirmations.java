package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Confirms that another node has taken everything this node sent it: one round trip that follows the frames in
 * order. A Ping goes on each stream behind what was sent there (on the data stream through the same publication, so
 * behind every message and signal; on the control stream behind every call and reply); the peer reads each stream in
 * order and answers each Ping with a Pong only once it has read, and handed to its node, everything before it. Both
 * Pongs back mean both streams were read that far. Meanwhile this node's media driver keeps running, so datagrams
 * lost on the way are sent again: this is what makes a short-lived client's send reliable, where leaving right after
 * its goodbye left (and stopping its embedded driver) lost whatever the network dropped.
 *
 * <p>The Pings travel through the connection as any frame does: offered at once when it is up, queued behind the
 * frames waiting for it while it is being made. So a confirmation also covers a connection still in the making.
 *
 * <p>Outcomes: confirmed; {@code NODE_DOWN} when nothing could have left (no connection may be made now, or the one
 * that held the frames never came up, so they were dropped with it); {@code NOT_CONFIRMED} when frames may have left
 * but the peer went down or did not answer in time: delivery unknown.
 *
 * <p>Threading: {@link #confirm} and {@link #confirmAll} on any thread but the receiving one (they wait);
 * {@link #onPong} on the receiving thread.
 */
final class Confirmations {
    private static final System.Logger LOG = System.getLogger(Confirmations.class.getName());
    /** How long a waiting thread parks between looks. */
    private static final long LOOK_EVERY_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** How a Ping is sent: the transport's send path, which follows connections being made and their queues. */
    interface Route {
        void route(NodeName node, int stream, FrameWriter writer, int length, SendKind kind);
    }

    /** One confirmation in flight: a Ping on each stream to one node. */
    static final class Pending {
        final NodeName node;
        final long dataId;
        final long controlId;
        /** The connection the Pings went into; {@code null} when none could be used. */
        Association via;
        private volatile boolean dataAnswered;
        private volatile boolean controlAnswered;
        /** Why it failed, once it has; set by the waiting thread. */
        SporeException failure;

        Pending(NodeName node, long dataId, long controlId) {
            this.node = node;
            this.dataId = dataId;
            this.controlId = controlId;
        }

        boolean answered() {
            return dataAnswered && controlAnswered;
        }
    }

    private final NodeName self;
    private final Route route;
    private final Supplier<FrameWriter> writers;
    /** Correlation ids start far from small numbers, so they cannot be mistaken for another tool's Pings. */
    private final AtomicLong ids = new AtomicLong(System.nanoTime() & Long.MAX_VALUE >>> 2);
    private final ConcurrentHashMap<Long, Pending> waiting = new ConcurrentHashMap<>();

    /**
     * @param route   how a Ping is sent to a node
     * @param writers the calling thread's frame writer
     */
    Confirmations(NodeName self, Route route, Supplier<FrameWriter> writers) {
        this.self = self;
        this.route = route;
        this.writers = writers;
    }

    /**
     * Waits until {@code node} has taken everything sent to it before the call.
     *
     * @param current the connection to it now, if any: what an earlier connection carried is reported by node-down
     * @throws SporeException {@code NODE_DOWN} when nothing could have left; {@code NOT_CONFIRMED} when something may
     *                        have but no answer came within {@code timeoutNs} or the node went down first
     */
    void confirm(NodeName node, Association current, long timeoutNs) {
        long deadlineNs = System.nanoTime() + timeoutNs;
        Pending pending = start(node, current);
        try {
            if (!awaitAll(List.of(pending), deadlineNs, timeoutNs)) {
                throw pending.failure;
            }
        } finally {
            forget(pending);
        }
    }

    /**
     * On close: confirms, all at once, every connection senders gave frames since its last confirmation, waiting up
     * to {@code timeoutNs}; each one that does not confirm is named in a warning.
     *
     * @return the nodes that did not confirm
     */
    List<NodeName> confirmAll(Collection<Association> connections, long timeoutNs) {
        long deadlineNs = System.nanoTime() + timeoutNs;
        List<Pending> all = new ArrayList<>();
        for (Association peer : connections) {
            if (peer.carried && !peer.isDown()) {
                all.add(start(peer.name, peer));
            }
        }
        List<NodeName> unconfirmed = new ArrayList<>();
        try {
            awaitAll(all, deadlineNs, timeoutNs);
        } finally {
            for (Pending pending : all) {
                forget(pending);
                if (pending.failure != null) {
                    unconfirmed.add(pending.node);
                    LOG.log(System.Logger.Level.WARNING, () -> self + " closes without knowing that " + pending.node
                        + " has what it sent: " + pending.failure.getMessage());
                }
            }
        }
        return unconfirmed;
    }

    /**
     * Receiving thread: {@code peer} answered a Ping. A Pong nobody waits for (spore ping's, a late one) is ignored.
     */
    void onPong(Association peer, long correlationId) {
        Pending pending = waiting.get(correlationId);
        if (pending == null || !pending.node.equals(peer.name)) {
            return;
        }
        if (correlationId == pending.dataId) {
            pending.dataAnswered = true;
        } else {
            pending.controlAnswered = true;
        }
    }

    /** Sends the two Pings; a failure to send is kept in the result, to be reported by the wait. */
    private Pending start(NodeName node, Association current) {
        Pending pending = new Pending(node, ids.incrementAndGet(), ids.incrementAndGet());
        waiting.put(pending.dataId, pending);
        waiting.put(pending.controlId, pending);
        if (current != null && !current.isDown()) {
            // Cleared before the Pings go: a frame given to it from now on is not covered by them, and sets it again.
            current.carried = false;
        }
        FrameWriter writer = writers.get();
        try {
            long nowNs = System.nanoTime();
            route.route(node, PeerPublications.DATA, writer, writer.ping(pending.dataId, nowNs), SendKind.FLUSH);
            pending.via = writer.lastPeer;
            route.route(node, PeerPublications.CONTROL, writer, writer.ping(pending.controlId, nowNs),
                SendKind.FLUSH);
        } catch (SporeException refused) {
            if (pending.via == null) {
                pending.via = current; // the data Ping was refused: the connection before it is what tells
            }
            pending.failure = failure(pending, refused.getMessage());
        }
        return pending;
    }

    /**
     * Waits until every confirmation is answered, has failed, or the deadline passes; sets each one's failure.
     *
     * @return whether all were answered
     */
    private boolean awaitAll(List<Pending> all, long deadlineNs, long timeoutNs) {
        while (true) {
            boolean open = false;
            boolean late = System.nanoTime() - deadlineNs >= 0;
            for (Pending pending : all) {
                if (pending.failure != null || pending.answered()) {
                    continue;
                }
                Association last = last(pending.via);
                if (last != null && last.isDown()) {
                    pending.failure = failure(pending, "the connection to " + pending.node + " went down");
                } else if (late) {
                    String within = " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms";
                    pending.failure = failure(pending, last != null && !last.isUp()
                        && last.state() != Association.State.FLUSHING ? "no connection to " + pending.node
                        + " was made" + within : pending.node + " did not acknowledge it" + within);
                } else {
                    open = true;
                }
            }
            if (!open) {
                break;
            }
            LockSupport.parkNanos(LOOK_EVERY_NS);
        }
        // A failure is not retried by a later close: the caller was told (or, on close, a warning names it).
        for (Pending pending : all) {
            if (pending.failure != null) {
                return false;
            }
        }
        return true;
    }

    /** @return the connection that took {@code via}'s place (and queue) before it came up, or {@code via} itself */
    private static Association last(Association via) {
        Association last = via;
        while (last != null && last.isDown() && last.successor != null) {
            last = last.successor;
        }
        return last;
    }

    /**
     * @return {@code NOT_CONFIRMED} when a connection on the way to {@code node} came up (frames may have left) or
     *         one is still being made (what waits in its queue may yet leave); else {@code NODE_DOWN}: nothing left
     */
    private SporeException failure(Pending pending, String why) {
        for (Association at = pending.via; at != null; at = at.isDown() ? at.successor : null) {
            Association.State state = at.state(); // volatile: announcedUp, the agent's, was written before it
            if (state == Association.State.UP || state == Association.State.FLUSHING
                || state == Association.State.DOWN && at.announcedUp) {
                return new SporeException(SporeException.Reason.NOT_CONFIRMED, why + ", so what " + self + " sent"
                    + " it is not confirmed: it may or may not have arrived (send again only if a duplicate does no"
                    + " harm)");
            }
            if (state != Association.State.DOWN) {
                return new SporeException(SporeException.Reason.NOT_CONFIRMED, why + ", so what " + self + " sent"
                    + " it is not confirmed: it had not left when the wait ended (a node that goes on running may"
                    + " still send it; one that stops now drops it)");
            }
        }
        return new SporeException(SporeException.Reason.NODE_DOWN, why + ", so what " + self + " sent it was not"
            + " delivered: no connection to it came up (is it running, with the same cookie?)");
    }

    private void forget(Pending pending) {
        waiting.remove(pending.dataId);
        waiting.remove(pending.controlId);
    }
}
