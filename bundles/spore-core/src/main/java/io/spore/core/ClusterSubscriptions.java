package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GlobalNameLost;
import io.spore.api.cluster.GroupJoined;
import io.spore.api.cluster.GroupLeft;
import io.spore.api.cluster.GroupName;
import io.spore.api.cluster.NodeJoined;
import io.spore.api.cluster.NodeLeft;
import io.spore.core.spi.ClusterRegistry;
import io.spore.core.spi.ClusterRegistryListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes of this node that subscribed to the registry's membership or to groups, told of each change as
 * messages from the node's identity. A process's subscriptions end with it.
 *
 * <p>Subscribing and the registry's changes take this object's lock, so a subscriber's first messages (the state
 * when it subscribed) are all in its mailbox before any change is. A change the replica applied just before the
 * subscriber's snapshot and told just after it is told twice; the API says so.
 */
final class ClusterSubscriptions implements ClusterRegistryListener {
    private final LocalRouter router;
    private final Pid identity;
    private final Set<Pid> membership = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<GroupName, Set<Pid>> subscribersOf = new ConcurrentHashMap<>();
    /** The other way round, so a process that ends is taken out of its groups without a scan of all of them. */
    private final ConcurrentHashMap<Pid, Set<GroupName>> groupsOf = new ConcurrentHashMap<>();

    ClusterSubscriptions(LocalRouter router, Pid identity) {
        this.router = router;
        this.identity = identity;
    }

    synchronized void subscribeMembership(Pid subscriber, ClusterRegistry registry) {
        if (membership.add(subscriber)) {
            for (ClusterMember member : registry.members()) {
                router.deliverLocal(identity, subscriber, new NodeJoined(member));
            }
        }
    }

    void unsubscribeMembership(Pid subscriber) {
        membership.remove(subscriber);
    }

    synchronized void subscribeGroup(GroupName group, Pid subscriber, ClusterRegistry registry) {
        groupsOf.computeIfAbsent(subscriber, pid -> ConcurrentHashMap.newKeySet()).add(group);
        if (subscribersOf.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(subscriber)) {
            for (Pid member : registry.groupMembers(group)) {
                router.deliverLocal(identity, subscriber, new GroupJoined(group, member));
            }
        }
    }

    synchronized void unsubscribeGroup(GroupName group, Pid subscriber) {
        Set<GroupName> groups = groupsOf.get(subscriber);
        if (groups != null) {
            groups.remove(group);
        }
        forget(group, subscriber);
    }

    /** A process of this node ended: what it subscribed to ends. Two map lookups when it subscribed to nothing. */
    void processEnded(Pid pid) {
        membership.remove(pid);
        Set<GroupName> groups = groupsOf.remove(pid);
        if (groups != null) {
            synchronized (this) {
                for (GroupName group : groups) {
                    forget(group, pid);
                }
            }
        }
    }

    private void forget(GroupName group, Pid subscriber) {
        subscribersOf.computeIfPresent(group, (g, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    @Override
    public synchronized void nodeJoined(ClusterMember member) {
        tellAll(membership, new NodeJoined(member));
    }

    @Override
    public synchronized void nodeLeft(NodeName node, int creation) {
        tellAll(membership, new NodeLeft(node, creation));
    }

    @Override
    public synchronized void groupJoined(GroupName group, Pid pid) {
        Set<Pid> subscribers = subscribersOf.get(group);
        if (subscribers != null) {
            tellAll(subscribers, new GroupJoined(group, pid));
        }
    }

    @Override
    public synchronized void groupLeft(GroupName group, Pid pid) {
        Set<Pid> subscribers = subscribersOf.get(group);
        if (subscribers != null) {
            tellAll(subscribers, new GroupLeft(group, pid));
        }
    }

    @Override
    public void globalNameLost(GlobalName name, Pid pid, Pid holder) {
        router.deliverLocal(identity, pid, new GlobalNameLost(name, holder));
    }

    private void tellAll(Set<Pid> subscribers, Object message) {
        for (Pid subscriber : subscribers) {
            router.deliverLocal(identity, subscriber, message);
        }
    }
}
