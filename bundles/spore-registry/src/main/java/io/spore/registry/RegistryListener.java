package io.spore.registry;

import io.spore.api.NodeName;
import io.spore.api.Pid;

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

    /**
     * This node lost a global name: its session ended, and when it joined again through a new one another node had
     * taken the name meanwhile.
     *
     * @param name   the name
     * @param pid    this node's process that held it
     * @param holder the process that holds it now
     */
    default void onNameLost(String name, Pid pid, Pid holder) {
    }

    /**
     * This node's session ended (closed or timed out); the client joins again through a new one and registers its
     * names and memberships again.
     */
    default void onSessionLost() {
    }

    /** This node joined again through a new session after losing one. */
    default void onRejoined() {
    }
}
