package io.spore.registry.service;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;
import io.spore.registry.sbe.Status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry's replicated state machine: joined nodes, global names and process groups. Pure: no Aeron, no
 * clock, no randomness; every member applies the same commands in the same order and so holds the same state and
 * numbers the same events. Single-threaded (the clustered service's thread).
 *
 * <p>Rules (Erlang's {@code global} and {@code pg}, on the cluster's order): a node joins through a session and
 * leaves when the session closes or times out, or when the same node name joins through another session; a global
 * name has one holder, and registering a held name fails with {@code NAME_TAKEN} naming the holder; names and group
 * memberships belong to a process of the node that registered them and go when the process ends or the node
 * leaves. Every operation may be repeated with the same effect, so a client may resend after a leader change.
 */
public final class RegistryState {
    private final RegistryOutbox outbox;
    private final int maxEntriesPerNode;
    private final Map<NodeName, NodeEntry> nodes = new LinkedHashMap<>();
    private final Map<Long, NodeEntry> nodesBySession = new LinkedHashMap<>();
    private final Map<String, Pid> names = new LinkedHashMap<>();
    private final Map<String, Set<Pid>> groups = new LinkedHashMap<>();
    private long version;
    private long membershipChanges;

    /**
     * Creates an empty state.
     *
     * @param outbox            where responses and events go
     * @param maxEntriesPerNode most names and group memberships one node may hold
     */
    public RegistryState(RegistryOutbox outbox, int maxEntriesPerNode) {
        this.outbox = outbox;
        this.maxEntriesPerNode = maxEntriesPerNode;
    }

    /**
     * A session joins as a node: answers, tells every session, then sends the joining session the whole view.
     *
     * @param sessionId     the session
     * @param correlationId the command's id
     * @param node          the node
     */
    public void join(long sessionId, long correlationId, RegistryNode node) {
        NodeEntry current = nodesBySession.get(sessionId);
        if (current != null && current.node.equals(node)) {
            outbox.respond(sessionId, correlationId, Status.OK, null, "");
            sendView(sessionId);
            return;
        }
        if (current != null && current.node.node().equals(node.node()) && current.node.creation() == node.creation()) {
            // The same incarnation announces new endpoints or spawn names: its names and groups stay.
            NodeEntry updated = new NodeEntry(node, sessionId);
            updated.namesByPid.putAll(current.namesByPid);
            updated.groupsByPid.putAll(current.groupsByPid);
            updated.entries = current.entries;
            nodes.put(node.node(), updated);
            nodesBySession.put(sessionId, updated);
            membershipChanges++;
        } else {
            if (current != null) {
                removeNode(current);
            }
            NodeEntry other = nodes.get(node.node());
            if (other != null) {
                // The node came back (a restart, or a new session after a network cut): the newest session wins.
                removeNode(other);
                outbox.respond(other.sessionId, 0, Status.REPLACED, null, node.node() + " joined again through"
                    + " another session (creation " + node.creation() + ")");
                outbox.closeSession(other.sessionId);
            }
            NodeEntry entry = new NodeEntry(node, sessionId);
            nodes.put(node.node(), entry);
            nodesBySession.put(sessionId, entry);
            membershipChanges++;
        }
        outbox.respond(sessionId, correlationId, Status.OK, null, "");
        outbox.nodeJoined(RegistryOutbox.ALL_SESSIONS, ++version, node);
        sendView(sessionId);
    }

    /**
     * A command about one of the session's node's processes.
     *
     * @param sessionId     the session
     * @param correlationId the command's id
     * @param op            what to do
     * @param key           the name or group (empty for {@link ProcessOp#PROCESS_ENDED})
     * @param pid           the process
     */
    public void process(long sessionId, long correlationId, ProcessOp op, String key, Pid pid) {
        NodeEntry entry = nodesBySession.get(sessionId);
        if (entry == null) {
            outbox.respond(sessionId, correlationId, Status.NOT_JOINED, null, "join the registry as a node first");
            return;
        }
        if (!entry.owns(pid)) {
            outbox.respond(sessionId, correlationId, Status.FOREIGN_PROCESS, null,
                pid + " is not a process of " + entry.node.node() + " (creation " + entry.node.creation() + ")");
            return;
        }
        if (op != ProcessOp.PROCESS_ENDED && key.isEmpty()) {
            outbox.respond(sessionId, correlationId, Status.INVALID, null, "an empty name or group");
            return;
        }
        Status status = switch (op) {
            case REGISTER_NAME -> register(entry, key, pid);
            case UNREGISTER_NAME -> unregister(entry, key, pid);
            case JOIN_GROUP -> joinGroup(entry, key, pid);
            case LEAVE_GROUP -> {
                leaveGroup(entry, key, pid);
                yield Status.OK;
            }
            case PROCESS_ENDED -> {
                removeProcess(entry, pid);
                yield Status.OK;
            }
            default -> Status.INVALID;
        };
        Pid holder = status == Status.NAME_TAKEN || status == Status.NOT_HOLDER ? names.get(key) : null;
        String detail = switch (status) {
            case LIMIT -> entry.node.node() + " holds " + entry.entries + " names and memberships, the most allowed";
            case INVALID -> "unknown operation";
            default -> "";
        };
        outbox.respond(sessionId, correlationId, status, holder, detail);
    }

    /**
     * Sends the session the whole view.
     *
     * @param sessionId     the session
     * @param correlationId the command's id
     */
    public void sync(long sessionId, long correlationId) {
        outbox.respond(sessionId, correlationId, Status.OK, null, "");
        sendView(sessionId);
    }

    /**
     * Answers a message that could not be read.
     *
     * @param sessionId     the session
     * @param correlationId the command's id, or 0 when it could not be read
     * @param detail        what was wrong
     */
    public void invalid(long sessionId, long correlationId, String detail) {
        outbox.respond(sessionId, correlationId, Status.INVALID, null, detail);
    }

    /**
     * A session closed (by its client, by a timeout, or by the cluster): its node leaves.
     *
     * @param sessionId the session
     */
    public void sessionClosed(long sessionId) {
        NodeEntry entry = nodesBySession.get(sessionId);
        if (entry != null) {
            removeNode(entry);
        }
    }

    private Status register(NodeEntry entry, String name, Pid pid) {
        Pid holder = names.get(name);
        if (holder != null) {
            return holder.equals(pid) ? Status.OK : Status.NAME_TAKEN;
        }
        if (entry.entries >= maxEntriesPerNode) {
            return Status.LIMIT;
        }
        names.put(name, pid);
        entry.add(entry.namesByPid, pid, name);
        outbox.processEvent(RegistryOutbox.ALL_SESSIONS, ++version, ProcessOp.REGISTER_NAME, name, pid);
        return Status.OK;
    }

    private Status unregister(NodeEntry entry, String name, Pid pid) {
        Pid holder = names.get(name);
        if (holder == null) {
            return Status.OK;
        }
        if (!holder.equals(pid)) {
            return Status.NOT_HOLDER;
        }
        dropName(entry, name, pid);
        return Status.OK;
    }

    private Status joinGroup(NodeEntry entry, String group, Pid pid) {
        Set<Pid> members = groups.get(group);
        if (members != null && members.contains(pid)) {
            return Status.OK;
        }
        if (entry.entries >= maxEntriesPerNode) {
            return Status.LIMIT;
        }
        groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(pid);
        entry.add(entry.groupsByPid, pid, group);
        outbox.processEvent(RegistryOutbox.ALL_SESSIONS, ++version, ProcessOp.JOIN_GROUP, group, pid);
        return Status.OK;
    }

    private void leaveGroup(NodeEntry entry, String group, Pid pid) {
        Set<Pid> members = groups.get(group);
        if (members == null || !members.remove(pid)) {
            return;
        }
        if (members.isEmpty()) {
            groups.remove(group);
        }
        entry.remove(entry.groupsByPid, pid, group);
        outbox.processEvent(RegistryOutbox.ALL_SESSIONS, ++version, ProcessOp.LEAVE_GROUP, group, pid);
    }

    private void dropName(NodeEntry entry, String name, Pid pid) {
        names.remove(name);
        entry.remove(entry.namesByPid, pid, name);
        outbox.processEvent(RegistryOutbox.ALL_SESSIONS, ++version, ProcessOp.UNREGISTER_NAME, name, pid);
    }

    private void removeProcess(NodeEntry entry, Pid pid) {
        for (String name : copy(entry.namesByPid.get(pid))) {
            dropName(entry, name, pid);
        }
        for (String group : copy(entry.groupsByPid.get(pid))) {
            leaveGroup(entry, group, pid);
        }
    }

    private void removeNode(NodeEntry entry) {
        for (Pid pid : new ArrayList<>(entry.namesByPid.keySet())) {
            removeProcess(entry, pid);
        }
        for (Pid pid : new ArrayList<>(entry.groupsByPid.keySet())) {
            removeProcess(entry, pid);
        }
        nodes.remove(entry.node.node());
        nodesBySession.remove(entry.sessionId);
        membershipChanges++;
        outbox.nodeLeft(RegistryOutbox.ALL_SESSIONS, ++version, entry.node.node(), entry.node.creation());
    }

    private static List<String> copy(Set<String> keys) {
        return keys == null ? List.of() : new ArrayList<>(keys);
    }

    private void sendView(long sessionId) {
        outbox.viewBegin(sessionId, version);
        int records = 0;
        for (NodeEntry entry : nodes.values()) {
            outbox.nodeJoined(sessionId, version, entry.node);
            records++;
        }
        for (Map.Entry<String, Pid> name : names.entrySet()) {
            outbox.processEvent(sessionId, version, ProcessOp.REGISTER_NAME, name.getKey(), name.getValue());
            records++;
        }
        for (Map.Entry<String, Set<Pid>> group : groups.entrySet()) {
            for (Pid pid : group.getValue()) {
                outbox.processEvent(sessionId, version, ProcessOp.JOIN_GROUP, group.getKey(), pid);
                records++;
            }
        }
        outbox.viewEnd(sessionId, version, records);
    }

    // Reading, for snapshots and tests.

    /** @return the number of changes applied so far */
    public long version() {
        return version;
    }

    /** @return how many times a node joined, left or changed; a change means {@link #nodeNames()} differs */
    public long membershipChanges() {
        return membershipChanges;
    }

    /** @return the joined nodes' names, a copy */
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>(nodes.size());
        for (NodeName node : nodes.keySet()) {
            names.add(node.toString());
        }
        return names;
    }

    /** @return how many nodes are joined */
    public int nodeCount() {
        return nodes.size();
    }

    /** @return how many global names are held */
    public int nameCount() {
        return names.size();
    }

    /** @return how many groups have members */
    public int groupCount() {
        return groups.size();
    }

    /** @return the joined nodes with their sessions, in join order */
    public Map<Long, RegistryNode> nodesBySession() {
        Map<Long, RegistryNode> result = new LinkedHashMap<>();
        nodesBySession.forEach((session, entry) -> result.put(session, entry.node));
        return Collections.unmodifiableMap(result);
    }

    /** @return the global names and their holders, in registration order */
    public Map<String, Pid> names() {
        return Collections.unmodifiableMap(names);
    }

    /** @return the groups and their members, in join order */
    public Map<String, Set<Pid>> groups() {
        return Collections.unmodifiableMap(groups);
    }

    // Restoring, from a snapshot: no responses, no events.

    /**
     * Restores the version.
     *
     * @param restoredVersion the version the snapshot was taken at
     */
    public void restoreVersion(long restoredVersion) {
        version = restoredVersion;
    }

    /**
     * Restores a node and its session.
     *
     * @param sessionId the session
     * @param node      the node
     */
    public void restoreNode(long sessionId, RegistryNode node) {
        NodeEntry entry = new NodeEntry(node, sessionId);
        nodes.put(node.node(), entry);
        nodesBySession.put(sessionId, entry);
        membershipChanges++;
    }

    /**
     * Restores a held name or a group membership.
     *
     * @param op  {@link ProcessOp#REGISTER_NAME} or {@link ProcessOp#JOIN_GROUP}
     * @param key the name or group
     * @param pid the process
     * @throws InvalidMessageException when the pid's node is not restored, or the operation is another
     */
    public void restoreEntry(ProcessOp op, String key, Pid pid) {
        NodeEntry entry = nodes.get(pid.node());
        if (entry == null || !entry.owns(pid)) {
            throw new InvalidMessageException("snapshot entry " + key + " of " + pid + " has no node");
        }
        if (op == ProcessOp.REGISTER_NAME) {
            names.put(key, pid);
            entry.add(entry.namesByPid, pid, key);
        } else if (op == ProcessOp.JOIN_GROUP) {
            groups.computeIfAbsent(key, g -> new LinkedHashSet<>()).add(pid);
            entry.add(entry.groupsByPid, pid, key);
        } else {
            throw new InvalidMessageException("snapshot entry with operation " + op);
        }
    }
}
