package io.spore.core;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistry;

import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The node's side of the cluster registry: the {@link io.spore.api.cluster} methods of {@link Node} and
 * {@link io.spore.api.Network}, routed through the {@link ClusterRegistry} a registry bundle attached, or failing
 * with {@code REGISTRY_UNAVAILABLE} when none is. It checks what only the node can (the process is this node's,
 * and alive) before anything reaches the registry, and tells the registry of every process that ends.
 */
final class ClusterView {
    private static final System.Logger LOG = System.getLogger(ClusterView.class.getName());
    /**
     * A safety bound on a write's wait: the registry provider answers every write within its own response timeout
     * (10 s by default), with {@code REGISTRY_UNAVAILABLE} when no answer came.
     */
    private static final long WRITE_WAIT_MS = 60_000;

    private final NodeServices services;
    private final ProcessTable table;
    private final Node node;
    private final ClusterSubscriptions subscriptions;
    private final SpawnPlacement placement = new SpawnPlacement();
    private volatile ClusterRegistry registry;

    ClusterView(NodeServices services, ProcessTable table, LocalRouter router, Node node) {
        this.services = services;
        this.table = table;
        this.node = node;
        this.subscriptions = new ClusterSubscriptions(router, services.identity);
    }

    synchronized void attach(ClusterRegistry attached) {
        Objects.requireNonNull(attached, "registry");
        if (registry != null) {
            throw new IllegalStateException("node " + services.name + " is attached to a registry already ("
                + registry + "); detach it first");
        }
        attached.addListener(subscriptions);
        registry = attached;
        LOG.log(Level.INFO, "node {0} routes global names and groups through {1}", services.name, attached);
    }

    synchronized void detach(ClusterRegistry attached) {
        if (registry == attached) {
            registry = null;
            attached.removeListener(subscriptions);
            LOG.log(Level.INFO, "node {0} has no cluster registry any more", services.name);
        }
    }

    boolean attached() {
        return registry != null;
    }

    // ---- writes: checked here, decided by the registry ----

    void registerGlobal(GlobalName name, Pid pid) {
        Objects.requireNonNull(name, "name");
        ClusterRegistry current = registry();
        requireOwnLive(pid, "register it as global name '" + name + "'");
        await(current.registerGlobal(name, pid), () -> "registering global name '" + name + "' for " + pid);
        if (!table.isAlive(pid)) {
            // It ended while the registration travelled, and its end found nothing to remove: remove it now.
            current.processEnded(pid);
        }
    }

    boolean unregisterGlobal(GlobalName name) {
        ClusterRegistry current = registry();
        Pid holder = current.whereis(Objects.requireNonNull(name, "name"));
        if (holder == null) {
            return false;
        }
        if (!isOwn(holder)) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the global name '" + name + "' is held"
                + " by " + holder + " of node " + holder.node() + ": only that node can release it");
        }
        await(current.unregisterGlobal(name, holder), () -> "releasing global name '" + name + "'");
        return true;
    }

    void joinGroup(GroupName group, Pid pid) {
        Objects.requireNonNull(group, "group");
        ClusterRegistry current = registry();
        requireOwnLive(pid, "add it to group '" + group + "'");
        await(current.joinGroup(group, pid), () -> "adding " + pid + " to group '" + group + "'");
        if (!table.isAlive(pid)) {
            current.processEnded(pid);
        }
    }

    void leaveGroup(GroupName group, Pid pid) {
        Objects.requireNonNull(group, "group");
        ClusterRegistry current = registry();
        requireOwn(pid, "take it out of group '" + group + "'");
        await(current.leaveGroup(group, pid), () -> "taking " + pid + " out of group '" + group + "'");
    }

    // ---- reads: the provider's replica, no round trip ----

    Optional<Pid> whereisGlobal(GlobalName name) {
        return Optional.ofNullable(registry().whereis(Objects.requireNonNull(name, "name")));
    }

    /** @throws SporeException {@code NO_PROCESS} when nobody holds the name */
    Pid holder(GlobalName name) {
        Pid holder = registry().whereis(Objects.requireNonNull(name, "name"));
        if (holder == null) {
            throw new SporeException(SporeException.Reason.NO_PROCESS, "no process holds the global name '" + name
                + "' (in node " + services.name + "'s view of the registry)");
        }
        return holder;
    }

    Set<GlobalName> globalNames() {
        return registry().globalNames();
    }

    Set<Pid> groupMembers(GroupName group) {
        return registry().groupMembers(Objects.requireNonNull(group, "group"));
    }

    Set<Pid> localGroupMembers(GroupName group) {
        Set<Pid> local = new HashSet<>();
        for (Pid member : groupMembers(group)) {
            if (isOwn(member)) {
                local.add(member);
            }
        }
        return Set.copyOf(local);
    }

    Set<GroupName> groups() {
        return registry().groups();
    }

    List<ClusterMember> members() {
        return registry().members();
    }

    // ---- subscriptions and placement ----

    void subscribeMembership(Pid subscriber) {
        ClusterRegistry current = registry();
        requireOwnLive(subscriber, "subscribe it to the registry's membership");
        subscriptions.subscribeMembership(subscriber, current);
    }

    void unsubscribeMembership(Pid subscriber) {
        subscriptions.unsubscribeMembership(subscriber);
    }

    void subscribeGroup(GroupName group, Pid subscriber) {
        Objects.requireNonNull(group, "group");
        ClusterRegistry current = registry();
        requireOwnLive(subscriber, "subscribe it to group '" + group + "'");
        subscriptions.subscribeGroup(group, subscriber, current);
    }

    void unsubscribeGroup(GroupName group, Pid subscriber) {
        subscriptions.unsubscribeGroup(group, subscriber);
    }

    Pid spawnAnywhere(Name factory, ProcessOptions options, Object... args) {
        return placement.spawn(members(), node, Objects.requireNonNull(factory, "factory"), options, args);
    }

    /**
     * A process of this node ended: its names and memberships leave the registry, its subscriptions end. On every
     * process's end, so it costs a volatile read and two map lookups when the process had nothing to do with the
     * registry (the provider's own check is as cheap).
     */
    void processEnded(Pid pid) {
        ClusterRegistry current = registry;
        if (current != null) {
            current.processEnded(pid);
        }
        subscriptions.processEnded(pid);
    }

    private ClusterRegistry registry() {
        ClusterRegistry current = registry;
        if (current == null) {
            throw new SporeException(SporeException.Reason.REGISTRY_UNAVAILABLE, "node " + services.name
                + " has no cluster registry: start it with --registry host:port,... (the registry's members)");
        }
        return current;
    }

    private boolean isOwn(Pid pid) {
        return pid.node().equals(services.name) && pid.creation() == services.creation;
    }

    private void requireOwn(Pid pid, String purpose) {
        Objects.requireNonNull(pid, "pid");
        if (!isOwn(pid)) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, pid + " is not a process of node "
                + services.name + " (creation " + services.creation + "), so this node cannot " + purpose);
        }
    }

    private void requireOwnLive(Pid pid, String purpose) {
        requireOwn(pid, purpose);
        if (!table.isAlive(pid)) {
            throw new SporeException(SporeException.Reason.NO_PROCESS, "process " + pid + " is not alive, so node "
                + services.name + " cannot " + purpose);
        }
    }

    private void await(CompletableFuture<Void> write, Supplier<String> what) {
        Blocking.await(services.clock, write, WRITE_WAIT_MS, what, Blocking.NO_HELP);
    }
}
