package io.spore.registry.client;

import io.spore.api.Pid;
import io.spore.registry.sbe.ProcessOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this node holds in the registry, as its acknowledged commands left it: the names and group memberships it
 * registers again when it joins through a new session (after its old session closed or timed out, or the whole
 * registry restarted). Client's thread only.
 */
final class OwnEntries {
    /** A name or membership to register again. */
    record Entry(ProcessOp op, String key, Pid pid) {
    }

    private final Map<String, Pid> names = new LinkedHashMap<>();
    private final Map<String, Set<Pid>> groups = new LinkedHashMap<>();

    /** Records the effect of an acknowledged command. */
    void onOk(ProcessOp op, String key, Pid pid) {
        switch (op) {
            case REGISTER_NAME -> names.put(key, pid);
            case UNREGISTER_NAME -> names.remove(key, pid);
            case JOIN_GROUP -> groups.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(pid);
            case LEAVE_GROUP -> forget(key, pid);
            case PROCESS_ENDED -> {
                names.values().removeIf(pid::equals);
                for (String group : new ArrayList<>(groups.keySet())) {
                    forget(group, pid);
                }
            }
            default -> {
                // Nothing else changes what the node holds.
            }
        }
    }

    /** A name registered again was taken by another node meanwhile: the node no longer holds it. */
    void onLost(String name, Pid pid) {
        names.remove(name, pid);
    }

    private void forget(String group, Pid pid) {
        Set<Pid> members = groups.get(group);
        if (members != null && members.remove(pid) && members.isEmpty()) {
            groups.remove(group);
        }
    }

    /** @return every name and membership, names first */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        names.forEach((name, pid) -> entries.add(new Entry(ProcessOp.REGISTER_NAME, name, pid)));
        groups.forEach((group, pids) -> pids.forEach(pid -> entries.add(new Entry(ProcessOp.JOIN_GROUP, group, pid))));
        return entries;
    }
}
