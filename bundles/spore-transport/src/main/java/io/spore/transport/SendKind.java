package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;

/**
 * How a frame is treated when its node cannot take it: whether the pending queue's bound and the back-pressure
 * timeout apply ({@link #bounded}), and what a sender learns when the node cannot be reached
 * ({@link #unreachable}). The policy itself is {@link Association}'s.
 */
enum SendKind {
    /** A message: refused past the bounds; dropped and counted when the node is unreachable, as in Erlang. */
    MESSAGE(true),
    /** An important message or its kin: refused past the bounds; fails with {@code NODE_DOWN} when unreachable. */
    IMPORTANT(true),
    /** A call or a spawn request: as an important message. */
    CALL(true),
    /** A reply or an acknowledgement: never refused for size or back-pressure; dropped when unreachable. */
    REPLY(false),
    /** Link, exit, monitor, down: never refused; when unreachable, the node sees its peer down. */
    SIGNAL(false),
    /** Unlink, demonitor: never refused; dropped when unreachable. */
    QUIET_SIGNAL(false),
    /** A spawn's answer: never refused for size, but its sender must learn it did not go (to undo the child). */
    SPAWN_REPLY(false),
    /**
     * A Ping that asks the peer to acknowledge everything sent before it on its stream ({@link Confirmations}):
     * never refused for size or back-pressure; fails with {@code NODE_DOWN} when unreachable.
     */
    FLUSH(false);

    /** Whether the pending queue's bound and the back-pressure timeout apply; else the detection timeout does. */
    final boolean bounded;

    SendKind(boolean bounded) {
        this.bounded = bounded;
    }

    /**
     * The frame's node cannot be reached: fails its sender with {@code NODE_DOWN}, or counts it dropped (and, for a
     * signal, tells the node its peer is down so the sender's relation fires with {@code noconnection}).
     */
    void unreachable(NodeName node, String why, TransportCounters counters, Inbound inbound) {
        switch (this) {
            case IMPORTANT, CALL, SPAWN_REPLY, FLUSH -> throw new SporeException(SporeException.Reason.NODE_DOWN, why);
            case SIGNAL -> {
                counters.droppedUnreachable.increment();
                if (inbound != null) {
                    inbound.nodeDown(node);
                }
            }
            default -> counters.droppedUnreachable.increment();
        }
    }
}
