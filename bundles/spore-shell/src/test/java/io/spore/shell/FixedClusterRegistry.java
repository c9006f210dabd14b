package io.spore.shell;

import io.spore.api.Pid;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistry;
import io.spore.core.spi.ClusterRegistryListener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A registry whose view is fixed, for the cluster commands' test; writes are not used. */
final class FixedClusterRegistry implements ClusterRegistry {
    private final List<ClusterMember> members;
    private final Map<GlobalName, Pid> names;
    private final Map<GroupName, Set<Pid>> groups;

    FixedClusterRegistry(List<ClusterMember> members, Map<GlobalName, Pid> names, Map<GroupName, Set<Pid>> groups) {
        this.members = members;
        this.names = names;
        this.groups = groups;
    }

    @Override
    public CompletableFuture<Void> registerGlobal(GlobalName name, Pid pid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> unregisterGlobal(GlobalName name, Pid pid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> joinGroup(GroupName group, Pid pid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> leaveGroup(GroupName group, Pid pid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void processEnded(Pid pid) {
    }

    @Override
    public Pid whereis(GlobalName name) {
        return names.get(name);
    }

    @Override
    public Set<GlobalName> globalNames() {
        return names.keySet();
    }

    @Override
    public Set<Pid> groupMembers(GroupName group) {
        return groups.getOrDefault(group, Set.of());
    }

    @Override
    public Set<GroupName> groups() {
        return groups.keySet();
    }

    @Override
    public List<ClusterMember> members() {
        return members;
    }

    @Override
    public void addListener(ClusterRegistryListener listener) {
    }

    @Override
    public void removeListener(ClusterRegistryListener listener) {
    }
}
