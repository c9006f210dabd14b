package io.spore.jmx;

import javax.management.openmbean.TabularData;

/**
 * {@code io.spore:type=Cluster,name=<node>}: the node's view of the cluster registry it joined
 * ({@code spore node --registry}), read from its replica with no network round trip. An Open MBean
 * ({@link OpenBean}). A node without a registry shows empty tables and {@code RegistryAvailable} false.
 */
public interface ClusterMBean {
    /** @return whether the node has a registry to route global names and groups through */
    boolean isRegistryAvailable();

    /**
     * @return one row per member of the registry, this node among them, indexed by {@code node}: {@code node},
     *         {@code creation}, {@code connected} (a connection to it is up now; true for this node),
     *         {@code spawnNames} (the spawn names it offers, joined by commas)
     */
    TabularData getMembers();

    /** @return one row per global name, indexed by {@code name}: {@code name}, {@code pid} (on any node) */
    TabularData getGlobalNames();

    /**
     * @return one row per group that has members, indexed by {@code group}: {@code group}, {@code members} (on every
     *         node), {@code localMembers} (on this node)
     */
    TabularData getGroups();

    /**
     * @param group a group's name
     * @return its members' pids, on every node, sorted; empty when it has none
     * @throws IllegalArgumentException when the name is not a group name
     */
    String[] groupMembers(String group);
}
