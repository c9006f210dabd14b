package io.spore.registry;

import io.spore.api.NodeName;

/**
 * Told of membership changes as the local replica applies them; called on the client's own thread, so it must not
 * block. Both methods do nothing by default.
 */
public interface RegistryListener {
    /**
     * A node joined the registry (or announced new endpoints or spawn names).
     *
     * @param node the node
     */
    default void onNodeJoined(RegistryNode node) {
    }

    /**
     * A node left the registry: its session closed or timed out; its names and group memberships are gone.
     *
     * @param node     the node's name
     * @param creation the node's creation
     */
    default void onNodeLeft(NodeName node, int creation) {
    }
}
