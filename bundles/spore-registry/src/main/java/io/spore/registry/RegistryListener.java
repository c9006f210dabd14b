package io.spore.registry;

import io.spore.api.NodeName;
import io.spore.api.Pid;

/**
 * Told of membership changes as the local replica applies them; called on the client's own thread, so it must not
 * block. Every method does nothing by default.
 *
 * <p>When the replica takes a whole view (the first one, or again after a gap or a new session) it tells the
 * differences from what it held before as changes: a node or group member that is new is told joined, one that is
 * gone is told left.
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
     * A process joined a group.
     *
     * @param group the group
     * @param pid   the process
     * @since 0.2.0
     */
    default void onGroupJoined(String group, Pid pid) {
    }

    /**
     * A process left a group: it left, ended, or its node left the registry (then before {@link #onNodeLeft}).
     *
     * @param group the group
     * @param pid   the process
     * @since 0.2.0
     */
    default void onGroupLeft(String group, Pid pid) {
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

    /**
     * This node joined through a new session: again after losing one, or for the first time when the client was
     * {@linkplain RegistryClient#start started} in the background.
     */
    default void onRejoined() {
    }
}
