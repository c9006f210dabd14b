package io.spore.core;

import io.spore.api.Caller;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Calls made from outside any process ({@link io.spore.api.Node#call}, {@code callAsync}): the request goes out
 * with the node's identity as caller, and the reply comes back through {@link LocalRouter#reply} into the
 * node's {@link ReplyTable} of calls.
 *
 * <p>A blocking call keeps its own time on the waiting thread, so the common case schedules no timer task; an
 * asynchronous one has a deadline on the node's timer. Threading: any thread but a worker of this node, for the
 * blocking calls (they would hold the worker).
 */
final class ExternalCalls {
    private final NodeServices services;
    private final LocalRouter router;
    private final ReplyTable<Object> replies;
    private final WaitSlots<Object> slots = new WaitSlots<>();

    ExternalCalls(NodeServices services, LocalRouter router, ReplyTable<Object> replies) {
        this.services = services;
        this.router = router;
        this.replies = replies;
    }

    Object call(Pid to, Object request, Duration timeout) {
        checkThread();
        long timeoutMs = Failures.checkTimeout(timeout);
        if (!to.node().equals(services.name)) {
            return callRemote(to, request, timeoutMs);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        Ref ref = start(to.node(), caller -> router.routeCall(caller, to, request), request, result);
        return await(to, ref, result, timeoutMs, false);
    }

    /**
     * A blocking call to another node, the hot path of {@code Node.call}: it waits in this thread's reusable slot
     * under a bare ref id, and the transport writes the request and reads the answer without a {@link Caller}, a
     * {@link Ref} or a future, so the caller's side allocates nothing.
     */
    private Object callRemote(Pid to, Object request, long timeoutMs) {
        Objects.requireNonNull(request, "request");
        router.ensureRunning();
        long deadlineNs = services.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        ReplyTable.Slot<Object> slot = slots.take();
        try {
            long refId = services.newRefId();
            slot.arm(to.node(), null);
            replies.open(refId, slot);
            services.counters.calls.increment();
            try {
                router.routeRemoteCall(services.identity, refId, to, request);
            } catch (SporeException refused) {
                if (!replies.forget(refId)) {
                    awaitCompletion(slot); // answered meanwhile (its node went down): the refusal still says why
                }
                throw new SporeException(refused.reason(), refused.getMessage(), refused);
            }
            if (!Blocking.awaitSlot(services.clock, slot, deadlineNs, router.helpReceiver)) {
                boolean interrupted = Thread.currentThread().isInterrupted();
                if (replies.forget(refId)) {
                    if (interrupted) {
                        throw new SporeException(SporeException.Reason.TIMEOUT, "interrupted while waiting for " + to);
                    }
                    services.counters.callTimeouts.increment();
                    throw Failures.timedOut(to.toString(), timeoutMs);
                }
                awaitCompletion(slot); // the answer won the race against the deadline
            }
            SporeException error = slot.error();
            if (error != null) {
                // Rethrow a fresh exception so the caller's stack shows where it waited.
                throw new SporeException(error.reason(), error.getMessage(), error);
            }
            return slot.value();
        } finally {
            slots.release(slot);
        }
    }

    /** Waits out the moment between another thread taking the slot from the table and completing it. */
    private static void awaitCompletion(ReplyTable.Slot<?> slot) {
        while (!slot.isDone()) {
            Thread.onSpinWait();
        }
    }

    Object call(Name name, NodeName node, Object request, Duration timeout) {
        Objects.requireNonNull(node, "node");
        if (node.equals(services.name)) {
            return call(router.resolve(name), request, timeout);
        }
        checkThread();
        long timeoutMs = Failures.checkTimeout(timeout);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Ref ref = start(node, caller -> router.routeCallNamed(caller, node, name, request), request, result);
        return await("'" + name + "' on " + node, ref, result, timeoutMs, true);
    }

    CompletableFuture<Object> callAsync(Pid to, Object request, Duration timeout) {
        long timeoutMs = Failures.checkTimeout(timeout);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Ref ref = start(to.node(), caller -> router.routeCall(caller, to, request), request, result);
        replies.expireAfter(ref, timeoutMs, () -> {
            services.counters.callTimeouts.increment();
            return Failures.timedOut(to.toString(), timeoutMs);
        });
        return result;
    }

    private void checkThread() {
        if (ForkJoinTask.getPool() == services.pool) {
            throw new SporeException(SporeException.Reason.WRONG_THREAD, "Node.call blocks, and would hold a worker "
                + "thread here; inside a process use ProcessContext.call with a ReplyHandler");
        }
    }

    /** Registers {@code result} as the waiter of a new call and sends the request, or fails it at once. */
    private Ref start(NodeName target, Consumer<Caller> send, Object request, CompletableFuture<Object> result) {
        Objects.requireNonNull(request, "request");
        router.ensureRunning();
        Ref ref = services.newRef();
        replies.open(ref, target, result, null);
        services.counters.calls.increment();
        try {
            send.accept(new Caller(services.identity, ref));
        } catch (SporeException refused) {
            replies.forget(ref);
            result.completeExceptionally(refused);
        }
        return ref;
    }

    /**
     * @param to     who was called, for messages
     * @param remote whether the answer comes from another node: the waiting thread then helps receive it
     */
    private Object await(Object to, Ref ref, CompletableFuture<Object> result, long timeoutMs, boolean remote) {
        try {
            Blocking.waitBriefly(services.clock, result, remote ? router.helpReceiver : Blocking.NO_HELP);
            // The waiting thread keeps the time itself: no timer task to schedule and cancel on every call.
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (replies.forget(ref)) {
                services.counters.callTimeouts.increment();
                throw Failures.timedOut(String.valueOf(to), timeoutMs);
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
            replies.forget(ref);
            Thread.currentThread().interrupt();
            throw new SporeException(SporeException.Reason.TIMEOUT, "interrupted while waiting for " + to, e);
        }
    }
}
