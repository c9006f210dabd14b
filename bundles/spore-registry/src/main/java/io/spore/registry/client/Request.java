package io.spore.registry.client;

import io.spore.registry.RegistryResult;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * One command on its way: its encoded message, the future its caller holds, and when it was last offered. Owned by
 * the client's thread once queued.
 */
final class Request {
    final long correlationId;
    final UnsafeBuffer message;
    final CompletableFuture<RegistryResult> result = new CompletableFuture<>();
    final long deadlineNs;
    long sentNs = Long.MIN_VALUE;

    Request(long correlationId, UnsafeBuffer message, long deadlineNs) {
        this.correlationId = correlationId;
        this.message = message;
        this.deadlineNs = deadlineNs;
    }

    boolean isSent() {
        return sentNs != Long.MIN_VALUE;
    }
}
