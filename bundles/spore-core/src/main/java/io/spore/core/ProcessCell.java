package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.SporeException;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;

/**
 * One process as the worker pool runs it: its life cycle, its turn and the dispatch of what its mailbox holds to its
 * behaviour. Who it is, what it holds of others and the {@link io.spore.api.ProcessContext} its handlers see are
 * {@link ProcessContextCell}'s, the class it extends.
 *
 * <p>Threading: a turn runs on one worker at a time (see {@link Mailbox}). Fields without a lock are touched only
 * on the process's own turn; see {@link ProcessContextCell} for what its lock guards.
 */
final class ProcessCell extends ProcessContextCell {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ProcessCell.class.getName());
    /** How long a worker stays on a process whose mailbox ran dry, waiting for its next message (see lingerForMore). */
    static final long LINGER_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** The first part of the linger is a spin; after it the worker yields. */
    static final long LINGER_SPIN_NS = TimeUnit.MICROSECONDS.toNanos(2);

    private final transient ProcessBehavior behavior;
    private volatile ExitReason forcedExit;
    private boolean crashed; // the exit is this process's own handler error, not one it inherited over a link
    /** What waits from other nodes against its mailbox limit; {@code null} without a limit. */
    private final transient RemoteBacklog backlog;

    ProcessCell(ProcessHost host, LocalRouter router, Pid pid, ProcessBehavior behavior, FactoryEntry factoryEntry,
                Inheritance inherited) {
        super(host, router, pid, factoryEntry, inherited);
        this.behavior = behavior;
        this.backlog = RemoteBacklog.of(inherited.mailboxLimit());
    }

    /** @return the count of messages from other nodes against its limit, or {@code null} without a limit */
    RemoteBacklog backlog() {
        return backlog;
    }

    // ---- life cycle, driven by the Spawner and the turn ----

    /** Runs {@code init} on the spawner's thread; the process receives nothing before it returns. */
    void init(Object[] args) throws Exception {
        Thread previous = owner;
        owner = Thread.currentThread();
        try {
            behavior.init(this, args);
        } finally {
            flushTimers();
            owner = previous;
        }
    }

    /** Own turn, at the end of a turn or of {@code init}: the timers it started or cancelled reach the wheel. */
    private void flushTimers() {
        if (timers != null) {
            timers.flush();
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
                int limit = host.throughput();
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
                    if (backlog != null) {
                        // Pooled envelopes are exactly the messages the receiving thread delivered and counted.
                        backlog.took(pooled - (start.pooled ? 1 : 0));
                    }
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
            flushTimers();
            owner = null;
            if (messages > 0) {
                host.counters().messagesDelivered.add(messages); // once per turn, on the consumer: senders share no counter
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
                ((Envelope.Pooled) e).request = null;
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
            host.envelopes().giveBack(first, last, count);
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
     * transport itself when no other thread is receiving ({@link LocalRouter#helpReceive()}), so the next request of a
     * remote conversation is taken off the wire by the thread that will handle it, with no hand-over.
     *
     * @return true when a message (or signal) arrived meanwhile: run another turn
     */
    private boolean lingerForMore() {
        NanoClock clock = host.clock();
        long startNs = clock.nanoTime();
        while (true) {
            if (hasLinkedNext()) {
                return true;
            }
            if (forcedExit != null || ForkJoinTask.getQueuedTaskCount() > 0 || pool().hasQueuedSubmissions()) {
                return false;
            }
            long lingeredNs = clock.nanoTime() - startNs;
            if (lingeredNs >= LINGER_NS) {
                return false;
            }
            if (router.helpReceive() > 0) {
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
        if (receiveTimer != null && envelope.kind != Envelope.TIMEOUT && envelope.kind != Envelope.WAKE) {
            disarmReceiveTimeout(); // something came first
        }
        switch (envelope.kind) {
            case Envelope.MESSAGE -> handleMessage(envelope.from, envelope.message);
            case Envelope.CALL -> handleCall(envelope.caller(), envelope.request());
            case Envelope.REPLY -> handleReply((CallReply) envelope.message);
            case Envelope.EXIT, Envelope.LINK_EXIT -> handleExitSignal(envelope.kind, (Exit) envelope.message);
            case Envelope.DOWN -> handleDown((Down) envelope.message);
            case Envelope.NODE_DOWN -> handleNodeDown((NodeName) envelope.message);
            case Envelope.TIMEOUT -> {
                ProcessTimer timedOut = (ProcessTimer) envelope.message;
                if (timedOut == receiveTimer) { // not one that something else overtook
                    receiveTimer = null;
                    handleMessage(pid, timedOut.message);
                }
            }
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

    private void handleCall(Caller caller, Object request) {
        Object result;
        try {
            result = behavior.handleCall(this, caller, request);
        } catch (SporeException refused) {
            if (refused.reason() == SporeException.Reason.NOT_SUPPORTED) {
                router.reply(pid, caller, null, refused);
                return;
            }
            router.reply(pid, caller, null, callFailed(refused));
            crash(refused);
            return;
        } catch (Throwable error) {
            router.reply(pid, caller, null, callFailed(error));
            crash(error);
            return;
        }
        if (result == NO_REPLY) {
            return;
        }
        if (result == null) {
            router.reply(pid, caller, null, new SporeException(SporeException.Reason.CALL_FAILED,
                "process " + pid + " answered null; handleCall must return a value or NO_REPLY"));
            return;
        }
        router.reply(pid, caller, result, null);
    }

    private SporeException callFailed(Throwable error) {
        return new SporeException(SporeException.Reason.CALL_FAILED,
            "process " + pid + " crashed handling the call: " + error, error);
    }

    private void handleReply(CallReply reply) {
        PendingCalls.Pending pending = calls == null ? null : calls.take(reply.ref(), reply.from());
        if (pending == null) {
            return; // late: the call already timed out
        }
        try {
            if (reply.error() == null) {
                pending.handler().onReply(reply.value());
            } else {
                if (reply.error().reason() == SporeException.Reason.TIMEOUT) {
                    host.counters().callTimeouts.increment();
                }
                pending.handler().onError(reply.error());
            }
        } catch (Throwable error) {
            crash(error);
        }
    }

    private void handleExitSignal(byte kind, Exit exit) {
        if (kind == Envelope.LINK_EXIT) {
            synchronized (this) {
                if (relations == null || !relations.removeLink(exit.from())) {
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
        if (monitors != null && monitors.remove(down.monitor(), down.pid())) {
            handleMessage(down.pid(), down);
        }
    }

    /** A node this process had links, monitors or calls with went away: each fires as noconnection. */
    private void handleNodeDown(NodeName gone) {
        List<Pid> lostLinks;
        synchronized (this) {
            lostLinks = relations == null ? List.of() : relations.dropNode(gone);
        }
        if (calls != null) {
            SporeException down = Failures.nodeWentDown(gone);
            for (PendingCalls.Pending call : calls.takeNode(gone)) {
                if (requestedExit != null) {
                    break;
                }
                call.cancelTimer();
                try {
                    call.handler().onError(down);
                } catch (Throwable error) {
                    crash(error);
                }
            }
        }
        if (monitors != null) {
            for (Down down : monitors.dropNode(gone)) {
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
        Relations related;
        Name name;
        synchronized (this) {
            name = registeredNameLocked(); // kept in the relations, so read before they are taken
            related = relations;
            relations = null;
            // Name and table entry go first, then the volatile DEAD: whoever sees this process dead (or gone
            // from the table) also sees its name released.
            host.network().watchNodes(pid, false);
            host.table().onExit(this, name, crashed);
            lifecycle = DEAD;
            notifyAll();
        }
        host.network().cluster().processEnded(pid);
        if (calls != null) {
            calls.cancelAll();
            calls = null;
        }
        cancelTimers();
        for (Envelope e = poll(); e != null; e = poll()) {
            if (e.kind == Envelope.CALL) {
                router.reply(pid, e.caller(), null, new SporeException(
                    SporeException.Reason.NO_PROCESS, "process " + pid + " exited (" + reason + ") before answering"));
            } else if (e.kind == Envelope.MESSAGE) {
                host.counters().messagesDropped.increment();
            }
        }
        if (related != null) {
            related.fire(this, reason, router, host.relations());
        }
        ProcessLog.exited(pid, factoryEntry(), reason, crashed);
    }

    /** Waits until the process has ended, at most until {@code deadlineNs} on the node clock. @return whether it did */
    synchronized boolean awaitDeath(long deadlineNs) throws InterruptedException {
        while (lifecycle != DEAD) {
            long remainingNs = deadlineNs - host.clock().nanoTime();
            if (remainingNs <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remainingNs);
        }
        return true;
    }

    @Override
    public String toString() {
        return "process " + pid;
    }
}
