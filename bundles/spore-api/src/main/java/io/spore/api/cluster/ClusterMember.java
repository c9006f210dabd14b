package io.spore.api.cluster;

import io.spore.api.Name;
import io.spore.api.NodeName;

import java.util.Objects;
import java.util.Set;

/**
 * A node that is a member of the registry: it joined and its session is alive. Membership says nothing of this
 * node's connection to it.
 *
 * @param node       the node's name
 * @param creation   its incarnation; a restarted node joins with a new one
 * @param spawnNames the spawn names it offers to other nodes (each may still refuse a given node: its access list
 *                   decides)
 */
public record ClusterMember(NodeName node, int creation, Set<Name> spawnNames) {
    /** @throws NullPointerException when an argument is null */
    public ClusterMember {
        Objects.requireNonNull(node, "node");
        spawnNames = Set.copyOf(spawnNames);
    }

    /**
     * @param name a spawn name
     * @return whether this member offers it
     */
    public boolean offers(Name name) {
        return spawnNames.contains(name);
    }
}
