package io.spore.registry.service;

import io.spore.api.Pid;
import io.spore.registry.RegistryNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A joined node inside the state machine: its record, the session that keeps it alive, and an index of what its
 * processes hold, so that a process's or the node's end removes exactly those entries. Insertion-ordered maps keep
 * the order of removal events the same on every member.
 */
final class NodeEntry {
    final RegistryNode node;
    final long sessionId;
    final Map<Pid, Set<String>> namesByPid = new LinkedHashMap<>();
    final Map<Pid, Set<String>> groupsByPid = new LinkedHashMap<>();
    int entries;

    NodeEntry(RegistryNode node, long sessionId) {
        this.node = node;
        this.sessionId = sessionId;
    }

    void add(Map<Pid, Set<String>> index, Pid pid, String key) {
        if (index.computeIfAbsent(pid, p -> new LinkedHashSet<>()).add(key)) {
            entries++;
        }
    }

    void remove(Map<Pid, Set<String>> index, Pid pid, String key) {
        Set<String> keys = index.get(pid);
        if (keys != null && keys.remove(key)) {
            entries--;
            if (keys.isEmpty()) {
                index.remove(pid);
            }
        }
    }

    boolean owns(Pid pid) {
        return pid.node().equals(node.node()) && pid.creation() == node.creation();
    }
}
