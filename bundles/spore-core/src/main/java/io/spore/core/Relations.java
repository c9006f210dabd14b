package io.spore.core;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The relations of one process that other processes change: its links, the monitors others hold on it (its
 * watchers), the remote nodes it has relations with, and its registered name. When it dies they all fire.
 *
 * <p>Threading: guarded by the owning {@link ProcessContextCell}'s lock, so a link or monitor made by another
 * process either lands before the death (and is told of it) or sees the process dead. Collections are made on first
 * use, so a process with few relations stays small.
 */
final class Relations {
    /**
     * The process's registered name, if it has one. Kept here rather than in the process itself, whose every field
     * costs each of a million idle processes: a name is rare, and it is guarded by the same lock.
     */
    Name registeredName;
    private Set<Pid> links;
    private Map<Ref, Pid> watchers;
    private Set<NodeName> remoteNodes;

    /** @return the links and watchers held */
    int size() {
        return (links == null ? 0 : links.size()) + (watchers == null ? 0 : watchers.size());
    }

    /** @return whether {@code other} was not linked yet: links are sets, as in Erlang */
    boolean addLink(Pid other) {
        if (links == null) {
            links = new HashSet<>(4);
        }
        return links.add(other);
    }

    /** @return whether {@code other} was linked */
    boolean removeLink(Pid other) {
        return links != null && links.remove(other);
    }

    void addWatcher(Ref ref, Pid watcher) {
        if (watchers == null) {
            watchers = new HashMap<>(4);
        }
        watchers.put(ref, watcher);
    }

    void removeWatcher(Ref ref) {
        if (watchers != null) {
            watchers.remove(ref);
        }
    }

    /** @return whether {@code remote} is new among the nodes this process has relations with */
    boolean addRemoteNode(NodeName remote) {
        if (remoteNodes == null) {
            remoteNodes = new HashSet<>(2);
        }
        return remoteNodes.add(remote);
    }

    /** {@code gone} went down: its watchers go silently. @return the links to it, which are gone too */
    List<Pid> dropNode(NodeName gone) {
        List<Pid> lostLinks = new ArrayList<>();
        if (remoteNodes != null) {
            remoteNodes.remove(gone);
        }
        if (links != null) {
            for (Iterator<Pid> it = links.iterator(); it.hasNext(); ) {
                Pid linked = it.next();
                if (linked.node().equals(gone)) {
                    it.remove();
                    lostLinks.add(linked);
                }
            }
        }
        if (watchers != null) {
            watchers.values().removeIf(watcher -> watcher.node().equals(gone));
        }
        return lostLinks;
    }

    /**
     * The process {@code self} died with {@code reason}: linked processes get an exit signal, watchers a down, and
     * the node no longer counts it among those with relations to remote nodes. Called outside the lock, on
     * relations the dead process no longer holds, so nothing else changes them any more.
     */
    void fire(ProcessContextCell self, ExitReason reason, LocalRouter router, RemoteRelations remote) {
        if (remoteNodes != null) {
            remoteNodes.forEach(node -> remote.forget(node, self));
        }
        if (links != null) {
            Exit exit = new Exit(self.self(), reason);
            for (Pid other : links) {
                router.signalLinkExit(other, exit);
            }
        }
        if (watchers != null) {
            watchers.forEach((ref, watcher) -> router.signalDown(watcher, new Down(ref, self.self(), reason)));
        }
    }
}
