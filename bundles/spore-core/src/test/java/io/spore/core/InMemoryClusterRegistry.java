package io.spore.core;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistry;
import io.spore.core.spi.ClusterRegistryListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry held in this JVM, for the core's unit tests of what the node does around the registry (the checks,
 * the blocking, the subscriptions). The real registry and its node-side provider are proven by the registry bundle's
 * and the distribution's tests, with real processes.
 */
final class InMemoryClusterRegistry implements ClusterRegistry {
    private final Map<GlobalName, Pid> names = new HashMap<>();
    private final Map<GroupName, Set<Pid>> groups = new HashMap<>();
    private final List<ClusterMember> members = new ArrayList<>();
    private final CopyOnWriteArrayList<ClusterRegistryListener> listeners = new CopyOnWriteArrayList<>();
    final List<Pid> ended = new CopyOnWriteArrayList<>();

    synchronized void memberJoined(NodeName node, Name... spawnNames) {
        ClusterMember member = new ClusterMember(node, 1, Set.of(spawnNames));
        members.add(member);
        listeners.forEach(listener -> listener.nodeJoined(member));
    }

    @Override
    public synchronized CompletableFuture<Void> registerGlobal(GlobalName name, Pid pid) {
        Pid holder = names.putIfAbsent(name, pid);
        if (holder != null && !holder.equals(pid)) {
            return CompletableFuture.failedFuture(new SporeException(SporeException.Reason.NAME_TAKEN,
                "global name '" + name + "' is held by " + holder));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> unregisterGlobal(GlobalName name, Pid pid) {
        names.remove(name, pid);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> joinGroup(GroupName group, Pid pid) {
        if (groups.computeIfAbsent(group, g -> new HashSet<>()).add(pid)) {
            listeners.forEach(listener -> listener.groupJoined(group, pid));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> leaveGroup(GroupName group, Pid pid) {
        Set<Pid> members = groups.get(group);
        if (members != null && members.remove(pid)) {
            listeners.forEach(listener -> listener.groupLeft(group, pid));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void processEnded(Pid pid) {
        ended.add(pid);
        names.values().removeIf(pid::equals);
        groups.forEach((group, members) -> {
            if (members.remove(pid)) {
                listeners.forEach(listener -> listener.groupLeft(group, pid));
            }
        });
    }

    @Override
    public synchronized Pid whereis(GlobalName name) {
        return names.get(name);
    }

    @Override
    public synchronized Set<GlobalName> globalNames() {
        return Set.copyOf(names.keySet());
    }

    @Override
    public synchronized Set<Pid> groupMembers(GroupName group) {
        return Set.copyOf(groups.getOrDefault(group, Set.of()));
    }

    @Override
    public synchronized Set<GroupName> groups() {
        Set<GroupName> live = new HashSet<>();
        groups.forEach((group, members) -> {
            if (!members.isEmpty()) {
                live.add(group);
            }
        });
        return live;
    }

    @Override
    public synchronized List<ClusterMember> members() {
        return List.copyOf(members);
    }

    @Override
    public void addListener(ClusterRegistryListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ClusterRegistryListener listener) {
        listeners.remove(listener);
    }
}
