package io.spore.registry.node;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistry;
import io.spore.core.spi.ClusterRegistryListener;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryNode;
import io.spore.registry.RegistryResult;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The core's {@link ClusterRegistry} over a node's {@link RegistryClient}: writes go to the client and come back as
 * the SPI's exceptions ({@link RegistryResults}); reads are the client's replica, converted to the API's types.
 * Until the node's transport has started (the client needs the node's endpoints to join) there is no client: writes
 * fail with {@code REGISTRY_UNAVAILABLE} and reads are empty.
 *
 * <p>{@link #processEnded} is called for every process that ends, so it costs one set lookup for a process that
 * never held a name or a membership through this node; a process that did is told to the registry, and told again
 * when the registry could not take it (after a new session, or on the next {@link #retryEnded} tick), or when a
 * write about it is answered after it ended (the client does not keep its requests in order).
 *
 * <p>Threading: every method is safe from any thread and none blocks.
 */
final class NodeClusterRegistry implements ClusterRegistry {
    private static final System.Logger LOG = System.getLogger(NodeClusterRegistry.class.getName());

    private final RegistryResults results;
    private final RegistryEvents events;
    private volatile RegistryClient client;
    /** This node's processes that were ever given a name or a group here and have not ended. */
    private final Set<Pid> holders = ConcurrentHashMap.newKeySet();
    /** Processes that ended while the registry could not be told. */
    private final Set<Pid> endedUntold = ConcurrentHashMap.newKeySet();

    NodeClusterRegistry(RegistryResults results, RegistryEvents events) {
        this.results = results;
        this.events = events;
    }

    /** @param client the node's client, once it has been started */
    void client(RegistryClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> registerGlobal(GlobalName name, Pid pid) {
        return write(pid, "global name '" + name + "'", c -> c.registerGlobal(name.value(), pid));
    }

    @Override
    public CompletableFuture<Void> unregisterGlobal(GlobalName name, Pid pid) {
        return write(pid, "global name '" + name + "'", c -> c.unregisterGlobal(name.value(), pid));
    }

    @Override
    public CompletableFuture<Void> joinGroup(GroupName group, Pid pid) {
        return write(pid, "group '" + group + "'", c -> c.joinGroup(group.value(), pid));
    }

    @Override
    public CompletableFuture<Void> leaveGroup(GroupName group, Pid pid) {
        return write(pid, "group '" + group + "'", c -> c.leaveGroup(group.value(), pid));
    }

    private CompletableFuture<Void> write(Pid pid, String what,
        Function<RegistryClient, CompletableFuture<RegistryResult>> operation) {
        RegistryClient current = client;
        if (current == null) {
            return CompletableFuture.failedFuture(RegistryResults.unavailable("this node has not joined the registry"
                + " yet: it joins once its transport has started"));
        }
        holders.add(pid);
        CompletableFuture<Void> written = results.map(operation.apply(current), what, pid);
        written.thenRun(() -> {
            if (!holders.contains(pid)) {
                // The process ended while this write was on its way, and the client may have offered the end
                // first: say it again, so the registry holds nothing for a process that is gone.
                tellEnded(pid);
            }
        });
        return written;
    }

    @Override
    public void processEnded(Pid pid) {
        if (holders.remove(pid)) {
            tellEnded(pid);
        }
    }

    private void tellEnded(Pid pid) {
        RegistryClient current = client;
        if (current == null) {
            return;
        }
        current.processEnded(pid).thenAccept(result -> {
            if (result.isOk()) {
                endedUntold.remove(pid);
            } else {
                endedUntold.add(pid);
            }
        });
    }

    /** Tells the registry again of the processes that ended while it could not be told. */
    void retryEnded() {
        for (Pid pid : endedUntold) {
            tellEnded(pid);
        }
        if (!endedUntold.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "telling the registry again of " + endedUntold.size()
                + " ended processes");
        }
    }

    @Override
    public Pid whereis(GlobalName name) {
        RegistryClient current = client;
        return current == null ? null : current.whereis(name.value());
    }

    @Override
    public Set<GlobalName> globalNames() {
        RegistryClient current = client;
        return current == null ? Set.of() : convert(current.globalNames(), GlobalName::of);
    }

    @Override
    public Set<Pid> groupMembers(GroupName group) {
        RegistryClient current = client;
        return current == null ? Set.of() : current.members(group.value());
    }

    @Override
    public Set<GroupName> groups() {
        RegistryClient current = client;
        return current == null ? Set.of() : convert(current.groups(), GroupName::of);
    }

    @Override
    public List<ClusterMember> members() {
        RegistryClient current = client;
        if (current == null) {
            return List.of();
        }
        return current.nodes().values().stream().map(NodeClusterRegistry::member)
            .sorted(Comparator.comparing(ClusterMember::node)).toList();
    }

    /**
     * @param node a node as the registry has it
     * @return the member, with the spawn names that are valid names (another node's bad one is left out)
     */
    static ClusterMember member(RegistryNode node) {
        Set<Name> spawnNames = new LinkedHashSet<>();
        for (String spawnName : node.spawnNames()) {
            if (Name.isValid(spawnName)) {
                spawnNames.add(Name.of(spawnName));
            }
        }
        return new ClusterMember(node.node(), node.creation(), spawnNames);
    }

    /** @return the nodes the replica has, for discovery */
    Map<NodeName, RegistryNode> nodes() {
        RegistryClient current = client;
        return current == null ? Map.of() : current.nodes();
    }

    private static <T> Set<T> convert(Set<String> texts, Function<String, T> of) {
        Set<T> converted = new LinkedHashSet<>();
        for (String text : texts) {
            try {
                converted.add(of.apply(text));
            } catch (RuntimeException e) {
                // The registry checks names as the API does; one it took anyway is left out of the API's view.
            }
        }
        return converted;
    }

    @Override
    public String toString() {
        return results.toString();
    }

    @Override
    public void addListener(ClusterRegistryListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(ClusterRegistryListener listener) {
        events.remove(listener);
    }
}
