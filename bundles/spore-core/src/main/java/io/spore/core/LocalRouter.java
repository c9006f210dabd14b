package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The node's side of routing: messages, calls, replies and signals go to a local process's mailbox, or to the
 * attached {@link RemoteRouter} (the transport's side) when they are for another node; and what arrives from other
 * nodes is accepted here for local processes. A target that does not exist is handled as Erlang does: a message
 * is dropped and counted, a call answered with {@code NO_PROCESS}, a link with a {@code noproc} exit, a monitor with
 * a {@code noproc} down.
 *
 * <p>A local send is one table lookup, one envelope and one atomic exchange on the target's mailbox; the node's stop
 * shows here first, as every send reads it. Threading: any thread.
 */
final class LocalRouter {
    private static final System.Logger LOG = System.getLogger(LocalRouter.class.getName());

    private final NodeName name;
    private final int creation;
    private final Pid identity;
    private final ConcurrentHashMap<Pid, ProcessCell> cells;
    private final ProcessTable table;
    private final NodeCounters counters;
    private final EnvelopePool envelopes;
    private final ReplyTable<Object> externalCalls;
    private final ImportantSends importantSends;
    private volatile RemoteRouter remote;
    private volatile boolean running = true;
    /** {@link #helpReceive()} as a value made once: a waiter passes it on every wait, which then allocates nothing. */
    final IntSupplier helpReceiver = this::helpReceive;

    /**
     * @param externalCalls where the replies to calls made from outside any process go
     * @param acks          the important sends waiting for the other node's acknowledgement
     */
    LocalRouter(NodeServices services, ProcessTable table, ReplyTable<Object> externalCalls,
                ReplyTable<Void> acks) {
        this.name = services.name;
        this.creation = services.creation;
        this.identity = services.identity;
        this.cells = table.cells();
        this.table = table;
        this.counters = services.counters;
        this.envelopes = services.envelopes;
        this.externalCalls = externalCalls;
        this.importantSends = new ImportantSends(services, acks);
    }

    // ---- the node's state and its transport ----

    void ensureRunning() {
        if (!running) {
            throw new SporeException(SporeException.Reason.NODE_STOPPED, "node " + name + " has stopped");
        }
    }

    boolean isRunning() {
        return running;
    }

    /** From now on sends and spawns fail with {@code NODE_STOPPED}. */
    void stop() {
        running = false;
    }

    /** @return the transport attached now, or {@code null} */
    RemoteRouter remote() {
        return remote;
    }

    /** Routes what is for other nodes through {@code router}, or through nothing ({@code null}). */
    void attach(RemoteRouter router) {
        remote = router;
    }

    /** @throws SporeException {@code NODE_DOWN} when no transport is attached */
    RemoteRouter connectedRouter(NodeName node) {
        RemoteRouter router = remote;
        if (router == null) {
            throw Failures.notConnected(node);
        }
        return router;
    }

    /** See {@link RemoteRouter#helpReceive()}: for threads waiting on another node. @return what it received */
    int helpReceive() {
        RemoteRouter router = remote;
        return router == null ? 0 : router.helpReceive();
    }

    boolean isLocal(Pid pid) {
        // The creation first: an int compare settles most remote pids before any string is looked at.
        return pid.creation() == creation && pid.node().equals(name);
    }

    /** A pid of another node; a pid of an earlier incarnation of this node counts as local (and dead). */
    boolean isOtherNode(Pid pid) {
        return !pid.node().equals(name);
    }

    /** @throws SporeException {@code NO_PROCESS} when nobody holds the name */
    Pid resolve(Name registered) {
        return table.resolve(registered);
    }

    ProcessCell localCell(Pid pid) {
        return cells.get(pid);
    }

    // ---- messages ----

    /**
     * Timer thread: a process's timer fired. Its message is sent as its owner's, as a send then would be; a receive
     * timeout goes to the owner's mailbox, to be handled if nothing overtook it. Nothing here may throw.
     */
    void fire(ProcessTimer timer) {
        try {
            if (timer.receiveTimeout) {
                ProcessCell cell = cells.get(timer.owner);
                if (cell != null) {
                    cell.enqueue(new Envelope(Envelope.TIMEOUT, null, timer));
                }
            } else {
                deliver(timer.owner, timer.to, timer.message);
            }
        } catch (SporeException e) {
            // The node is stopping, or the other node cannot take it now: a send then would fail, so this one is
            // lost as such a send is, and said at debug level (a busy timer must not fill the log).
            LOG.log(Level.DEBUG, () -> "a timer of " + timer.owner + " could not send to " + timer.to + ": " + e);
        }
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
            RemoteRouter router = routerFor(to, options.important());
            if (router == null) {
                return;
            }
            if (options.important()) {
                importantSends.send(router, from, to, message, options.deliveryId(), helpReceiver);
            } else {
                router.send(from, to, message, options);
            }
            return;
        }
        ProcessCell cell = cells.get(to);
        if (cell == null) {
            if (options.important()) {
                throw Failures.noProcess(to);
            }
            counters.messagesDropped.increment(); // Erlang: a send to a dead process succeeds and is lost
            return;
        }
        cell.enqueue(new Envelope(Envelope.MESSAGE, from, message));
    }

    /**
     * The router for a remote pid, or {@code null} when the message is to be dropped (and counted): a pid of an
     * earlier incarnation of this node, or no transport attached. Important sends fail instead.
     */
    private RemoteRouter routerFor(Pid to, boolean important) {
        if (to.node().equals(name)) {
            if (important) {
                throw Failures.noProcess(to);
            }
            counters.messagesDropped.increment(); // an earlier incarnation of this node: that process is gone
            return null;
        }
        RemoteRouter router = remote;
        if (router == null) {
            if (important) {
                throw Failures.notConnected(to.node());
            }
            counters.messagesDropped.increment();
        }
        return router;
    }

    void deliverNamed(Pid from, NodeName node, Name registered, Object message) {
        Objects.requireNonNull(node, "node");
        if (node.equals(name)) {
            deliver(from, resolve(registered), message);
            return;
        }
        if (message == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "cannot send null to " + registered);
        }
        ensureRunning();
        RemoteRouter router = remote;
        if (router == null) {
            counters.messagesDropped.increment();
            return;
        }
        router.sendNamed(from, node, Objects.requireNonNull(registered, "name"), message, SendOptions.DEFAULTS);
    }

    /** A remote message was delivered. */
    static final byte DELIVERED = 0;
    /** A remote message was delivered, and its process reached its mailbox limit. */
    static final byte FULL = 1;
    /** A remote message's process does not exist: it was dropped and counted. */
    static final byte NO_PROCESS = 2;

    /**
     * Messages that arrived from another node: delivered here, never routed again.
     *
     * @return whether {@code to} exists; when not, the message is dropped and counted
     */
    boolean deliverLocal(Pid from, Pid to, Object message) {
        ProcessCell cell = cells.get(to);
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
     * thread), so the envelope comes from the node's {@link EnvelopePool}, and the process's
     * {@link RemoteBacklog} counts it.
     *
     * @return {@link #DELIVERED}, {@link #FULL} (delivered, and the process reached its mailbox limit) or
     *         {@link #NO_PROCESS} (dropped and counted)
     */
    byte deliverLocal(Pid from, Pid to, Object message, DeferredWakeups wakeups) {
        ProcessCell cell = cells.get(to);
        if (cell == null) {
            counters.messagesDropped.increment();
            return NO_PROCESS;
        }
        if (cell.enqueueWithoutWaking(envelopes.take(Envelope.MESSAGE, from, message))) {
            wakeups.add(cell);
        }
        RemoteBacklog backlog = cell.backlog();
        return backlog == null || backlog.delivered() ? DELIVERED : FULL;
    }

    /** @return whether {@code pid} has room for more from other nodes (see {@link RemoteBacklog#hasRoom}) */
    boolean hasRoom(Pid pid) {
        ProcessCell cell = cells.get(pid);
        RemoteBacklog backlog = cell == null ? null : cell.backlog();
        return backlog == null || backlog.hasRoom();
    }

    /**
     * Waits until {@code node} has taken everything sent to it so far: see {@link RemoteRouter#awaitDelivery}.
     *
     * @throws SporeException {@code NODE_DOWN} when no transport is attached (then nothing was sent)
     */
    void awaitDelivery(NodeName node, java.time.Duration timeout) {
        ensureRunning();
        RemoteRouter router = remote;
        if (router == null) {
            throw Failures.notConnected(node);
        }
        router.awaitDelivery(node, timeout);
    }

    /** A remote node's answer to an important send of this node; {@code from} null when the router cannot say. */
    void deliveryAck(NodeName from, Ref ackRef, SporeException error) {
        if (from == null) {
            importantSends.onAck(ackRef, error);
        } else {
            importantSends.onAck(from, ackRef, error);
        }
    }

    // ---- calls and replies ----

    /**
     * Sends a call request to {@code to}, here or on another node.
     *
     * @throws SporeException {@code NO_PROCESS} when a local target does not exist, {@code NODE_DOWN} when no
     *                        transport can reach the target's node, or what the transport refuses with
     */
    void routeCall(Caller caller, Pid to, Object request) {
        if (isLocal(to)) {
            ProcessCell cell = cells.get(to);
            if (cell == null) {
                throw Failures.noProcess(to);
            }
            cell.enqueue(new Envelope(Envelope.CALL, caller.from(), new CallRequest(caller, request)));
            return;
        }
        if (to.node().equals(name)) {
            throw Failures.noProcess(to);
        }
        connectedRouter(to.node()).call(caller, to, request);
    }

    /**
     * Sends a call request of the local {@code from} to {@code to} on another node, under this node's ref
     * {@code refId}: no {@link Caller} is made for it (see {@link RemoteRouter#call(Pid, long, Pid, Object)}).
     *
     * @throws SporeException as {@link #routeCall(Caller, Pid, Object)}
     */
    void routeRemoteCall(Pid from, long refId, Pid to, Object request) {
        connectedRouter(to.node()).call(from, refId, to, request);
    }

    void routeCallNamed(Caller caller, NodeName node, Name registered, Object request) {
        if (node.equals(name)) {
            routeCall(caller, resolve(registered), request);
            return;
        }
        connectedRouter(node).callNamed(caller, node, registered, request);
    }

    /**
     * A call of a process on another node to local {@code to}, answered here with an error reply when there is
     * nobody. On the receiving thread's batch ({@code wakeups}
     * given) the call counts against the process's mailbox limit like a message from another node, and a process
     * at its limit refuses it at once with {@code BACK_PRESSURED}: calls travel on the control stream, which is read
     * even while the sender's data waits, so they are bounded here instead.
     *
     * @param wakeups the receiving thread's batch, or {@code null} outside one (then nothing is counted)
     */
    void acceptCall(Caller caller, Pid to, Object request, DeferredWakeups wakeups) {
        ProcessCell cell = isLocal(to) ? cells.get(to) : null;
        if (cell == null) {
            reply(null, caller, null, Failures.noProcess(to));
            return;
        }
        if (wakeups == null) {
            cell.enqueue(new Envelope(Envelope.CALL, caller.from(), new CallRequest(caller, request)));
            return;
        }
        RemoteBacklog backlog = cell.backlog();
        if (backlog != null && backlog.isFull()) {
            reply(null, caller, null, new SporeException(SporeException.Reason.BACK_PRESSURED, to + " has "
                + backlog.limit() + " messages and calls from other nodes waiting, its mailbox limit; retry later"));
            return;
        }
        if (cell.enqueueWithoutWaking(envelopes.takeCall(caller, request))) {
            wakeups.add(cell);
        }
        if (backlog != null) {
            backlog.delivered();
        }
    }

    void acceptCallNamed(Caller caller, Name registered, Object request, DeferredWakeups wakeups) {
        Pid pid = table.whereis(registered);
        if (pid == null) {
            reply(null, caller, null, Failures.notRegistered(registered));
            return;
        }
        acceptCall(caller, pid, request, wakeups);
    }

    /**
     * The answer from node {@code from} to a call of a local caller: taken only when the call went to that node, so
     * a third node cannot answer in the callee's place.
     */
    void replyFrom(NodeName from, Caller caller, Object value, SporeException error) {
        replyFrom(from, caller.from(), caller.refId(), caller.refCreation(), value, error);
    }

    /**
     * As {@link #replyFrom(NodeName, Caller, Object, SporeException)}, with the caller's pid and its ref's id and
     * creation: an outside caller's answer needs no {@link Caller} or {@link Ref} made for it.
     */
    void replyFrom(NodeName from, Pid caller, long refId, int refCreation, Object value, SporeException error) {
        if (caller.equals(identity)) {
            externalCalls.complete(from, refId, refCreation, value, error);
            return;
        }
        ProcessCell cell = isLocal(caller) ? cells.get(caller) : null;
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.REPLY, null,
                new CallReply(new Ref(name, refId, refCreation), value, error, from)));
        }
    }

    /**
     * Routes the answer to a call to whoever waits: a blocked outside caller or a process's pending call.
     *
     * @param replier the process of this node that answers, or {@code null} when it is the node itself
     */
    void reply(Pid replier, Caller caller, Object value, SporeException error) {
        if (caller.from().equals(identity)) {
            externalCalls.complete(caller.ref(), value, error);
            return;
        }
        if (!isLocal(caller.from())) {
            RemoteRouter router = remote;
            if (router != null && isOtherNode(caller.from())) {
                replyRemote(router, replier, caller, value, error);
            }
            return;
        }
        ProcessCell cell = cells.get(caller.from());
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.REPLY, null, new CallReply(caller.ref(), value, error)));
        }
    }

    private static void replyRemote(RemoteRouter router, Pid replier, Caller caller, Object value,
                                    SporeException error) {
        try {
            router.reply(replier, caller, value, error);
        } catch (SporeException unsendable) {
            // The answer cannot travel (unencodable, too large, back-pressured): the caller learns why at once
            // instead of waiting for its timeout, and the answering process carries on.
            if (error != null) {
                LOG.log(Level.WARNING, "could not send an error reply to " + caller.from() + ": "
                    + unsendable.getMessage());
                return;
            }
            router.reply(caller, null, new SporeException(SporeException.Reason.CALL_FAILED,
                "the reply could not be sent back: " + unsendable.getMessage(), unsendable));
        }
    }

    // ---- signals ----

    void signalExit(Pid from, Pid to, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (!isLocal(to)) {
            RemoteRouter router = remote;
            if (router != null && isOtherNode(to)) {
                router.exit(from, to, reason, false);
            }
            return;
        }
        acceptExit(from, to, reason, false);
    }

    /** An exit signal for a local process, from here or from another node. */
    void acceptExit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        ProcessCell cell = cells.get(to);
        if (cell == null) {
            return;
        }
        if (viaLink) {
            cell.enqueue(new Envelope(Envelope.LINK_EXIT, from, new Exit(from, reason)));
        } else if (reason.kind() == ExitReason.Kind.KILLED) {
            cell.forceExit(ExitReason.KILLED);
        } else {
            cell.enqueue(new Envelope(Envelope.EXIT, from, new Exit(from, reason)));
        }
    }

    void signalLinkExit(Pid to, Exit exit) {
        if (!isLocal(to)) {
            RemoteRouter router = remote;
            if (router != null && isOtherNode(to)) {
                router.exit(exit.from(), to, exit.reason(), true);
            }
            return;
        }
        ProcessCell cell = cells.get(to);
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.LINK_EXIT, exit.from(), exit));
        }
    }

    void signalDown(Pid watcher, Down down) {
        if (!isLocal(watcher)) {
            RemoteRouter router = remote;
            if (router != null && isOtherNode(watcher)) {
                router.down(down.monitor(), watcher, down.pid(), down.reason());
            }
            return;
        }
        ProcessCell cell = cells.get(watcher);
        if (cell != null) {
            cell.enqueue(new Envelope(Envelope.DOWN, down.pid(), down));
        }
    }
}
