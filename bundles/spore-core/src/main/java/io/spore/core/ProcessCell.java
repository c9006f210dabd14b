package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessLogger;
import io.spore.api.ProcessOptions;
import io.spore.api.ProcessState;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process: its behaviour, its mailbox and turn, its relations (links, monitors, pending calls), and the
 * {@link ProcessContext} its handlers see.
 *
 * <p>Threading: a turn runs on one worker at a time (see {@link Mailbox}). Fields without a lock are touched only
 * on the process's own turn. {@code links}, {@code watchers}, {@code registeredName} and the move to DEAD are
 * guarded by this object's lock, so a link, monitor or registration made by another process either lands before
 * the death (and is told of it) or sees the process dead.
 */
final class ProcessCell extends Mailbox implements ProcessContext, ProcessLogger {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ProcessCell.class.getName());
    /** Where the lines processes write with {@code ctx.log()} go; looked up once, not per line. */
    private static final System.Logger PROCESS_LOG = System.getLogger("io.spore.process");
    /** How long a worker stays on a process whose mailbox ran dry, waiting for its next message (see lingerForMore). */
    private static final long LINGER_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** The first part of the linger is a spin; after it the worker yields. */
    private static final long LINGER_SPIN_NS = TimeUnit.MICROSECONDS.toNanos(2);
    private static final int INITIALIZING = 0;
    private static final int ALIVE = 1;
    private static final int DEAD = 2;

    private final transient SporeNode node;
    private final Pid pid;
    private final transient ProcessBehavior behavior;
    private final transient FactoryEntry factoryEntry;
    private final Pid parent;
    private final Pid leader;
    private final String application;
    private LogLevel logLevel;
    private transient Map<String, Object> env;
    private boolean trapExits;
    private volatile int lifecycle = INITIALIZING;
    private transient Thread owner;
    private volatile ExitReason forcedExit;
    private ExitReason requestedExit;
    private boolean crashed; // the exit is this process's own handler error, not one it inherited over a link

    // Guarded by this.
    private Name registeredName;
    private transient Set<Pid> links;
    private transient Map<Ref, Pid> watchers;
    private transient Set<NodeName> remoteNodes;

    // Own turn only; created on first use so an idle process stays small.
    private transient Map<Ref, Pid> monitoring;
    private transient Map<Ref, PendingCall> pendingCalls;

    ProcessCell(SporeNode node, Pid pid, ProcessBehavior behavior, FactoryEntry factoryEntry, Pid parent,
                Pid leader, String application, LogLevel logLevel, Map<String, Object> env, boolean trapExits) {
        super(node.pool());
        this.node = node;
        this.pid = pid;
        this.behavior = behavior;
        this.factoryEntry = factoryEntry;
        this.parent = parent;
        this.leader = leader;
        this.application = application;
        this.logLevel = logLevel;
        this.env = env;
        this.trapExits = trapExits;
    }

    // ---- life cycle, driven by SporeNode and the turn ----

    /** Runs {@code init} on the spawner's thread; the process receives nothing before it returns. */
    void init(Object[] args) throws Exception {
        Thread previous = owner;
        owner = Thread.currentThread();
        try {
            behavior.init(this, args);
        } finally {
            owner = previous;
        }
    }

    /** After a successful init: ends at once if init asked to, else starts taking turns. */
    void start() {
        if (requestedExit != null) {
            Thread previous = owner;
            owner = Thread.currentThread();
            try {
                die(requestedExit, true);
            } finally {
                owner = previous;
            }
            return;
        }
        lifecycle = ALIVE;
        open();
    }

    /** After a failed init: the process ends without {@code terminate}, telling whoever it linked to in init. */
    void abortInit(ExitReason reason) {
        // Not a crash report: the spawner receives the error as INIT_FAILED and decides what to say.
        die(reason, false);
    }

    /** Whether the process ended because its own code threw, as opposed to an exit signal it received. */
    boolean crashed() {
        return crashed;
    }

    /** Ends the process with an untrappable {@code reason} (kill, factory withdrawn, shutdown). Any thread. */
    void forceExit(ExitReason reason) {
        if (forcedExit == null) {
            forcedExit = reason;
        }
        enqueue(new Envelope(Envelope.WAKE, null, null));
    }

    @Override
    void runTurn() {
        while (turn()) {
            if (!lingerForMore()) {
                release();
                return;
            }
        }
    }

    /**
     * Handles up to the node's throughput of entries.
     *
     * @return true when the turn answered a call or took a reply and ended because the mailbox was empty, and the
     *         process lives on (the caller lingers, then releases); false when it has been released or has ended
     */
    private boolean turn() {
        owner = Thread.currentThread();
        boolean drained = false;
        boolean conversing = false;
        int messages = 0;
        try {
            if (lifecycle == DEAD) {
                return false; // stays "scheduled" for ever, so late senders never schedule a dead process
            }
            ExitReason ending = null;
            Envelope start = head();
            Envelope cursor = start;
            int pooled = start.pooled ? 1 : 0;
            try {
                int limit = node.throughput();
                for (int i = 0; i < limit; i++) {
                    ending = forcedExit;
                    if (ending != null) {
                        break;
                    }
                    Envelope envelope = next(cursor);
                    if (envelope == null) {
                        drained = true;
                        break;
                    }
                    cursor = envelope;
                    if (envelope.pooled) {
                        pooled++;
                    }
                    if (envelope.kind == Envelope.MESSAGE) {
                        messages++;
                    } else if (envelope.kind == Envelope.CALL || envelope.kind == Envelope.REPLY) {
                        conversing = true;
                    }
                    dispatch(envelope);
                    envelope.message = null; // handled: the stub it becomes must not keep it alive
                    ending = requestedExit;
                    if (ending != null) {
                        break;
                    }
                }
            } finally {
                advanceHead(cursor); // one store per turn, not one per message
                if (pooled > 0) {
                    giveBackConsumed(start, cursor);
                }
            }
            if (ending != null) {
                die(ending, true);
                return false;
            }
        } catch (Throwable unexpected) {
            // A runtime bug, not a handler's error: still end only this process and keep the worker alive.
            LOG.log(Level.ERROR, "internal error in process " + pid + "; ending it", unexpected);
            if (lifecycle != DEAD) {
                try {
                    die(ExitReason.error(unexpected), false);
                } catch (Throwable ignored) {
                    // nothing more can be done for this process
                }
            }
            return false;
        } finally {
            owner = null;
            if (messages > 0) {
                node.countDelivered(messages); // once per turn, on the consumer: senders share no counter
            }
        }
        if (drained && conversing) {
            return true; // see lingerForMore
        }
        release(); // drained, or the throughput is used up: back in line behind the others
        return false;
    }

    /**
     * Gives the node's {@link EnvelopePool} the pooled envelopes this turn consumed: those from the old head up to,
     * not including, the new one (which stays as the mailbox's stub), in one chain. The head has moved past them, so
     * nothing else reads them any more.
     */
    private void giveBackConsumed(Envelope start, Envelope newHead) {
        Envelope first = null;
        Envelope last = null;
        int count = 0;
        for (Envelope e = start; e != newHead; ) {
            Envelope next = e.next; // read with acquire earlier in this turn, on this thread
            if (e.pooled) {
                e.from = null;
                e.message = null;
                e.next = null;
                if (first == null) {
                    first = e;
                } else {
                    last.next = e;
                }
                last = e;
                count++;
            }
            e = next;
        }
        if (first != null) {
            node.envelopes().giveBack(first, last, count);
        }
    }

    /**
     * Keeps this worker on a process in a conversation (its turn answered a call or took a reply) a few microseconds
     * after its mailbox ran dry, as long as no other work waits in the pool: the next call or reply then continues
     * on a running thread,
     * instead of parking the worker and paying tens of microseconds to wake it for the next message, which is
     * what dominates a call's round trip on a small machine. It spins briefly, then yields, so it takes no core
     * from a thread that has work; while it lingers the process stays scheduled, so senders submit nothing. It
     * watches the link of the last entry taken, not the mailbox's tail. Only conversations linger: a process fed a
     * stream of plain messages is better served by going idle, so that messages pile up and the next turn takes them
     * as a batch (lingering took one-to-one sends from about 20 to 6 M/s in a trial). While it lingers it polls the
     * transport itself when no other thread is receiving ({@link SporeNode#helpReceive()}), so the next request of a
     * remote conversation is taken off the wire by the thread that will handle it, with no hand-over.
     *
     * @return true when a message (or signal) arrived meanwhile: run another turn
     */
    private boolean lingerForMore() {
        long startNs = System.nanoTime();
        while (true) {
            if (hasLinkedNext()) {
                return true;
            }
            if (forcedExit != null || ForkJoinTask.getQueuedTaskCount() > 0 || pool().hasQueuedSubmissions()) {
                return false;
            }
            long lingeredNs = System.nanoTime() - startNs;
            if (lingeredNs >= LINGER_NS) {
                return false;
            }
            if (node.helpReceive() > 0) {
                continue; // received something, perhaps for this process: look again before waiting
            }
            if (lingeredNs < LINGER_SPIN_NS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void dispatch(Envelope envelope) {
        switch (envelope.kind) {
            case Envelope.MESSAGE -> handleMessage(envelope.from, envelope.message);
            case Envelope.CALL -> handleCall((CallRequest) envelope.message);
            case Envelope.REPLY -> handleReply((CallReply) envelope.message);
            case Envelope.EXIT, Envelope.LINK_EXIT -> handleExitSignal(envelope.kind, (Exit) envelope.message);
            case Envelope.DOWN -> handleDown((Down) envelope.message);
            case Envelope.NODE_DOWN -> handleNodeDown((NodeName) envelope.message);
            default -> {
                // WAKE: only makes the turn notice forcedExit
            }
        }
    }

    private void handleMessage(Pid from, Object message) {
        try {
            behavior.handleMessage(this, from, message);
        } catch (Throwable error) {
            crash(error);
        }
    }

    private void handleCall(CallRequest request) {
        Caller caller = request.caller();
        Object result;
        try {
            result = behavior.handleCall(this, caller, request.request());
        } catch (SporeException refused) {
            if (refused.reason() == SporeException.Reason.NOT_SUPPORTED) {
                node.reply(caller, null, refused);
                return;
            }
            node.reply(caller, null, callFailed(refused));
            crash(refused);
            return;
        } catch (Throwable error) {
            node.reply(caller, null, callFailed(error));
            crash(error);
            return;
        }
        if (result == NO_REPLY) {
            return;
        }
        if (result == null) {
            node.reply(caller, null, new SporeException(SporeException.Reason.CALL_FAILED,
                "process " + pid + " answered null; handleCall must return a value or NO_REPLY"));
            return;
        }
        node.reply(caller, result, null);
    }

    private SporeException callFailed(Throwable error) {
        return new SporeException(SporeException.Reason.CALL_FAILED,
            "process " + pid + " crashed handling the call: " + error, error);
    }

    private void handleReply(CallReply reply) {
        PendingCall pending = pendingCalls == null ? null : pendingCalls.remove(reply.ref());
        if (pending == null) {
            return; // late: the call already timed out
        }
        if (pending.timer != null) {
            pending.timer.cancel(false);
        }
        try {
            if (reply.error() == null) {
                pending.handler.onReply(reply.value());
            } else {
                if (reply.error().reason() == SporeException.Reason.TIMEOUT) {
                    node.countCallTimeout();
                }
                pending.handler.onError(reply.error());
            }
        } catch (Throwable error) {
            crash(error);
        }
    }

    private void handleExitSignal(byte kind, Exit exit) {
        if (kind == Envelope.LINK_EXIT) {
            synchronized (this) {
                if (links == null || !links.remove(exit.from())) {
                    return; // unlinked meanwhile: the signal no longer applies
                }
            }
        }
        if (trapExits) {
            handleMessage(exit.from(), exit);
        } else if (!exit.reason().isNormal()) {
            requestedExit = exit.reason();
        }
    }

    private void handleDown(Down down) {
        if (monitoring != null && monitoring.remove(down.monitor()) != null) {
            handleMessage(down.pid(), down);
        }
    }

    /** A node this process had links, monitors or calls with went away: each fires as noconnection. */
    private void handleNodeDown(NodeName gone) {
        List<Pid> lostLinks = new ArrayList<>();
        synchronized (this) {
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
        }
        if (pendingCalls != null) {
            SporeException down = SporeNode.nodeWentDown(gone);
            List<Map.Entry<Ref, PendingCall>> failed = new ArrayList<>();
            pendingCalls.entrySet().removeIf(e -> gone.equals(e.getValue().remoteNode()) && failed.add(e));
            for (Map.Entry<Ref, PendingCall> e : failed) {
                if (requestedExit != null) {
                    break;
                }
                e.getValue().timer.cancel(false);
                try {
                    e.getValue().handler.onError(down);
                } catch (Throwable error) {
                    crash(error);
                }
            }
        }
        if (monitoring != null) {
            List<Down> downs = new ArrayList<>();
            monitoring.entrySet().removeIf(e -> e.getValue().node().equals(gone)
                && downs.add(new Down(e.getKey(), e.getValue(), ExitReason.NOCONNECTION)));
            for (Down down : downs) {
                if (requestedExit == null) {
                    handleMessage(down.pid(), down);
                }
            }
        }
        for (Pid linked : lostLinks) {
            if (requestedExit != null) {
                break;
            }
            if (trapExits) {
                handleMessage(linked, new Exit(linked, ExitReason.NOCONNECTION));
            } else {
                requestedExit = ExitReason.NOCONNECTION;
            }
        }
    }

    private void crash(Throwable error) {
        requestedExit = ExitReason.error(error);
        crashed = true;
    }

    /** Ends the process: terminate, leave the table, tell links and monitors. On the owning thread. */
    private void die(ExitReason reason, boolean callTerminate) {
        if (callTerminate && reason.kind() != ExitReason.Kind.KILLED) {
            try {
                behavior.terminate(this, reason);
            } catch (Throwable error) {
                LOG.log(Level.WARNING, "terminate of process " + pid + " threw; ignored", error);
            }
        }
        Set<Pid> linked;
        Map<Ref, Pid> watching;
        Set<NodeName> remotes;
        Name name;
        synchronized (this) {
            remotes = remoteNodes;
            remoteNodes = null;
            linked = links;
            links = null;
            watching = watchers;
            watchers = null;
            name = registeredName;
            // Name and table entry go first, then the volatile DEAD: whoever sees this process dead (or gone
            // from the table) also sees its name released.
            node.onExit(this, name, reason, crashed);
            lifecycle = DEAD;
            notifyAll();
        }
        if (pendingCalls != null) {
            pendingCalls.values().stream().filter(p -> p.timer != null).forEach(p -> p.timer.cancel(false));
            pendingCalls = null;
        }
        for (Envelope e = poll(); e != null; e = poll()) {
            if (e.kind == Envelope.CALL) {
                node.reply(((CallRequest) e.message).caller(), null, new SporeException(
                    SporeException.Reason.NO_PROCESS, "process " + pid + " exited (" + reason + ") before answering"));
            } else if (e.kind == Envelope.MESSAGE) {
                node.countDropped();
            }
        }
        if (remotes != null) {
            remotes.forEach(remote -> node.forgetRemote(remote, this));
        }
        if (linked != null) {
            Exit exit = new Exit(pid, reason);
            for (Pid other : linked) {
                node.signalLinkExit(other, exit);
            }
        }
        if (watching != null) {
            watching.forEach((ref, watcher) -> node.signalDown(watcher, new Down(ref, pid, reason)));
        }
        logExit(reason);
    }

    private void logExit(ExitReason reason) {
        switch (reason.kind()) {
            case ERROR -> {
                if (crashed) {
                    LOG.log(Level.WARNING, "process " + pid + describeOrigin() + " crashed: " + reason.cause(),
                        reason.cause());
                } else {
                    LOG.log(Level.DEBUG, () -> "process " + pid + " exited with a linked process: " + reason);
                }
            }
            case NORMAL, SHUTDOWN -> LOG.log(Level.TRACE, () -> "process " + pid + " exited: " + reason);
            default -> LOG.log(Level.DEBUG, () -> "process " + pid + describeOrigin() + " exited: " + reason);
        }
    }

    private String describeOrigin() {
        return factoryEntry == null ? "" : " (factory '" + factoryEntry.name() + "')";
    }

    /** Waits until the process has ended, at most {@code timeoutMs}. @return whether it ended */
    synchronized boolean awaitDeath(long timeoutMs) throws InterruptedException {
        long deadlineMs = System.currentTimeMillis() + timeoutMs;
        while (lifecycle != DEAD) {
            long remainingMs = deadlineMs - System.currentTimeMillis();
            if (remainingMs <= 0) {
                return false;
            }
            wait(remainingMs);
        }
        return true;
    }

    // ---- relations, called by other processes through SporeNode ----

    /** @return false when already dead, so the caller must deliver a noproc signal itself */
    synchronized boolean addLink(Pid other) {
        if (lifecycle == DEAD) {
            return false;
        }
        if (links == null) {
            links = new HashSet<>(4);
        }
        links.add(other);
        return true;
    }

    /** @return whether {@code remote} is new among the nodes this process has relations with */
    synchronized boolean addRemoteNode(NodeName remote) {
        if (remoteNodes == null) {
            remoteNodes = new HashSet<>(2);
        }
        return remoteNodes.add(remote);
    }

    synchronized void removeLink(Pid other) {
        if (links != null) {
            links.remove(other);
        }
    }

    /** @return false when already dead, so the caller must deliver a noproc Down itself */
    synchronized boolean addWatcher(Ref ref, Pid watcher) {
        if (lifecycle == DEAD) {
            return false;
        }
        if (watchers == null) {
            watchers = new HashMap<>(4);
        }
        watchers.put(ref, watcher);
        return true;
    }

    synchronized void removeWatcher(Ref ref) {
        if (watchers != null) {
            watchers.remove(ref);
        }
    }

    boolean isDead() {
        return lifecycle == DEAD;
    }

    Name registeredNameLocked() {
        return registeredName;
    }

    void setRegisteredNameLocked(Name name) {
        registeredName = name;
    }

    FactoryEntry factoryEntry() {
        return factoryEntry;
    }

    ProcessInfo info() {
        Name name;
        synchronized (this) {
            name = registeredName;
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
        return registeredName;
    }

    @Override
    public Name factory() {
        return factoryEntry == null ? null : factoryEntry.name();
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public ProcessLogger log() {
        return this;
    }

    @Override
    public void log(LogLevel level, String format, Object... args) {
        if (!logLevel.admits(level)) {
            return;
        }
        Throwable thrown = args.length > 0 && args[args.length - 1] instanceof Throwable t ? t : null;
        String text = args.length == 0 ? format : String.format(format, args);
        Name name = registeredName();
        String line = pid + (name == null ? "" : " " + name) + ": " + text;
        Level jdkLevel = switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            default -> Level.ERROR;
        };
        // Filtering is the process's own level; the platform logger only decides where lines go.
        if (thrown == null) {
            PROCESS_LOG.log(jdkLevel, line);
        } else {
            PROCESS_LOG.log(jdkLevel, line, thrown);
        }
    }

    @Override
    public void send(Pid to, Object message) {
        node.deliver(pid, to, message);
    }

    @Override
    public void send(Pid to, Object message, SendOptions options) {
        node.deliver(pid, to, message, options);
    }

    @Override
    public void send(Name name, Object message) {
        node.deliver(pid, node.resolve(name), message);
    }

    @Override
    public void send(Name name, NodeName node, Object message) {
        this.node.deliverNamed(pid, node, name, message);
    }

    @Override
    public Ref call(Pid to, Object request, Duration timeout, ReplyHandler handler) {
        Objects.requireNonNull(to, "to");
        return startCall(to.node(), to.toString(), request, timeout, handler,
            caller -> node.routeCall(caller, to, request));
    }

    @Override
    public Ref call(Name to, Object request, Duration timeout, ReplyHandler handler) {
        return call(to, node.name(), request, timeout, handler);
    }

    @Override
    public Ref call(Name name, NodeName node, Object request, Duration timeout, ReplyHandler handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        return startCall(node, "'" + name + "' on " + node, request, timeout, handler,
            caller -> this.node.routeCallNamed(caller, node, name, request));
    }

    /**
     * Registers a pending call with its timer, then sends the request. A refusal (no such process, node not
     * connected, unencodable request) reaches the handler like any reply, on this process's next turn.
     */
    private Ref startCall(NodeName target, String description, Object request, Duration timeout,
                          ReplyHandler handler, java.util.function.Consumer<Caller> send) {
        checkOwner("call");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        long timeoutMs = SporeNode.checkTimeout(timeout);
        Ref ref = node.newRef();
        if (pendingCalls == null) {
            pendingCalls = new HashMap<>(4);
        }
        boolean remote = !target.equals(node.name());
        ScheduledFuture<?> timer = node.scheduleCallTimeout(this, ref, description, timeoutMs);
        pendingCalls.put(ref, new PendingCall(handler, timer, remote ? target : null));
        if (remote) {
            node.noteRemote(target, this);
        }
        try {
            send.accept(new Caller(pid, ref));
        } catch (SporeException refused) {
            enqueue(new Envelope(Envelope.REPLY, null, new CallReply(ref, null, refused)));
        }
        return ref;
    }

    @Override
    public void reply(Caller caller, Object reply) {
        Objects.requireNonNull(reply, "reply");
        node.reply(caller, reply, null);
    }

    @Override
    public Pid spawn(Name factory, ProcessOptions options, Object... args) {
        return node.spawnByName(this, null, factory, options, args);
    }

    @Override
    public Pid spawnRegister(Name register, Name factory, ProcessOptions options, Object... args) {
        return node.spawnByName(this, Objects.requireNonNull(register, "register"), factory, options, args);
    }

    @Override
    public Pid spawn(ProcessFactory factory, ProcessOptions options, Object... args) {
        return node.spawnProcess(this, factory, null, null, options, args);
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

    private Pid remoteSpawn(NodeName target, Name factory, Name register, ProcessOptions options, Object[] args) {
        checkOwner("remoteSpawn");
        Objects.requireNonNull(target, "node");
        if (target.equals(node.name())) {
            // This node: a local spawn, minus the link option, so it behaves as the remote one would.
            ProcessOptions local = options == null ? ProcessOptions.DEFAULTS : options.withLink(false);
            return node.spawnByName(this, register, factory, local, args);
        }
        return node.remoteSpawns().await(node.remoteSpawns().requestConnecting(target, this, register, factory,
            options, args), options, target, factory);
    }

    @Override
    public void link(Pid other) {
        checkOwner("link");
        if (other.equals(pid)) {
            return;
        }
        synchronized (this) {
            if (links == null) {
                links = new HashSet<>(4);
            }
            if (!links.add(other)) {
                return; // already linked: links are sets, as in Erlang
            }
        }
        if (isRemote(other)) {
            RemoteRouter router = node.router();
            if (router != null) {
                node.noteRemote(other.node(), this);
                router.link(pid, other);
            } else {
                enqueue(new Envelope(Envelope.LINK_EXIT, other, new Exit(other, ExitReason.NOCONNECTION)));
            }
            return;
        }
        ProcessCell target = node.localCell(other);
        if (target == null || !target.addLink(pid)) {
            enqueue(new Envelope(Envelope.LINK_EXIT, other, new Exit(other, ExitReason.NOPROC)));
        }
    }

    /** A pid of another node; a pid of an earlier incarnation of this node counts as local (and dead). */
    private boolean isRemote(Pid other) {
        return !other.node().equals(node.name());
    }

    @Override
    public void unlink(Pid other) {
        checkOwner("unlink");
        synchronized (this) {
            if (links != null) {
                links.remove(other);
            }
        }
        if (isRemote(other)) {
            RemoteRouter router = node.router();
            if (router != null) {
                router.unlink(pid, other);
            }
            return;
        }
        ProcessCell target = node.localCell(other);
        if (target != null) {
            target.removeLink(pid);
        }
    }

    @Override
    public Ref monitor(Pid other) {
        checkOwner("monitor");
        Ref ref = node.newRef();
        if (monitoring == null) {
            monitoring = new HashMap<>(4);
        }
        monitoring.put(ref, other);
        if (isRemote(other)) {
            RemoteRouter router = node.router();
            if (router != null) {
                node.noteRemote(other.node(), this);
                router.monitor(ref, pid, other);
            } else {
                enqueue(new Envelope(Envelope.DOWN, other, new Down(ref, other, ExitReason.NOCONNECTION)));
            }
            return ref;
        }
        ProcessCell target = node.localCell(other);
        if (target == null || !target.addWatcher(ref, pid)) {
            enqueue(new Envelope(Envelope.DOWN, other, new Down(ref, other, ExitReason.NOPROC)));
        }
        return ref;
    }

    @Override
    public void demonitor(Ref monitor) {
        checkOwner("demonitor");
        Pid target = monitoring == null ? null : monitoring.remove(monitor);
        if (target == null) {
            return;
        }
        if (isRemote(target)) {
            RemoteRouter router = node.router();
            if (router != null) {
                router.demonitor(monitor, pid, target);
            }
            return;
        }
        ProcessCell cell = node.localCell(target);
        if (cell != null) {
            cell.removeWatcher(monitor);
        }
    }

    @Override
    public void monitorNodes(boolean monitor) {
        checkOwner("monitorNodes");
        node.watchNodes(pid, monitor);
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
        node.signalExit(pid, other, reason);
    }

    @Override
    public void register(Name name) {
        node.registerCell(name, this);
    }

    @Override
    public String toString() {
        return "process " + pid;
    }

    /** A call this process made and still waits for. */
    private record PendingCall(ReplyHandler handler, ScheduledFuture<?> timer, NodeName remoteNode) {
    }
}
