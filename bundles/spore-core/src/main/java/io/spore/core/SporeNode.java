package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.NodeStats;
import io.spore.api.Pid;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessOptions;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.api.SupervisionEvent;
import io.spore.api.SupervisionListener;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.spi.ClusterRegistry;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A running node, as its users and its transport see it: the facade of {@link Node} and {@link NodeRuntime} over
 * the parts that do the work, which it wires once and which never call back into it.
 *
 * <p>The parts: {@link NodeServices} (pool, timer, refs, counters), {@link ProcessTable} (processes and names),
 * {@link LocalRouter} (deliver, route, accept, signal), {@link Spawner} (where processes come from),
 * {@link ExternalCalls} (calls from outside any process), {@link SporeNetwork} (peers, node up and down, remote
 * spawn with {@link OutgoingSpawns} and {@link IncomingSpawns}), and {@link NodeMonitor} for administration tools.
 *
 * <p>Start one with {@link #start(NodeContext)}; inside OSGi the core bundle's activator does, and publishes it as
 * the {@link Node} service. Every public method is thread-safe.
 */
public final class SporeNode implements Node, NodeRuntime, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SporeNode.class.getName());

    private final NodeServices services;
    private final ProcessTable table;
    private final FactoryRegistry factories;
    private final SpawnAccessTable access;
    private final LocalRouter router;
    private final ReplyTable<Object> callReplies;
    private final ExternalCalls calls;
    private final SporeNetwork network;
    private final Spawner spawner;
    private final NodeMonitor monitor;
    private final Inbound inbound;
    private final SupervisionListeners supervision = new SupervisionListeners();
    private final ClusterView cluster;

    private SporeNode(NodeContext context) {
        services = new NodeServices(context);
        table = new ProcessTable(services);
        factories = new FactoryRegistry(table::endProcessesOf,
            entry -> spawnAccess().offered(entry.name(), entry.accessProvider(), entry.spawnNodes()));
        access = new SpawnAccessTable(factories::lookup);
        RemoteRelations relations = new RemoteRelations();
        callReplies = new ReplyTable<>(services.timer, services.creation,
            call -> Failures.nodeWentDown(call.target));
        ReplyTable<Void> acks = new ReplyTable<>(services.timer, services.creation,
            sent -> ImportantSends.wentDown(services.ups, sent));
        ReplyTable<Pid> spawnReplies = new ReplyTable<>(services.timer, services.creation,
            spawn -> Failures.spawnNotAnswered(spawn.target, spawn.subject));
        router = new LocalRouter(services, table, callReplies, acks);
        services.timersFireTo(router::fire);
        calls = new ExternalCalls(services, router, callReplies);
        cluster = new ClusterView(services, table, router, this);
        network = new SporeNetwork(services, router, access, relations, spawnReplies, acks, callReplies, cluster);
        RelationRequests relating = new RelationRequests(router, relations);
        spawner = new Spawner(services, table, router, relations, relating, network, factories, this);
        monitor = new NodeMonitor(this, network, router);
        inbound = new NodeInbound(router, relating, table, services.counters, network,
            new IncomingSpawns(services, router, network, spawner, table));
    }

    /**
     * Starts a node.
     *
     * @throws SporeException {@code INVALID_ARGUMENT} when the context has a setting out of range
     */
    public static SporeNode start(NodeContext context) {
        SporeNode node = new SporeNode(context);
        LOG.log(Level.INFO, "node {0} started (creation {1}, {2} worker threads)", node.name(), node.creation(),
            context.workerThreads());
        return node;
    }

    /** @return what administration tools read: start time, traffic with other nodes, nodes up and down */
    public NodeMonitoring monitoring() {
        return monitor;
    }

    /** @return the factory registry: the OSGi whiteboard feeds it; embedding code may add to it directly */
    public FactoryRegistry factoryRegistry() {
        return factories;
    }

    /** Offers {@code factory} under {@code name} without OSGi. @return the entry, to withdraw it later */
    public FactoryEntry registerFactory(String name, ProcessFactory factory) {
        return factories.add(Name.of(name), Objects.requireNonNull(factory, "factory"));
    }

    /** @return the remote-spawn access lists, which {@link SpawnAccessStore} restores and keeps */
    SpawnAccessTable spawnAccess() {
        return access;
    }

    /**
     * Keeps this node's remote-spawn access lists in {@code dir} across restarts: presets them from the folder's file
     * and rewrites it at every change (see {@link SpawnAccessStore}). Call before any factory is offered.
     *
     * @param dir the node's state folder, created at the first change if missing
     * @return the store; {@link SpawnAccessStore#close()} stops keeping the file
     * @throws java.io.UncheckedIOException when the file exists but cannot be read
     * @throws SporeException               {@code INVALID_ARGUMENT} naming the line that is not a valid entry
     */
    public SpawnAccessStore keepSpawnAccess(Path dir) {
        return SpawnAccessStore.open(access, services.name, dir);
    }

    // ---- Node ----

    @Override
    public NodeName name() {
        return services.name;
    }

    @Override
    public int creation() {
        return services.creation;
    }

    @Override
    public Pid identity() {
        return services.identity;
    }

    @Override
    public Network network() {
        return network;
    }

    /**
     * Routes global names, groups and membership through {@code registry} from now on (the core bundle does this
     * for the {@link ClusterRegistry} service a registry bundle publishes).
     *
     * @param registry the node's membership of a cluster registry
     * @throws IllegalStateException when another is attached
     */
    public void attachRegistry(ClusterRegistry registry) {
        cluster.attach(registry);
    }

    /**
     * Stops routing through {@code registry}; the cluster methods fail {@code REGISTRY_UNAVAILABLE} again.
     *
     * @param registry the registry attached before; another is ignored
     */
    public void detachRegistry(ClusterRegistry registry) {
        cluster.detach(registry);
    }

    /** @return whether a cluster registry is attached */
    public boolean registryAttached() {
        return cluster.attached();
    }

    /** @return whether a transport is attached, so that other nodes can be reached */
    public boolean transportAttached() {
        return router.remote() != null;
    }

    @Override
    public void addSupervisionListener(SupervisionListener listener) {
        supervision.add(listener);
    }

    @Override
    public void removeSupervisionListener(SupervisionListener listener) {
        supervision.remove(listener);
    }

    @Override
    public void reportSupervision(SupervisionEvent event) {
        supervision.report(event);
    }

    @Override
    public Pid spawn(Name factory, ProcessOptions options, Object... args) {
        return spawner.spawnByName(null, null, factory, options, args);
    }

    @Override
    public Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args) {
        return spawner.spawnByName(null, Objects.requireNonNull(register, "register"), factory, options, args);
    }

    @Override
    public Pid spawn(ProcessFactory factory, ProcessOptions options, Object... args) {
        return spawner.spawn(null, factory, null, null, options, args);
    }

    @Override
    public void send(Pid to, Object message) {
        router.deliver(services.identity, to, message);
    }

    @Override
    public void send(Pid to, Object message, SendOptions options) {
        router.deliver(services.identity, to, message, options);
    }

    @Override
    public void send(Name name, Object message) {
        router.deliver(services.identity, router.resolve(name), message);
    }

    @Override
    public void send(Name name, NodeName node, Object message) {
        router.deliverNamed(services.identity, node, name, message);
    }

    @Override
    public Object call(Pid to, Object request, Duration timeout) {
        return calls.call(to, request, timeout);
    }

    @Override
    public Object call(Name to, Object request, Duration timeout) {
        return calls.call(router.resolve(to), request, timeout);
    }

    @Override
    public Object call(Name name, NodeName node, Object request, Duration timeout) {
        return calls.call(name, node, request, timeout);
    }

    @Override
    public CompletableFuture<Object> callAsync(Pid to, Object request, Duration timeout) {
        return calls.callAsync(to, request, timeout);
    }

    @Override
    public void register(Name name, Pid pid) {
        table.register(name, pid);
    }

    @Override
    public boolean unregister(Name name) {
        return table.unregister(name);
    }

    @Override
    public Optional<Pid> whereis(Name name) {
        return Optional.ofNullable(table.whereis(name));
    }

    @Override
    public Set<Name> registeredNames() {
        return table.names();
    }

    @Override
    public boolean kill(Pid pid) {
        return table.kill(pid);
    }

    @Override
    public void exit(Pid pid, ExitReason reason) {
        router.signalExit(services.identity, pid, reason);
    }

    @Override
    public boolean isAlive(Pid pid) {
        return table.isAlive(pid);
    }

    @Override
    public Set<Name> factories() {
        return factories.names();
    }

    @Override
    public List<ProcessInfo> processes() {
        return table.infos();
    }

    @Override
    public Optional<ProcessInfo> processInfo(Pid pid) {
        return table.info(pid);
    }

    /** Asks the transport: see {@link RemoteRouter#awaitDelivery}. */
    @Override
    public void awaitDelivery(NodeName node, Duration timeout) {
        Objects.requireNonNull(node, "node");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a delivery timeout must be positive,"
                + " was " + timeout);
        }
        if (node.equals(name())) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, node + " is this node: what it sends"
                + " itself is delivered when the send returns");
        }
        router.awaitDelivery(node, timeout);
    }

    @Override
    public Set<NodeName> connectedNodes() {
        return network.connectedNodes();
    }

    @Override
    public void registerGlobal(GlobalName name, Pid pid) {
        cluster.registerGlobal(name, pid);
    }

    @Override
    public boolean unregisterGlobal(GlobalName name) {
        return cluster.unregisterGlobal(name);
    }

    @Override
    public Optional<Pid> whereisGlobal(GlobalName name) {
        return cluster.whereisGlobal(name);
    }

    @Override
    public Set<GlobalName> globalNames() {
        return cluster.globalNames();
    }

    @Override
    public void send(GlobalName name, Object message) {
        router.deliver(services.identity, cluster.holder(name), message);
    }

    @Override
    public Object call(GlobalName name, Object request, Duration timeout) {
        return calls.call(cluster.holder(name), request, timeout);
    }

    @Override
    public void joinGroup(GroupName group, Pid pid) {
        cluster.joinGroup(group, pid);
    }

    @Override
    public void leaveGroup(GroupName group, Pid pid) {
        cluster.leaveGroup(group, pid);
    }

    @Override
    public Set<Pid> groupMembers(GroupName group) {
        return cluster.groupMembers(group);
    }

    @Override
    public Set<Pid> localGroupMembers(GroupName group) {
        return cluster.localGroupMembers(group);
    }

    @Override
    public Set<GroupName> groups() {
        return cluster.groups();
    }

    @Override
    public void subscribeGroup(GroupName group, Pid subscriber) {
        cluster.subscribeGroup(group, subscriber);
    }

    @Override
    public void unsubscribeGroup(GroupName group, Pid subscriber) {
        cluster.unsubscribeGroup(group, subscriber);
    }

    @Override
    public NodeStats stats() {
        NodeCounters counters = services.counters;
        return new NodeStats(table.size(), counters.spawned.sum(), counters.spawnFailures.sum(),
            counters.exited.sum(), counters.crashed.sum(), counters.messagesDelivered.sum(),
            counters.messagesDropped.sum(), counters.calls.sum(), counters.callTimeouts.sum(),
            counters.remoteSpawned.sum(), counters.remoteSpawnDenied.sum());
    }

    // ---- NodeRuntime ----

    @Override
    public Node node() {
        return this;
    }

    @Override
    public synchronized Inbound attach(RemoteRouter remote) {
        Objects.requireNonNull(remote, "router");
        RemoteRouter current = router.remote();
        if (current != null && current != remote) {
            throw new IllegalStateException("node " + name() + " already routes through " + current);
        }
        if (current == null) {
            router.attach(remote);
        }
        return inbound;
    }

    @Override
    public synchronized void detach(RemoteRouter remote) {
        RemoteRouter current = router.remote();
        if (current != null && current == remote) {
            monitor.detaching(remote);
            router.attach(null);
        }
    }

    /**
     * Stops the node: every process ends with {@link ExitReason#SHUTDOWN} (untrappable), calls still waiting fail
     * with {@code NODE_STOPPED}, and the threads stop. Waits at most the context's shutdown timeout for processes.
     */
    @Override
    public void close() {
        if (!router.isRunning()) {
            return;
        }
        router.stop();
        table.endAll();
        SporeException stopped = new SporeException(SporeException.Reason.NODE_STOPPED,
            "node " + name() + " stopped before the reply came");
        callReplies.failAll(call -> stopped);
        network.close();
        services.shutdown();
        LOG.log(Level.INFO, "node {0} stopped", name());
    }

    /** @return whether the node still runs */
    public boolean isRunning() {
        return router.isRunning();
    }

    @Override
    public String toString() {
        return "SporeNode[" + name() + ", creation " + creation() + "]";
    }

    /** @return the node's shared services (for tests in this package) */
    NodeServices services() {
        return services;
    }
}
