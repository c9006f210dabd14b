package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.NodeName;
import io.spore.api.Ref;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The calls one process made and still waits for, by ref: how a call is made, and how it ends. A call ends once:
 * with its reply, its timeout (which arrives as a reply), its node going down, or the process's death. The reply
 * reaches the handler on the process's own turn, so a process never blocks a worker to wait.
 *
 * <p>Threading: the process's own turn only.
 */
final class PendingCalls {
    /** A call this process made and still waits for; {@code remoteNode} is {@code null} for a local target. */
    record Pending(ReplyHandler handler, ScheduledFuture<?> timer, NodeName remoteNode) {
        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private final Map<Ref, Pending> pending = new HashMap<>(4);

    /**
     * Registers a call of {@code caller} with its timer, then sends the request with {@code send}. A refusal (no
     * such process, node not connected, unencodable request) reaches the handler like any reply, on the caller's
     * next turn.
     *
     * @param description names the target in the timeout's message
     * @return the call's ref
     */
    Ref start(ProcessContextCell caller, ProcessHost host, NodeName target, String description, long timeoutMs,
              ReplyHandler handler, Consumer<Caller> send) {
        Ref ref = host.services().newRef();
        boolean remote = !target.equals(host.services().name);
        ScheduledFuture<?> timer = host.services().timer.schedule(() -> caller.enqueue(new Envelope(Envelope.REPLY,
            null, new CallReply(ref, null, Failures.timedOut(description, timeoutMs)))), timeoutMs,
            TimeUnit.MILLISECONDS);
        pending.put(ref, new Pending(handler, timer, remote ? target : null));
        if (remote) {
            host.relations().note(target, caller);
        }
        try {
            send.accept(new Caller(caller.self(), ref));
        } catch (SporeException refused) {
            caller.enqueue(new Envelope(Envelope.REPLY, null, new CallReply(ref, null, refused)));
        }
        return ref;
    }

    /**
     * @param from the node the answer came from, or {@code null} for one made on this node (a local reply, a
     *             timeout, a refusal)
     * @return the call {@code ref} answers, its timer cancelled; {@code null} when late (it timed out) or when
     *         {@code from} is not the node the call went to: only the node asked may answer
     */
    Pending take(Ref ref, NodeName from) {
        Pending call = pending.get(ref);
        if (call == null || from != null && !from.equals(call.remoteNode())) {
            return null;
        }
        pending.remove(ref);
        call.cancelTimer();
        return call;
    }

    /** @return the calls to {@code gone}, which end now (their handlers still to be told) */
    List<Pending> takeNode(NodeName gone) {
        List<Pending> failed = new ArrayList<>();
        pending.values().removeIf(call -> gone.equals(call.remoteNode()) && failed.add(call));
        return failed;
    }

    /** The process died: no timer of its calls fires any more. */
    void cancelAll() {
        pending.values().forEach(Pending::cancelTimer);
        pending.clear();
    }
}
