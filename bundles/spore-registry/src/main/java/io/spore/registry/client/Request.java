package io.spore.registry.client;

import io.spore.api.Pid;
import io.spore.registry.RegistryResult;
import io.spore.registry.sbe.ProcessOp;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * One command on its way: its encoded message, what it asks (so the client can remember what its node holds and
 * register it again after a new session), the future its caller holds, and when it was last offered. Owned by the
 * client's thread once queued.
 */
final class Request {
    final long correlationId;
    final UnsafeBuffer message;
    final ProcessOp op;
    final String key;
    final Pid pid;
    final CompletableFuture<RegistryResult> result = new CompletableFuture<>();
    final long deadlineNs;
    long sentNs = Long.MIN_VALUE;

    /** A join (op {@code null}). */
    Request(long correlationId, UnsafeBuffer message, long deadlineNs) {
        this(correlationId, message, null, null, null, deadlineNs);
    }

    Request(long correlationId, UnsafeBuffer message, ProcessOp op, String key, Pid pid, long deadlineNs) {
        this.correlationId = correlationId;
        this.message = message;
        this.op = op;
        this.key = key;
        this.pid = pid;
        this.deadlineNs = deadlineNs;
    }

    boolean isJoin() {
        return op == null;
    }

    boolean isSent() {
        return sentNs != Long.MIN_VALUE;
    }
}
