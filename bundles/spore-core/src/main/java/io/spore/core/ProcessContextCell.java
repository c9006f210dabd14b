package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessLogger;
import io.spore.api.ProcessOptions;
import io.spore.api.ProcessState;
import io.spore.api.ReceiveTimeout;
import io.spore.api.Ref;
import io.spore.api.ReplyHandler;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A process as its own handlers and the node's parts see it: who it is (pid, parent, leader, application, factory,
 * registered name), what it holds of others ({@link Relations}, {@link Monitors}, {@link PendingCalls}), and the
 * {@link ProcessContext} its handlers get, whose operations are short hand-overs to the part that does the work
 * ({@link LocalRouter}, {@link Spawner}, {@link ProcessTable}, {@link SporeNetwork}). Its life cycle, turn and
 * dispatch are {@link ProcessCell}'s, the only subclass: one object per process, so an idle process stays small and
 * a send reaches the mailbox in one hop.
 *
 * <p>Threading: fields without a lock are touched only on the process's own turn (the operations that change them
 * check that they run there). {@code relations} (which also holds the registered name) and the move to DEAD are
 * guarded by this object's lock, so a link, monitor or registration made by another process either lands before the
 * death (and is told of it) or sees the process dead.
 */
abstract class ProcessContextCell extends Mailbox implements ProcessContext, ProcessLogger {
    private static final long serialVersionUID = 1L;
    static final int INITIALIZING = 0;
    static final int ALIVE = 1;
    static final int DEAD = 2;

    final transient ProcessHost host;
    final transient LocalRouter router;
    final Pid pid;
    private final transient FactoryEntry factoryEntry;
    private final Pid parent;
    private final Pid leader;
    private final String application;
    private LogLevel logLevel;
    private transient Map<String, Object> env;
    // Written by the subclass's life cycle and turn too:
    volatile int lifecycle = INITIALIZING;
    /** The thread running the process's handlers now; the operations that change its state check it. */
    transient Thread owner;
    boolean trapExits;
    ExitReason requestedExit;

    // Created on first use, so an idle process stays small. Guarded by this:
    transient Relations relations;
    // Own turn only:
    transient Monitors monitors;
    transient PendingCalls calls;
    transient ProcessTimers timers;
    /** The receive timeout armed now, or {@code null}. */
    transient ProcessTimer receiveTimer;

    ProcessContextCell(ProcessHost host, LocalRouter router, Pid pid, FactoryEntry factoryEntry,
                       Inheritance inherited) {
        super(host.services().pool);
        this.host = host;
        this.router = router;
        this.pid = pid;
        this.factoryEntry = factoryEntry;
        this.parent = inherited.parent();
        this.leader = inherited.leader();
        this.application = inherited.application();
        this.logLevel = inherited.logLevel();
        this.env = inherited.env();
        this.trapExits = inherited.trapExits();
    }

    // ---- relations, called by other processes through the LocalRouter ----

    /** Under this lock. @return the relations, made on first use */
    private Relations relations() {
        if (relations == null) {
            relations = new Relations();
        }
        return relations;
    }

    /** @return false when already dead, so the caller must deliver a noproc signal itself */
    synchronized boolean addLink(Pid other) {
        if (lifecycle == DEAD) {
            return false;
        }
        relations().addLink(other);
        return true;
    }

    /** @return whether {@code remote} is new among the nodes this process has relations with */
    synchronized boolean addRemoteNode(NodeName remote) {
        return relations().addRemoteNode(remote);
    }

    synchronized void removeLink(Pid other) {
        if (relations != null) {
            relations.removeLink(other);
        }
    }

    /**
     * A link ({@code ref} null) or monitor ({@code ref} given) that a process of another node asks for: refused
     * when this process holds {@code max} links and watchers already, so that no node can make one process hold
     * relations without end.
     *
     * @return whether it was made; {@code null} when this process is dead
     */
    synchronized Boolean addRemoteRelation(Pid other, Ref ref, int max) {
        if (lifecycle == DEAD) {
            return null;
        }
        Relations held = relations();
        if (held.size() >= max) {
            return Boolean.FALSE;
        }
        if (ref == null) {
            held.addLink(other);
        } else {
            held.addWatcher(ref, other);
        }
        return Boolean.TRUE;
    }

    /** @return false when already dead, so the caller must deliver a noproc Down itself */
    synchronized boolean addWatcher(Ref ref, Pid watcher) {
        if (lifecycle == DEAD) {
            return false;
        }
        relations().addWatcher(ref, watcher);
        return true;
    }

    synchronized void removeWatcher(Ref ref) {
        if (relations != null) {
            relations.removeWatcher(ref);
        }
    }

    boolean isDead() {
        return lifecycle == DEAD;
    }

    Name registeredNameLocked() {
        return relations == null ? null : relations.registeredName;
    }

    void setRegisteredNameLocked(Name name) {
        if (name != null || relations != null) {
            relations().registeredName = name;
        }
    }

    FactoryEntry factoryEntry() {
        return factoryEntry;
    }

    ProcessInfo info() {
        Name name;
        synchronized (this) {
            name = registeredNameLocked();
        }
        ProcessState state = switch (lifecycle) {
            case INITIALIZING -> ProcessState.INITIALIZING;
            case DEAD -> ProcessState.TERMINATED;
            default -> isScheduled() ? ProcessState.RUNNING : ProcessState.WAITING;
        };
        return new ProcessInfo(pid, name, factoryEntry == null ? null : factoryEntry.name(), parent, application,
            size(), state);
    }

    // ---- ProcessContext ----

    private void checkOwner(String operation) {
        if (owner != Thread.currentThread()) {
            throw new SporeException(SporeException.Reason.WRONG_THREAD, operation + " on process " + pid
                + " must be called from its own handlers, not from thread " + Thread.currentThread().getName());
        }
    }

    @Override
    public Pid self() {
        return pid;
    }

    @Override
    public Pid parent() {
        return parent;
    }

    @Override
    public Pid leader() {
        return leader;
    }

    @Override
    public String application() {
        return application;
    }

    @Override
    public LogLevel logLevel() {
        return logLevel;
    }

    @Override
    public void setLogLevel(LogLevel level) {
        checkOwner("setLogLevel");
        logLevel = Objects.requireNonNull(level, "level");
    }

    @Override
    public Map<String, Object> env() {
        return env;
    }

    @Override
    public void setEnv(String key, Object value) {
        checkOwner("setEnv");
        Map<String, Object> copy = new LinkedHashMap<>(env);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(Objects.requireNonNull(key, "key"), value);
        }
        env = Collections.unmodifiableMap(copy);
    }

    @Override
    public synchronized Name registeredName() {
        return registeredNameLocked();
    }

    @Override
    public Name factory() {
        return factoryEntry == null ? null : factoryEntry.name();
    }

    @Override
    public Node node() {
        return host.node();
    }

    @Override
    public ProcessLogger log() {
        return this;
    }

    @Override
    public void log(LogLevel level, String format, Object... args) {
        if (logLevel.admits(level)) {
            ProcessLog.write(pid, registeredName(), level, format, args);
        }
    }

    @Override
    public void send(Pid to, Object message) {
        router.deliver(pid, to, message);
    }

    @Override
    public void send(Pid to, Object message, SendOptions options) {
        router.deliver(pid, to, message, options);
    }

    @Override
    public void send(Name name, Object message) {
        router.deliver(pid, router.resolve(name), message);
    }

    @Override
    public void send(Name name, NodeName node, Object message) {
        router.deliverNamed(pid, node, name, message);
    }

    @Override
    public Ref call(Pid to, Object request, Duration timeout, ReplyHandler handler) {
        Objects.requireNonNull(to, "to");
        return startCall(to.node(), to.toString(), request, timeout, handler,
            caller -> router.routeCall(caller, to, request));
    }

    @Override
    public Ref call(Name to, Object request, Duration timeout, ReplyHandler handler) {
        return call(to, host.services().name, request, timeout, handler);
    }

    @Override
    public Ref call(Name name, NodeName node, Object request, Duration timeout, ReplyHandler handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        return startCall(node, "'" + name + "' on " + node, request, timeout, handler,
            caller -> router.routeCallNamed(caller, node, name, request));
    }

    private Ref startCall(NodeName target, String description, Object request, Duration timeout,
                          ReplyHandler handler, Consumer<Caller> send) {
        checkOwner("call");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        long timeoutMs = Failures.checkTimeout(timeout);
        if (calls == null) {
            calls = new PendingCalls();
        }
        return calls.start(this, host, target, description, timeoutMs, handler, send);
    }

    @Override
    public void reply(Caller caller, Object reply) {
        Objects.requireNonNull(reply, "reply");
        router.reply(pid, caller, reply, null);
    }

    @Override
    public Pid spawn(Name factory, ProcessOptions options, Object... args) {
        return host.spawner().spawnByName(this, null, factory, options, args);
    }

    @Override
    public Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args) {
        return host.spawner().spawnByName(this, Objects.requireNonNull(register, "register"), factory, options, args);
    }

    @Override
    public Pid spawn(ProcessFactory factory, ProcessOptions options, Object... args) {
        return host.spawner().spawn(this, factory, null, null, options, args);
    }

    @Override
    public Pid remoteSpawn(NodeName target, Name factory, ProcessOptions options, Object... args) {
        return remoteSpawn(target, factory, null, options, args);
    }

    @Override
    public Pid remoteSpawnRegister(NodeName target, Name factory, Name register, ProcessOptions options,
                                   Object... args) {
        return remoteSpawn(target, factory, Objects.requireNonNull(register, "register"), options, args);
    }

    @Override
    public Pid remoteSpawnLink(NodeName target, Name factory, ProcessOptions options, Object... args) {
        checkOwner("remoteSpawnLink");
        return host.spawner().spawnLinkedOn(target, this, factory, options, args);
    }

    private Pid remoteSpawn(NodeName target, Name factory, Name register, ProcessOptions options, Object[] args) {
        checkOwner("remoteSpawn");
        return host.spawner().spawnOn(target, this, register, factory, options, args);
    }

    @Override
    public void link(Pid other) {
        checkOwner("link");
        if (other.equals(pid)) {
            return;
        }
        synchronized (this) {
            if (!relations().addLink(other)) {
                return; // already linked
            }
        }
        host.relating().relate(this, RelationRequests.Relation.LINK, other, null);
    }

    @Override
    public void unlink(Pid other) {
        checkOwner("unlink");
        removeLink(other);
        host.relating().relate(this, RelationRequests.Relation.UNLINK, other, null);
    }

    @Override
    public Ref monitor(Pid other) {
        checkOwner("monitor");
        Ref ref = host.services().newRef();
        if (monitors == null) {
            monitors = new Monitors();
        }
        monitors.add(ref, other);
        host.relating().relate(this, RelationRequests.Relation.MONITOR, other, ref);
        return ref;
    }

    @Override
    public void demonitor(Ref monitor) {
        checkOwner("demonitor");
        Pid target = monitors == null ? null : monitors.remove(monitor);
        if (target != null) {
            host.relating().relate(this, RelationRequests.Relation.DEMONITOR, target, monitor);
        }
    }

    @Override
    public Ref sendAfter(Pid to, Object message, Duration delay) {
        checkOwner("sendAfter");
        return startTimer(to, message, ProcessTimers.delayNs(delay, "the delay of sendAfter"), 0);
    }

    @Override
    public Ref sendEvery(Pid to, Object message, Duration period) {
        checkOwner("sendEvery");
        long periodNs = ProcessTimers.periodNs(period);
        return startTimer(to, message, periodNs, periodNs);
    }

    private Ref startTimer(Pid to, Object message, long delayNs, long periodNs) {
        if (to == null || message == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "a timer needs a receiver and a message");
        }
        return timers().start(pid, to, message, delayNs, periodNs);
    }

    private ProcessTimers timers() {
        if (timers == null) {
            timers = new ProcessTimers(host.services());
        }
        return timers;
    }

    @Override
    public boolean cancelTimer(Ref timer) {
        checkOwner("cancelTimer");
        return timers != null && timer != null && timers.cancel(timer);
    }

    @Override
    public void receiveTimeout(Duration timeout) {
        checkOwner("receiveTimeout");
        long delayNs = timeout == null ? 0 : ProcessTimers.delayNs(timeout, "a receive timeout");
        disarmReceiveTimeout();
        if (delayNs > 0) {
            receiveTimer = timers().startReceiveTimeout(pid, new ReceiveTimeout(timeout), delayNs);
        }
    }

    /** Own turn: something arrived, or the process ends: the receive timeout no longer applies. */
    void disarmReceiveTimeout() {
        if (receiveTimer != null) {
            timers.cancel(receiveTimer);
            receiveTimer = null;
        }
    }

    /** Own turn, when the process ends: no timer of its fires any more. */
    void cancelTimers() {
        disarmReceiveTimeout();
        if (timers != null) {
            timers.cancelAll();
            timers = null;
        }
    }

    @Override
    public void monitorNodes(boolean monitor) {
        checkOwner("monitorNodes");
        host.network().watchNodes(pid, monitor);
    }

    @Override
    public void trapExits(boolean trap) {
        checkOwner("trapExits");
        trapExits = trap;
    }

    @Override
    public void exit(ExitReason reason) {
        checkOwner("exit");
        requestedExit = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public void exit(Pid other, ExitReason reason) {
        if (other.equals(pid)) {
            exit(reason);
            return;
        }
        router.signalExit(pid, other, reason);
    }

    @Override
    public void register(Name name) {
        host.table().register(name, this);
    }
}
