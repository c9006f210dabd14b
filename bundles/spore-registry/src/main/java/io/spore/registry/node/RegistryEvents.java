package io.spore.registry.node;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistryListener;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.transport.discovery.MembershipEvent;
import io.spore.transport.discovery.MembershipListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Passes the registry client's events on: to the core's {@link ClusterRegistryListener}s (in the API's types) and to
 * the discovery watchers (as {@link MembershipEvent}s of the {@code registry} provider). One listener that throws
 * is logged and does not keep the others, or the client's thread, from their work.
 *
 * <p>Threading: events arrive on the client's thread, one at a time; listeners are added and removed from any.
 */
final class RegistryEvents implements RegistryListener {
    private static final System.Logger LOG = System.getLogger(RegistryEvents.class.getName());

    private final List<ClusterRegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final List<MembershipListener> watchers = new CopyOnWriteArrayList<>();
    private final String registry;
    /** Run when a session is made: tell again what could not be told. */
    private final Runnable onSession;

    /**
     * @param registry  the registry's members, for log lines
     * @param onSession run on the client's thread when a session is made; must not block
     */
    RegistryEvents(String registry, Runnable onSession) {
        this.registry = registry;
        this.onSession = onSession;
    }

    void add(ClusterRegistryListener listener) {
        listeners.add(listener);
    }

    void remove(ClusterRegistryListener listener) {
        listeners.remove(listener);
    }

    void add(MembershipListener watcher) {
        watchers.add(watcher);
    }

    void remove(MembershipListener watcher) {
        watchers.remove(watcher);
    }

    @Override
    public void onNodeJoined(RegistryNode node) {
        tell(listener -> listener.nodeJoined(NodeClusterRegistry.member(node)));
        watch(new MembershipEvent(RegistryDiscovery.NAME, node.node(), true));
    }

    @Override
    public void onNodeLeft(NodeName node, int creation) {
        tell(listener -> listener.nodeLeft(node, creation));
        watch(new MembershipEvent(RegistryDiscovery.NAME, node, false));
    }

    @Override
    public void onGroupJoined(String group, Pid pid) {
        GroupName name = groupName(group);
        if (name != null) {
            tell(listener -> listener.groupJoined(name, pid));
        }
    }

    @Override
    public void onGroupLeft(String group, Pid pid) {
        GroupName name = groupName(group);
        if (name != null) {
            tell(listener -> listener.groupLeft(name, pid));
        }
    }

    @Override
    public void onNameLost(String name, Pid pid, Pid holder) {
        LOG.log(System.Logger.Level.WARNING, "global name ''{0}'' of {1} was taken by {2} while this node was cut off"
            + " from the registry", name, pid, holder);
        try {
            GlobalName global = GlobalName.of(name);
            tell(listener -> listener.globalNameLost(global, pid, holder));
        } catch (RuntimeException e) {
            // The registry checks names as the API does; one that is not a GlobalName cannot be told in its terms.
        }
    }

    @Override
    public void onSessionLost() {
        LOG.log(System.Logger.Level.WARNING, "this node's registry session ended; joining the registry at "
            + registry + " again (its names and groups are registered again)");
    }

    @Override
    public void onRejoined() {
        LOG.log(System.Logger.Level.INFO, "joined the registry at " + registry);
        onSession.run();
    }

    private static GroupName groupName(String group) {
        try {
            return GroupName.of(group);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void tell(Consumer<ClusterRegistryListener> event) {
        for (ClusterRegistryListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a cluster registry listener failed: " + e);
            }
        }
    }

    private void watch(MembershipEvent event) {
        for (MembershipListener watcher : watchers) {
            try {
                watcher.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a discovery watcher failed: " + e);
            }
        }
    }
}
