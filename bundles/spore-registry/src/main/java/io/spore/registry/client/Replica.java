package io.spore.registry.client;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's copy of the registry's view, written by the client's thread from the registry's events and read by any
 * thread without a lock (a lookup is a map read). Events apply only in version order: a gap, or a whole view that
 * arrives short, makes it ask for the whole view again ({@link #syncWanted()}), and events are ignored until that
 * view arrives. A whole view is staged and then swapped in entry by entry, so readers never see it half empty.
 */
final class Replica {
    private final ConcurrentHashMap<NodeName, RegistryNode> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Pid> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Pid>> groups = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstView = new CompletableFuture<>();
    private final RegistryListener listener;
    private volatile long version = -1;
    private boolean syncWanted;
    private Staging staging;
    private long stagingSinceNs;

    private static final class Staging {
        final long version;
        final Map<NodeName, RegistryNode> nodes = new HashMap<>();
        final Map<String, Pid> names = new HashMap<>();
        final Map<String, Set<Pid>> groups = new HashMap<>();
        int records;

        Staging(long version) {
            this.version = version;
        }
    }

    Replica(RegistryListener listener) {
        this.listener = listener;
    }

    // Reading, from any thread.

    Pid whereis(String name) {
        return names.get(name);
    }

    Set<Pid> members(String group) {
        Set<Pid> members = groups.get(group);
        return members == null ? Set.of() : Set.copyOf(members);
    }

    Map<NodeName, RegistryNode> nodes() {
        return Map.copyOf(nodes);
    }

    Set<String> names() {
        return Set.copyOf(names.keySet());
    }

    Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    long version() {
        return version;
    }

    CompletableFuture<Long> firstView() {
        return firstView;
    }

    // Writing, on the client's thread.

    boolean syncWanted() {
        return syncWanted;
    }

    /** A leader change may have lost events: ask for the whole view. */
    void requestSync() {
        syncWanted = true;
    }

    void onViewBegin(long viewVersion, long nowNs) {
        staging = new Staging(viewVersion);
        stagingSinceNs = nowNs;
    }

    /**
     * Gives up on a view whose end did not come (dropped on the way): asks for the whole view again.
     *
     * @param nowNs     the time now
     * @param timeoutNs how long a view may take
     */
    void abandonStaleView(long nowNs, long timeoutNs) {
        if (staging != null && nowNs - stagingSinceNs > timeoutNs) {
            staging = null;
            syncWanted = true;
        }
    }

    void onViewEnd(long viewVersion, int records) {
        Staging view = staging;
        staging = null;
        if (view == null || view.version != viewVersion || view.records != records) {
            syncWanted = true;
            return;
        }
        Map<NodeName, RegistryNode> nodesBefore = Map.copyOf(nodes);
        Map<String, Set<Pid>> groupsBefore = new HashMap<>(groups);
        nodes.keySet().retainAll(view.nodes.keySet());
        nodes.putAll(view.nodes);
        names.keySet().retainAll(view.names.keySet());
        names.putAll(view.names);
        groups.keySet().retainAll(view.groups.keySet());
        view.groups.forEach((group, members) -> {
            Set<Pid> set = ConcurrentHashMap.newKeySet();
            set.addAll(members);
            groups.put(group, set);
        });
        version = viewVersion;
        syncWanted = false;
        tellDifferences(nodesBefore, groupsBefore, view);
        firstView.complete(viewVersion);
    }

    /** What a whole view changed, told as the events it stands for: members that left first, then nodes. */
    private void tellDifferences(Map<NodeName, RegistryNode> nodesBefore, Map<String, Set<Pid>> groupsBefore,
        Staging view) {
        groupsBefore.forEach((group, before) -> {
            Set<Pid> after = view.groups.getOrDefault(group, Set.of());
            before.stream().filter(pid -> !after.contains(pid)).forEach(pid -> listener.onGroupLeft(group, pid));
        });
        nodesBefore.forEach((name, before) -> {
            RegistryNode after = view.nodes.get(name);
            if (after == null || after.creation() != before.creation()) {
                listener.onNodeLeft(name, before.creation());
            }
        });
        view.nodes.forEach((name, after) -> {
            if (!after.equals(nodesBefore.get(name))) {
                listener.onNodeJoined(after);
            }
        });
        view.groups.forEach((group, after) -> {
            Set<Pid> before = groupsBefore.getOrDefault(group, Set.of());
            after.stream().filter(pid -> !before.contains(pid)).forEach(pid -> listener.onGroupJoined(group, pid));
        });
    }

    void onNodeJoined(long eventVersion, RegistryNode node) {
        if (staging != null) {
            staging.nodes.put(node.node(), node);
            staging.records++;
        } else if (accept(eventVersion)) {
            nodes.put(node.node(), node);
            listener.onNodeJoined(node);
        }
    }

    void onNodeLeft(long eventVersion, NodeName node, int creation) {
        if (accept(eventVersion)) {
            nodes.remove(node);
            listener.onNodeLeft(node, creation);
        }
    }

    void onProcessEvent(long eventVersion, ProcessOp op, String key, Pid pid) {
        if (staging != null) {
            if (op == ProcessOp.REGISTER_NAME) {
                staging.names.put(key, pid);
            } else if (op == ProcessOp.JOIN_GROUP) {
                staging.groups.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(pid);
            }
            staging.records++;
            return;
        }
        if (!accept(eventVersion)) {
            return;
        }
        switch (op) {
            case REGISTER_NAME -> names.put(key, pid);
            case UNREGISTER_NAME -> names.remove(key, pid);
            case JOIN_GROUP -> {
                if (groups.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(pid)) {
                    listener.onGroupJoined(key, pid);
                }
            }
            case LEAVE_GROUP -> {
                boolean[] left = new boolean[1];
                groups.computeIfPresent(key, (k, members) -> {
                    left[0] = members.remove(pid);
                    return members.isEmpty() ? null : members;
                });
                if (left[0]) {
                    listener.onGroupLeft(key, pid);
                }
            }
            default -> {
                // PROCESS_ENDED is a command only; the reader rejects it in an event.
            }
        }
    }

    private boolean accept(long eventVersion) {
        if (version < 0 || syncWanted || eventVersion <= version) {
            return false;
        }
        if (eventVersion != version + 1) {
            syncWanted = true;
            return false;
        }
        version = eventVersion;
        return true;
    }
}
