package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import java.util.concurrent.CompletableFuture;

/** A call made from outside any process: who waits, and which node it went to (to fail it if that node goes). */
record ExternalCall(CompletableFuture<Object> result, NodeName target) {
    void complete(Object value, SporeException error) {
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }
}
