package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.Node;
import io.spore.api.NodeDown;
import io.spore.api.NodeName;
import io.spore.api.NodeUp;
import io.spore.api.NodeStats;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running node: the process table, the worker pool, the name and factory registries, and the calls in flight.
 *
 * <p>Start one with {@link #start(NodeContext)}; inside OSGi the core bundle's activator does, and publishes it as
 * the {@link Node} service. Every public method is thread-safe.
 */
public final class SporeNode implements Node, NodeRuntime, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SporeNode.class.getName());


    private final NodeContext context;
    private final NodeName name;
    private final int creation;
    private final Pid identity;
    private final int throughput;
    private final ForkJoinPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private final ConcurrentHashMap<Pid, ProcessCell> table = new ConcurrentHashMap<>();
    private final NameRegistry names = new NameRegistry(table::get);
    private final FactoryRegistry factories = new FactoryRegistry(this::endProcessesOf,
        entry -> spawnAccess().offered(entry.name(), entry.accessProvider(), entry.spawnNodes()));
    private final SpawnAccessTable access = new SpawnAccessTable(name -> factories.lookup(name));
    private final SporeNetwork network;
    private final RemoteSpawns remoteSpawns;
    private final SpawnRequests spawnRequests;
    /** Calls made from outside any process, waiting for their reply. */
    private final ReplyTable<Object> externalCalls;
    private final ImportantSends importantSends;
    private final EnvelopePool envelopes = new EnvelopePool();
    /** Which local processes have links, monitors or calls with each remote node, to tell them when it goes. */
    private final ConcurrentHashMap<NodeName, Set<ProcessCell>> remoteRelations = new ConcurrentHashMap<>();
    private final NodeMonitor monitor = new NodeMonitor(this);
    private final Inbound inbound = monitor.observe(new InboundAdapter(this));
    private final ConcurrentHashMap<NodeName, Integer> connected = new ConcurrentHashMap<>();
    private final Set<Pid> nodeWatchers = ConcurrentHashMap.newKeySet();
    private volatile ObservedRouter router;
    private final NodeCounters counters = new NodeCounters();
    private final AtomicLong nextProcessId = new AtomicLong();
    private final AtomicLong nextRefId = new AtomicLong();
    private volatile boolean running = true;

    private SporeNode(NodeContext context) {
        this.context = context.conclude();
        this.name = context.nodeName();
        this.creation = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        this.identity = new Pid(name, Pid.NODE_ID, creation);
        this.throughput = context.throughput();
        this.pool = new ForkJoinPool(context.workerThreads(), new WorkerThreadFactory(name), this::onWorkerError,
            true);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "spore-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.externalCalls = new ReplyTable<>(timer, call -> nodeWentDown(call.target));
        this.importantSends = new ImportantSends(this);
        this.network = new SporeNetwork(this, access, this.context.remoteSpawnEnabled(),
            this.context.exposeEnvRemoteSpawn());
        this.remoteSpawns = new RemoteSpawns(this, network);
        this.spawnRequests = new SpawnRequests(this, network, counters);
    }

    /**
     * Starts a node.
     *
     * @throws SporeException {@code INVALID_ARGUMENT} when the context has a setting out of range
     */
    public static SporeNode start(NodeContext context) {
        SporeNode node = new SporeNode(context);
        LOG.log(Level.INFO, "node {0} started (creation {1}, {2} worker threads)", node.name, node.creation,
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

    ForkJoinPool pool() {
        return pool;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    NodeContext context() {
        return context;
    }

    SpawnAccessTable spawnAccess() {
        return access;
    }

    RemoteSpawns remoteSpawns() {
        return remoteSpawns;
    }

    SpawnRequests spawnRequests() {
        return spawnRequests;
    }

    @Override
    public Network network() {
        return network;
    }

    int throughput() {
        return throughput;
    }

    // ---- Node ----

    @Override
    public NodeName name() {
        return name;
    }

    @Override
    public int creation() {
        return creation;
    }

    @Override
    public Pid identity() {
        return identity;
    }

    @Override
    public Pid spawn(Name factory, ProcessOptions options, Object... args) {
        return spawnByName(null, null, factory, options, args);
    }

    @Override
    public Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args) {
        return spawnByName(null, Objects.requireNonNull(register, "register"), factory, options, args);
    }

    @Override
    public Pid spawn(ProcessFactory factory, ProcessOptions options, Object... args) {
        return spawnProcess(null, factory, null, null, options, args);
    }

    Pid spawnByName(ProcessCell spawner, Name register, Name factoryName, ProcessOptions options, Object[] args) {
        Objects.requireNonNull(factoryName, "factory");
        FactoryEntry entry = factories.lookup(factoryName);
        if (entry == null) {
            counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY, "no factory is registered as '"
                + factoryName + "' on node " + name + "; known: " + factories.names()
                + " (deploy a bundle that publishes it)");
        }
        return spawnProcess(spawner, entry.factory(), entry, register, options, args);
    }

    /**
     * The one spawn path: create the behaviour, enter the table, register, run {@code init} on this thread, and
     * open the mailbox. Inheritance: unset options take the spawner's values, or the node's.
     */
    Pid spawnProcess(ProcessCell spawner, ProcessFactory factory, FactoryEntry entry, Name register,
                     ProcessOptions options, Object[] args) {
        ProcessOptions opts = options == null ? ProcessOptions.DEFAULTS : options;
        ProcessCell cell = createProcess(factory, entry, register,
            spawner == null ? identity : spawner.self(),
            opts.leader() != null ? opts.leader() : spawner == null ? identity : spawner.leader(),
            opts.application() != null ? opts.application()
                : spawner == null ? context.application() : spawner.application(),
            opts.logLevel() != null ? opts.logLevel() : spawner == null ? context.logLevel() : spawner.logLevel(),
            inheritEnv(spawner, opts),
            opts.trapExits(), args);
        if (opts.link() && spawner != null) {
            spawner.link(cell.self());
        }
        cell.start();
        return cell.self();
    }

    /**
     * Spawns the child another node asked for, with what the request says it inherits (already resolved by the
     * requester). Links are not part of a remote spawn.
     */
    Pid spawnRemote(FactoryEntry entry, SpawnRequest request) {
        ProcessCell cell = createProcess(entry.factory(), entry, request.register(), request.parent(),
            request.leader() != null ? request.leader() : request.parent(), request.application(),
            request.logLevel() != null ? request.logLevel() : context.logLevel(),
            request.env() == null ? Map.of() : request.env(), request.trapExits(), request.args().toArray());
        cell.start();
        return cell.self();
    }

    /**
     * The one spawn path: create the behaviour, enter the table, register, and run {@code init} on this thread.
     * The caller links (when asked) and then starts the cell, which opens its mailbox.
     */
    private ProcessCell createProcess(ProcessFactory factory, FactoryEntry entry, Name register, Pid parent,
                                      Pid leader, String application, LogLevel logLevel, Map<String, Object> env,
                                      boolean trapExits, Object[] args) {
        ensureRunning();
        Objects.requireNonNull(factory, "factory");
        Object[] arguments = args == null ? new Object[0] : args;
        ProcessBehavior behavior;
        try {
            behavior = factory.create();
        } catch (Throwable error) {
            counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.INIT_FAILED, origin(factory, entry)
                + " failed to create a process: " + error, error);
        }
        if (behavior == null) {
            counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.INIT_FAILED,
                origin(factory, entry) + " returned no behaviour (null)");
        }
        Pid pid = new Pid(name, nextProcessId.incrementAndGet(), creation);
        ProcessCell cell = new ProcessCell(this, pid, behavior, entry, parent, leader, application, logLevel, env,
            trapExits);
        table.put(pid, cell);
        if (entry != null && entry.isWithdrawn()) {
            // Raced with the factory's withdrawal, which may have scanned the table before our put.
            table.remove(pid, cell);
            counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY,
                origin(factory, entry) + " was withdrawn while spawning; try again when it is offered");
        }
        if (register != null) {
            try {
                names.register(register, cell);
            } catch (SporeException taken) {
                table.remove(pid, cell);
                counters.spawnFailures.increment();
                throw taken;
            }
        }
        try {
            cell.init(arguments);
        } catch (Throwable error) {
            cell.abortInit(ExitReason.error(error));
            counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.INIT_FAILED,
                "process " + pid + " from " + origin(factory, entry) + " failed in init: " + error, error);
        }
        if (entry != null && entry.isWithdrawn()) {
            // The bundle stopped while init ran: its classes are leaving, so the process must not start.
            cell.abortInit(ExitReason.factoryWithdrawn(entry.name()));
            counters.spawnFailures.increment();
            throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY,
                origin(factory, entry) + " was withdrawn while " + pid + " ran its init; try again when it is offered");
        }
        counters.spawned.increment();
        return cell;
    }

    /** Names a factory in an error message; built only on error paths, to keep spawn allocation-lean. */
    private static String origin(ProcessFactory factory, FactoryEntry entry) {
        return entry == null ? "factory " + factory.getClass().getName() : "factory '" + entry.name() + "'";
    }

    private static Map<String, Object> inheritEnv(ProcessCell spawner, ProcessOptions options) {
        Map<String, Object> inherited = spawner == null ? Map.of() : spawner.env();
        if (options.env().isEmpty()) {
            return inherited; // immutable: shared between parent and child at no cost
        }
        Map<String, Object> merged = new LinkedHashMap<>(inherited);
        merged.putAll(options.env());
        return Collections.unmodifiableMap(merged);
    }

    @Override
    public void send(Pid to, Object message) {
        deliver(identity, to, message);
    }

    @Override
    public void send(Pid to, Object message, SendOptions options) {
        deliver(identity, to, message, options);
    }

    @Override
    public void send(Name name, Object message) {
        deliver(identity, resolve(name), message);
    }

    void deliver(Pid from, Pid to, Object message) {
        deliver(from, to, message, SendOptions.DEFAULTS);
    }

    void deliver(Pid from, Pid to, Object message, SendOptions options) {
        if (message == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "cannot send null to " + to);
        }
        ensureRunning();
        if (!isLocal(to)) {
            RemoteRouter remote = routerFor(to, options.important());
            if (remote == null) {
                return;
            }
            if (options.important()) {
                importantSends.send(remote, from, to, message);
            } else {
                remote.send(from, to, message, options);
            }
            return;
        }
        ProcessCell cell = table.get(to);
        if (cell == null) {
            if (options.important()) {
                throw noProcess(to);
            }
            counters.messagesDropped.increment(); // Erlang: a send to a dead process succeeds and is lost
            return;
        }
        cell.enqueue(new Envelope(Envelope.MESSAGE, from, message));
    }

    /**
     * Messages that arrived from another node: delivered here, never routed again.
     *
     * @return whether {@code to} exists; when not, the message is dropped and counted
     */
    boolean deliverLocal(Pid from, Pid to, Object message) {
        ProcessCell cell = table.get(to);
        if (cell == null) {
            counters.messagesDropped.increment();
            return false;
        }
        cell.enqueue(new Envelope(Envelope.MESSAGE, from, message));
        return true;
    }

    /**
     * As {@link #deliverLocal}, but the process is not woken here: {@code wakeups} wakes it at the end of the
     * batch it is collecting. Only the thread holding the batch calls this (one at a time: the transport's receiving
     * thread), so the envelope comes from the node's {@link EnvelopePool}.
     */
    boolean deliverLocal(Pid from, Pid to, Object message, DeferredWakeups wakeups) {
        ProcessCell cell = table.get(to);
        if (cell == null) {
            counters.messagesDropped.increment();
            return false;
        }
        if (cell.enqueueWithoutWaking(envelopes.take(Envelope.MESSAGE, from, message))) {
            wakeups.add(cell);
        }
        return true;
    }

    /** @return the envelopes that remote messages reuse (see {@link EnvelopePool}) */
    EnvelopePool envelopes() {
        return envelopes;
    }

    /** A remote node's answer to an important send of this node. */
    void deliveryAck(Ref ackRef, SporeException error) {
        importantSends.onAck(ackRef, error);
    }

    @Override
    public void send(Name name, NodeName node, Object message) {
        deliverNamed(identity, node, name, message);
    }

    void deliverNamed(Pid from, NodeName node, Name name, Object message) {
        Objects.requireNonNull(node, "node");
        if (node.equals(this.name)) {
            deliver(from, resolve(name), message);
            return;
        }
        if (message == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "cannot send null to " + name);
        }
        ensureRunning();
        RemoteRouter remote = router;
        if (remote == null) {
            counters.messagesDropped.increment();
            return;
        }
        remote.sendNamed(from, node, Objects.requireNonNull(name, "name"), message, SendOptions.DEFAULTS);
    }

    /**
     * The router for a remote pid, or {@code null} when the message is to be dropped (and counted): a pid of an
     * earlier incarnation of this node, or no transport attached. Important sends fail instead.
     */
    private RemoteRouter routerFor(Pid to, boolean important) {
        if (to.node().equals(name)) {
            if (important) {
                throw noProcess(to);
            }
            counters.messagesDropped.increment(); // an earlier incarnation of this node: that process is gone
            return null;
        }
        RemoteRouter remote = router;
        if (remote == null) {
            if (important) {
                throw notConnected(to.node());
            }
            counters.messagesDropped.increment();
        }
        return remote;
    }

    Pid resolve(Name registered) {
        Pid pid = names.whereis(Objects.requireNonNull(registered, "name"));
        if (pid == null) {
            throw notRegistered(registered);
        }
        return pid;
    }

    Pid whereisOrNull(Name registered) {
        return names.whereis(registered);
    }

    @Override
    public Object call(Pid to, Object request, Duration timeout) {
        if (ForkJoinTask.getPool() == pool) {
            throw new SporeException(SporeException.Reason.WRONG_THREAD, "Node.call blocks, and would hold a worker "
                + "thread here; inside a process use ProcessContext.call with a ReplyHandler");
        }
        long timeoutMs = checkTimeout(timeout);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Ref ref = startCall(to.node(), caller -> routeCall(caller, to, request), request, result);
        return awaitReply(to.toString(), ref, result, timeoutMs, !to.node().equals(name));
    }

    @Override
    public Object call(Name to, Object request, Duration timeout) {
        return call(resolve(to), request, timeout);
    }

    @Override
    public Object call(Name name, NodeName node, Object request, Duration timeout) {
        Objects.requireNonNull(node, "node");
        if (node.equals(this.name)) {
            return call(name, request, timeout);
        }
        if (ForkJoinTask.getPool() == pool) {
            throw new SporeException(SporeException.Reason.WRONG_THREAD, "Node.call blocks, and would hold a worker "
                + "thread here; inside a process use ProcessContext.call with a ReplyHandler");
        }
        long timeoutMs = checkTimeout(timeout);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Ref ref = startCall(node, caller -> routeCallNamed(caller, node, name, request), request, result);
        return awaitReply("'" + name + "' on " + node, ref, result, timeoutMs, true);
    }

    /** @param remote whether the answer comes from another node: the waiting thread then helps receive it */
    private Object awaitReply(String to, Ref ref, CompletableFuture<Object> result, long timeoutMs,
                              boolean remote) {
        try {
            Blocking.waitBriefly(result, remote ? this::helpReceive : Blocking.NO_HELP);
            // The waiting thread keeps the time itself: no timer task to schedule and cancel on every call.
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (externalCalls.forget(ref)) {
                counters.callTimeouts.increment();
                throw timedOut(to, timeoutMs);
            }
            return result.join(); // the reply won the race against the deadline
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SporeException spore) {
                // Rethrow a fresh exception so the caller's stack shows where it waited.
                throw new SporeException(spore.reason(), spore.getMessage(), spore);
            }
            throw new SporeException(SporeException.Reason.CALL_FAILED, "call to " + to + " failed: " + e.getCause(),
                e.getCause());
        } catch (InterruptedException e) {
            externalCalls.forget(ref);
            Thread.currentThread().interrupt();
            throw new SporeException(SporeException.Reason.TIMEOUT, "interrupted while waiting for " + to, e);
        }
    }

    @Override
    public CompletableFuture<Object> callAsync(Pid to, Object request, Duration timeout) {
        long timeoutMs = checkTimeout(timeout);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Ref ref = startCall(to.node(), caller -> routeCall(caller, to, request), request, result);
        externalCalls.expireAfter(ref, timeoutMs, () -> {
            counters.callTimeouts.increment();
            return timedOut(to.toString(), timeoutMs);
        });
        return result;
    }

    /** Registers {@code result} as the waiter of a new call and sends the request, or fails it at once. */
    private Ref startCall(NodeName target, java.util.function.Consumer<Caller> send, Object request,
                          CompletableFuture<Object> result) {
        Objects.requireNonNull(request, "request");
        ensureRunning();
        Ref ref = newRef();
        externalCalls.open(ref, target, result, null);
        counters.calls.increment();
        try {
            send.accept(new Caller(identity, ref));
        } catch (SporeException refused) {
            externalCalls.forget(ref);
            result.completeExceptionally(refused);
        }
        return ref;
    }

    /**
     * Sends a call request to {@code to}, here or on another node.
     *
     * @throws SporeException {@code NO_PROCESS} when a local target does not exist, {@code NODE_DOWN} when no
     *                        transport can reach the target's node, or what the transport refuses with
     */
    void routeCall(Caller caller, Pid to, Object request) {
        if (isLocal(to)) {
            ProcessCell cell = table.get(to);
            if (cell == null) {
                throw noProcess(to);
            }
            cell.enqueue(new Envelope(Envelope.CALL, caller.from(), new CallRequest(caller, request)));
            return;
        }
        if (to.node().equals(name)) {
            throw noProcess(to);
        }
        connectedRouter(to.node()).call(caller, to, request);
    }

    void routeCallNamed(Caller caller, NodeName node, Name registered, Object request) {
        if (node.equals(name)) {
            routeCall(caller, resolve(registered), request);
            return;
        }
        connectedRouter(node).callNamed(caller, node, registered, request);
    }

    /** Calls that arrived from another node: answered here, with an error reply when there is nobody. */
    void acceptCall(Caller caller, Pid to, Object request) {
        ProcessCell cell = isLocal(to) ? table.get(to) : null;
        if (cell == null) {
            reply(caller, null, noProcess(to));
            return;
        }
        cell.enqueue(new Envelope(Envelope.CALL, caller.from(), new CallRequest(caller, request)));
    }

    void acceptCallNamed(Caller caller, Name registered, Object request) {
        Pid pid = names.whereis(registered);
        if (pid == null) {
            reply(caller, null, notRegistered(registered));
            return;
        }
        acceptCall(caller, pid, request);
    }

    RemoteRouter connectedRouter(NodeName node) {
        RemoteRouter remote = router;
        if (remote == null) {
            throw notConnected(node);
        }
        return remote;
    }

    /** Routes the answer to a call to whoever waits: a blocked outside caller or a process's pending call. */
    void reply(Caller caller, Object value, SporeException error) {
        if (caller.from().equals(identity)) {
            externalCalls.complete(caller.ref(), value, error);
            return;
        }
        if (!isLocal(caller.from())) {
            RemoteRouter remote = router;
            if (remote != null && !caller.from().node().equals(name)) {
                try {
                    remote.reply(caller, value, error);
                } catch (SporeException unsendable) {
                    // The answer cannot travel (unencodable, too large, back-pressured): the caller learns why at
                    // once instead of waiting for its timeout, and the answering process carries on.
                    if (error != null) {
                        LOG.log(Level.WARNING, "could not send an error reply to " + caller.from() + ": "
                            + unsendable.getMessage());
                        return;
                    }
                    remote.reply(caller, null, new SporeException(SporeException.Reason.CALL_FAILED,
                        "the reply could not be sent back: " + unsendable.getMessage(), unsendable));
                }
            }
            return;
        }
        ProcessCell cell = table.get(caller.from());
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.REPLY, null, new CallReply(caller.ref(), value, error)));
        }
    }

    ScheduledFuture<?> scheduleCallTimeout(ProcessCell caller, Ref ref, String to, long timeoutMs) {
        return timer.schedule(() -> caller.enqueue(new Envelope(Envelope.REPLY, null,
            new CallReply(ref, null, timedOut(to, timeoutMs)))), timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void register(Name name, Pid pid) {
        ProcessCell cell = table.get(Objects.requireNonNull(pid, "pid"));
        if (cell == null) {
            throw new SporeException(SporeException.Reason.NO_PROCESS,
                "cannot register '" + name + "': no process " + pid + " on node " + this.name);
        }
        names.register(Objects.requireNonNull(name, "name"), cell);
    }

    void registerCell(Name name, ProcessCell cell) {
        names.register(Objects.requireNonNull(name, "name"), cell);
    }

    @Override
    public boolean unregister(Name name) {
        return names.unregister(name);
    }

    @Override
    public Optional<Pid> whereis(Name name) {
        return Optional.ofNullable(names.whereis(name));
    }

    @Override
    public Set<Name> registeredNames() {
        return names.names();
    }

    @Override
    public boolean kill(Pid pid) {
        ProcessCell cell = table.get(pid);
        if (cell == null) {
            return false;
        }
        cell.forceExit(ExitReason.KILLED);
        return true;
    }

    @Override
    public void exit(Pid pid, ExitReason reason) {
        signalExit(identity, pid, reason);
    }

    void signalExit(Pid from, Pid to, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (!isLocal(to)) {
            RemoteRouter remote = router;
            if (remote != null && !to.node().equals(name)) {
                remote.exit(from, to, reason, false);
            }
            return;
        }
        acceptExit(from, to, reason, false);
    }

    /** An exit signal for a local process, from here or from another node. */
    void acceptExit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        ProcessCell cell = table.get(to);
        if (cell == null) {
            return;
        }
        if (viaLink) {
            cell.enqueue(new Envelope(Envelope.LINK_EXIT, from, new Exit(from, reason)));
            return;
        }
        if (cell == null) {
            return;
        }
        if (reason.kind() == ExitReason.Kind.KILLED) {
            cell.forceExit(ExitReason.KILLED);
        } else {
            cell.enqueue(new Envelope(Envelope.EXIT, from, new Exit(from, reason)));
        }
    }

    void signalLinkExit(Pid to, Exit exit) {
        if (!isLocal(to)) {
            RemoteRouter remote = router;
            if (remote != null && !to.node().equals(name)) {
                remote.exit(exit.from(), to, exit.reason(), true);
            }
            return;
        }
        ProcessCell cell = table.get(to);
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.LINK_EXIT, exit.from(), exit));
        }
    }

    void signalDown(Pid watcher, Down down) {
        if (!isLocal(watcher)) {
            RemoteRouter remote = router;
            if (remote != null && !watcher.node().equals(name)) {
                remote.down(down.monitor(), watcher, down.pid(), down.reason());
            }
            return;
        }
        ProcessCell cell = table.get(watcher);
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.DOWN, down.pid(), down));
        }
    }

    /** A remote process links itself to local {@code to}; a missing target answers with a noproc exit. */
    void acceptLink(Pid from, Pid to) {
        ProcessCell cell = isLocal(to) ? table.get(to) : null;
        if (cell != null && cell.addLink(from)) {
            noteRemote(from.node(), cell);
            return;
        }
        RemoteRouter remote = router;
        if (remote != null) {
            remote.exit(to, from, ExitReason.NOPROC, true);
        }
    }

    void acceptUnlink(Pid from, Pid to) {
        ProcessCell cell = table.get(to);
        if (cell != null) {
            cell.removeLink(from);
        }
    }

    /** A remote process monitors local {@code target}; a missing target answers with a noproc down at once. */
    void acceptMonitor(Ref ref, Pid watcher, Pid target) {
        ProcessCell cell = isLocal(target) ? table.get(target) : null;
        if (cell != null && cell.addWatcher(ref, watcher)) {
            noteRemote(watcher.node(), cell);
            return;
        }
        RemoteRouter remote = router;
        if (remote != null) {
            remote.down(ref, watcher, target, ExitReason.NOPROC);
        }
    }

    void acceptDemonitor(Ref ref, Pid target) {
        ProcessCell cell = table.get(target);
        if (cell != null) {
            cell.removeWatcher(ref);
        }
    }

    /** Remembers that {@code cell} has a link, monitor or call with {@code node}, for {@link #nodeDown}. */
    void noteRemote(NodeName node, ProcessCell cell) {
        if (cell.addRemoteNode(node)) {
            // compute() is atomic with nodeDown's remove(): the cell lands in the set that nodeDown will see.
            remoteRelations.compute(node, (key, cells) -> {
                Set<ProcessCell> set = cells == null ? ConcurrentHashMap.newKeySet() : cells;
                set.add(cell);
                return set;
            });
        }
    }

    void forgetRemote(NodeName node, ProcessCell cell) {
        remoteRelations.computeIfPresent(node, (key, cells) -> {
            cells.remove(cell);
            return cells.isEmpty() ? null : cells;
        });
    }

    /** A connection completed its handshake: remember it and tell the processes that monitor nodes. */
    void nodeUp(NodeName node, int creation, boolean remoteSpawnEnabled) {
        connected.put(node, creation);
        network.nodeUp(node, creation, remoteSpawnEnabled);
        NodeUp up = new NodeUp(node, creation);
        for (Pid watcher : nodeWatchers) {
            deliverLocal(identity, watcher, up);
        }
    }

    void watchNodes(Pid watcher, boolean watch) {
        if (watch) {
            nodeWatchers.add(watcher);
        } else {
            nodeWatchers.remove(watcher);
        }
    }

    @Override
    public Set<NodeName> connectedNodes() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(connected.keySet()));
    }

    /** {@code node} is gone: its relations fire with noconnection on each process's own turn; calls fail now. */
    void nodeDown(NodeName node) {
        boolean wasConnected = connected.remove(node) != null;
        network.nodeDown(node);
        remoteSpawns.nodeDown(node);
        Set<ProcessCell> cells = remoteRelations.remove(node);
        if (cells != null) {
            for (ProcessCell cell : cells) {
                cell.enqueue(new Envelope(Envelope.NODE_DOWN, null, node));
            }
        }
        importantSends.nodeDown(node);
        externalCalls.failNode(node);
        if (wasConnected) {
            NodeDown notice = new NodeDown(node);
            for (Pid watcher : nodeWatchers) {
                deliverLocal(identity, watcher, notice);
            }
        }
    }

    @Override
    public Node node() {
        return this;
    }

    @Override
    public synchronized Inbound attach(RemoteRouter remote) {
        Objects.requireNonNull(remote, "router");
        if (router != null && router.delegate() != remote) {
            throw new IllegalStateException("node " + name + " already routes through " + router);
        }
        if (router == null) {
            router = new ObservedRouter(remote, monitor);
        }
        return inbound;
    }

    @Override
    public synchronized void detach(RemoteRouter remote) {
        if (router != null && router.delegate() == remote) {
            router = null;
        }
    }

    RemoteRouter router() {
        return router;
    }

    /** See {@link RemoteRouter#helpReceive()}: for threads waiting on another node. @return what it received */
    int helpReceive() {
        RemoteRouter remote = router;
        return remote == null ? 0 : remote.helpReceive();
    }

    @Override
    public boolean isAlive(Pid pid) {
        ProcessCell cell = table.get(pid);
        return cell != null && !cell.isDead();
    }

    @Override
    public Set<Name> factories() {
        return factories.names();
    }

    @Override
    public List<ProcessInfo> processes() {
        List<ProcessInfo> infos = new ArrayList<>(table.size());
        for (ProcessCell cell : table.values()) {
            infos.add(cell.info());
        }
        infos.sort(Comparator.comparingLong(info -> info.pid().id()));
        return infos;
    }

    @Override
    public Optional<ProcessInfo> processInfo(Pid pid) {
        ProcessCell cell = table.get(pid);
        return cell == null ? Optional.empty() : Optional.of(cell.info());
    }

    @Override
    public NodeStats stats() {
        return new NodeStats(table.size(), counters.spawned.sum(), counters.spawnFailures.sum(),
            counters.exited.sum(), counters.crashed.sum(), counters.messagesDelivered.sum(),
            counters.messagesDropped.sum(), counters.calls.sum(), counters.callTimeouts.sum(),
            counters.remoteSpawned.sum(), counters.remoteSpawnDenied.sum());
    }

    // ---- internals shared with ProcessCell ----

    Ref newRef() {
        return new Ref(name, nextRefId.incrementAndGet(), creation);
    }

    ProcessCell localCell(Pid pid) {
        return table.get(pid);
    }

    boolean isLocal(Pid pid) {
        // The creation first: an int compare settles most remote pids before any string is looked at.
        return pid.creation() == creation && pid.node().equals(name);
    }

    void onExit(ProcessCell cell, Name registeredName, ExitReason reason, boolean crashed) {
        nodeWatchers.remove(cell.self());
        if (registeredName != null) {
            names.release(registeredName, cell.self());
        }
        table.remove(cell.self(), cell);
        counters.exited.increment();
        if (crashed) {
            counters.crashed.increment();
        }
    }

    void countDelivered(int messages) {
        counters.messagesDelivered.add(messages);
    }

    void countDropped() {
        counters.messagesDropped.increment();
    }

    void countCallTimeout() {
        counters.callTimeouts.increment();
    }

    /** The factory's code is leaving: end its processes and wait (bounded) until they have. */
    private void endProcessesOf(FactoryEntry entry) {
        List<ProcessCell> doomed = new ArrayList<>();
        for (ProcessCell cell : table.values()) {
            if (cell.factoryEntry() == entry) {
                doomed.add(cell);
            }
        }
        if (doomed.isEmpty()) {
            return;
        }
        ExitReason reason = ExitReason.factoryWithdrawn(entry.name());
        doomed.forEach(cell -> cell.forceExit(reason));
        List<Pid> stuck = awaitDeaths(doomed);
        LOG.log(Level.INFO, "ended {0} process(es) of {1}", doomed.size() - stuck.size(), entry);
        if (!stuck.isEmpty()) {
            LOG.log(Level.WARNING, "{0} process(es) of {1} did not end within {2}: {3}", stuck.size(), entry,
                context.shutdownTimeout(), stuck);
        }
    }

    private List<Pid> awaitDeaths(List<ProcessCell> cells) {
        long deadlineMs = System.currentTimeMillis() + context.shutdownTimeout().toMillis();
        List<Pid> stuck = new ArrayList<>();
        for (ProcessCell cell : cells) {
            try {
                if (!cell.awaitDeath(Math.max(0, deadlineMs - System.currentTimeMillis()))) {
                    stuck.add(cell.self());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stuck.add(cell.self());
            }
        }
        return stuck;
    }

    void ensureRunning() {
        if (!running) {
            throw new SporeException(SporeException.Reason.NODE_STOPPED, "node " + name + " has stopped");
        }
    }

    private void onWorkerError(Thread thread, Throwable error) {
        LOG.log(Level.ERROR, "worker thread " + thread.getName() + " failed", error);
    }

    /**
     * Stops the node: every process ends with {@link ExitReason#SHUTDOWN} (untrappable), calls still waiting fail
     * with {@code NODE_STOPPED}, and the threads stop. Waits at most the context's shutdown timeout for processes.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        List<ProcessCell> cells = new ArrayList<>(table.values());
        cells.forEach(cell -> cell.forceExit(ExitReason.SHUTDOWN));
        List<Pid> stuck = awaitDeaths(cells);
        if (!stuck.isEmpty()) {
            LOG.log(Level.WARNING, "{0} process(es) did not end within {1}: {2}", stuck.size(),
                context.shutdownTimeout(), stuck);
        }
        SporeException stopped = new SporeException(SporeException.Reason.NODE_STOPPED,
            "node " + name + " stopped before the reply came");
        externalCalls.failAll(call -> stopped);
        remoteSpawns.close();
        network.close();
        timer.shutdownNow();
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "node {0} stopped", name);
    }

    /** @return whether the node still runs */
    public boolean isRunning() {
        return running;
    }

    static long checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "a call timeout must be positive, was " + timeout);
        }
        return Math.max(1, timeout.toMillis());
    }

    static SporeException noProcess(Pid pid) {
        return new SporeException(SporeException.Reason.NO_PROCESS,
            "no process " + pid + " (it has exited, or never existed on this node incarnation)");
    }

    static SporeException notRegistered(Name name) {
        return new SporeException(SporeException.Reason.NO_PROCESS,
            "no process is registered as '" + name + "'; check the name with whereis or spore:names");
    }

    static SporeException notConnected(NodeName node) {
        return new SporeException(SporeException.Reason.NODE_DOWN,
            "node " + node + " is not connected (no transport attached, or it cannot be reached)");
    }

    static SporeException nodeWentDown(NodeName node) {
        return new SporeException(SporeException.Reason.NODE_DOWN,
            "node " + node + " went down before the reply came");
    }

    private static SporeException timedOut(String to, long timeoutMs) {
        return new SporeException(SporeException.Reason.TIMEOUT,
            "call to " + to + " got no reply within " + timeoutMs + " ms");
    }

    @Override
    public String toString() {
        return "SporeNode[" + name + ", creation " + creation + "]";
    }
}
