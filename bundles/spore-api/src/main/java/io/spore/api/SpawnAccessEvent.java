package io.spore.api;

import java.util.Set;

/**
 * A change of a spawn name's access state, or a refused remote spawn; handed to {@link SpawnAccessListener}s.
 *
 * @param kind      what happened
 * @param name      the spawn name
 * @param nodes     the nodes given to the change (empty for none); for {@link Kind#DENIED} empty
 * @param after     the name's state after the change
 * @param requester the node whose request was refused, for {@link Kind#DENIED} only; {@code null} otherwise
 */
public record SpawnAccessEvent(Kind kind, Name name, Set<NodeName> nodes, SpawnAccess after, NodeName requester) {
    /** What happened. */
    public enum Kind {
        /** The name became open to all, or was first registered open. */
        ENABLED,
        /** Nodes were added to the name's list (it is listed now). */
        NODES_ADDED,
        /** Nodes were removed from the name's list, which still has some. */
        NODES_REMOVED,
        /** The last nodes were removed: the name is open to every node again. */
        OPENED_TO_ALL,
        /** The name was withdrawn from remote spawn. */
        DISABLED,
        /** A remote spawn of the name was refused by its access state. */
        DENIED
    }

    /**
     * Copies {@code nodes} into an unmodifiable set.
     *
     * @param kind      what happened
     * @param name      the spawn name
     * @param nodes     the nodes given to the change, not {@code null}
     * @param after     the name's state after the change
     * @param requester the node whose request was refused, or {@code null}
     */
    public SpawnAccessEvent {
        nodes = Set.copyOf(nodes);
    }
}
