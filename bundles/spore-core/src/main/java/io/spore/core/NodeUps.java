package io.spore.core;

import io.spore.api.NodeName;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which other nodes are up, and how often each has come up: lets a sender that waits for a confirmation tell, when
 * the wait fails, whether what it sent may have left this node. A frame leaves only through a connection whose
 * handshake has completed, and the transport reports that ({@code nodeUp}) before it sends anything through it; so
 * if the node was not up when the frame was handed to the transport and has not come up since, the frame never
 * left.
 *
 * <p>Threading: any thread; the transport's receiving thread writes.
 */
final class NodeUps {
    /** What a sender noted about a node before it handed a frame to the transport. */
    record Mark(NodeName node, boolean wasUp, long ups) {
    }

    private final ConcurrentHashMap<NodeName, Long> ups = new ConcurrentHashMap<>();
    private final Set<NodeName> upNow = ConcurrentHashMap.newKeySet();

    /** {@code node}'s connection came up. */
    void up(NodeName node) {
        ups.merge(node, 1L, Long::sum);
        upNow.add(node);
    }

    /** {@code node}'s connection went down (or an attempt failed). */
    void down(NodeName node) {
        upNow.remove(node);
    }

    /** @return what to compare with later; take it before the frame is handed to the transport */
    Mark mark(NodeName node) {
        boolean wasUp = upNow.contains(node);
        return new Mark(node, wasUp, ups.getOrDefault(node, 0L));
    }

    /** @return whether a frame handed over after {@code mark} may have left: its node was up then, or came up since */
    boolean mayHaveLeft(Mark mark) {
        return mark.wasUp() || ups.getOrDefault(mark.node(), 0L) != mark.ups();
    }
}
