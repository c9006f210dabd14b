package io.spore.core;

import io.spore.api.SporeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Asserts that a future fails, soon, with a SporeException of the given reason. */
final class ExecutionExceptionAssert {
    private ExecutionExceptionAssert() {
    }

    static void failsWith(CompletableFuture<?> future, SporeException.Reason reason) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
            fail("expected " + reason + " but the future succeeded");
        } catch (ExecutionException e) {
            assertInstanceOf(SporeException.class, e.getCause());
            assertEquals(reason, ((SporeException) e.getCause()).reason());
        }
    }
}
