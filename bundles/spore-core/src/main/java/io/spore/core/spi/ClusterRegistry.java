package io.spore.core.spi;

import io.spore.api.Pid;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A node's membership of a cluster registry, as the node sees it: published as an OSGi service by the bundle that
 * connects the node to the registry (the {@code spore-registry} bundle when the node runs with {@code --registry}).
 * The node tracks it and routes the {@link io.spore.api.cluster} methods of {@link io.spore.api.Node},
 * {@link io.spore.api.ProcessContext} and {@link io.spore.api.Network} through it; with none published those
 * methods fail with {@code REGISTRY_UNAVAILABLE}.
 *
 * <p>Writes complete their future on the provider's thread, with {@code null} on success, or exceptionally with a
 * {@link io.spore.api.SporeException}: {@code NAME_TAKEN} (the message names the holder), {@code REGISTRY_UNAVAILABLE}
 * (no answer in time, or the node is cut off from a majority of the registry: the message says which; the write may
 * or may not have happened, and every write may be repeated), {@code INVALID_ARGUMENT} (the process is not of this
 * node, or the registry's limits refuse it). Reads answer from the provider's replica of the registry's view without
 * blocking, and cost no network round trip.
 *
 * <p>Threading: every method is safe from any thread; none blocks.
 */
public interface ClusterRegistry {
    /**
     * Registers a global name for one of this node's processes; linearizable: of several registrations of one name
     * across the cluster exactly one succeeds.
     *
     * @param name the name
     * @param pid  a process of this node
     * @return completes when the registry has decided
     */
    CompletableFuture<Void> registerGlobal(GlobalName name, Pid pid);

    /**
     * Releases a global name a process of this node holds.
     *
     * @param name the name
     * @param pid  its holder
     * @return completes when the registry has applied it; exceptionally with {@code INVALID_ARGUMENT} when
     *         {@code pid} does not hold it
     */
    CompletableFuture<Void> unregisterGlobal(GlobalName name, Pid pid);

    /**
     * @param group a group
     * @param pid   a process of this node
     * @return completes when the registry has applied it (also when it was a member already)
     */
    CompletableFuture<Void> joinGroup(GroupName group, Pid pid);

    /**
     * @param group a group
     * @param pid   a process of this node
     * @return completes when the registry has applied it (also when it was not a member)
     */
    CompletableFuture<Void> leaveGroup(GroupName group, Pid pid);

    /**
     * Tells the registry that a process of this node ended, so its names and group memberships go. The node calls
     * it for every process that ends: it must cost no more than a map lookup when the process holds nothing.
     *
     * @param pid the process
     */
    void processEnded(Pid pid);

    /**
     * @param name a global name
     * @return its holder in the replica, or {@code null}
     */
    Pid whereis(GlobalName name);

    /** @return the global names in the replica */
    Set<GlobalName> globalNames();

    /**
     * @param group a group
     * @return its members in the replica, on every node
     */
    Set<Pid> groupMembers(GroupName group);

    /** @return the groups that have members, in the replica */
    Set<GroupName> groups();

    /** @return the registry's members in the replica, this node among them */
    List<ClusterMember> members();

    /**
     * Tells {@code listener} of changes as the replica applies them, from now on.
     *
     * @param listener called on the provider's thread, one change at a time; it must not block
     */
    void addListener(ClusterRegistryListener listener);

    /**
     * @param listener a listener added before; unknown ones are ignored
     */
    void removeListener(ClusterRegistryListener listener);
}
