package io.spore.core.spi;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;

/**
 * Told of what changes in a {@link ClusterRegistry}'s replica; every method does nothing by default. Called on the
 * registry provider's thread, one change at a time: do not block.
 */
public interface ClusterRegistryListener {
    /**
     * A node joined the registry, or a member announced new spawn names.
     *
     * @param member the member
     */
    default void nodeJoined(ClusterMember member) {
    }

    /**
     * A node left the registry; its names and group memberships are gone, and {@link #groupLeft} is called for
     * each membership that went with it.
     *
     * @param node     the node
     * @param creation the incarnation that left
     */
    default void nodeLeft(NodeName node, int creation) {
    }

    /**
     * @param group the group
     * @param pid   the process that joined it
     */
    default void groupJoined(GroupName group, Pid pid) {
    }

    /**
     * A process left a group: it left, ended, or its node left the registry.
     *
     * @param group the group
     * @param pid   the process that left it
     */
    default void groupLeft(GroupName group, Pid pid) {
    }

    /**
     * A process of this node lost a global name while the node was cut off from the registry.
     *
     * @param name   the name
     * @param pid    this node's process that held it
     * @param holder the process that holds it now
     */
    default void globalNameLost(GlobalName name, Pid pid, Pid holder) {
    }
}
