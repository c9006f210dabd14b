package io.spore.registry.node;

import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.registry.RegistryResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns the registry client's answers into what the core's SPI promises: {@code null} on success, or a
 * {@link SporeException} whose message says what happened to what, and what to do next. The client never completes
 * exceptionally; every failure here is a status.
 *
 * <p>Threading: stateless but for the registry's text, fixed at construction.
 */
final class RegistryResults {
    private final String registry;
    private final long responseTimeoutNs;

    /**
     * @param registry          the registry's members as the user gave them ({@code host:port,...})
     * @param responseTimeoutNs how long the client waits for an answer, for the message
     */
    RegistryResults(String registry, long responseTimeoutNs) {
        this.registry = registry;
        this.responseTimeoutNs = responseTimeoutNs;
    }

    /**
     * @param answer what the client will answer
     * @param what   the operation, for messages ({@code "global name 'billing'"})
     * @param pid    the process it was about
     * @return completes with {@code null}, or exceptionally with the mapped {@link SporeException}
     */
    CompletableFuture<Void> map(CompletableFuture<RegistryResult> answer, String what, Pid pid) {
        // Completed by hand rather than with thenApply, so the failure is the SporeException itself, not wrapped in
        // a CompletionException, for whoever looks at it with whenComplete or exceptionally.
        CompletableFuture<Void> mapped = new CompletableFuture<>();
        answer.whenComplete((result, error) -> {
            SporeException failure = error != null
                ? unavailable("the registry client failed on " + what + ": " + error)
                : failure(result, what, pid);
            if (failure == null) {
                mapped.complete(null);
            } else {
                mapped.completeExceptionally(failure);
            }
        });
        return mapped;
    }

    /**
     * @param result the client's answer
     * @param what   the operation's subject, for messages
     * @param pid    the process it was about
     * @return the failure it stands for, or {@code null} for success
     */
    SporeException failure(RegistryResult result, String what, Pid pid) {
        String detail = result.detail();
        return switch (result.status()) {
            case OK -> null;
            case NAME_TAKEN -> new SporeException(SporeException.Reason.NAME_TAKEN, what + " is taken: "
                + result.holder() + " holds it");
            case NOT_HOLDER -> new SporeException(SporeException.Reason.INVALID_ARGUMENT, what + " is held by "
                + result.holder() + ", not by " + pid);
            case FOREIGN_PROCESS, INVALID, LIMIT -> new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "the registry refused " + what + " for " + pid + ": " + (detail.isEmpty() ? result.status() : detail));
            case NOT_JOINED -> unavailable("this node has not joined the registry at " + registry + " yet");
            case UNAVAILABLE -> unavailable(detail.startsWith("no answer")
                ? "no answer from the registry within " + TimeUnit.NANOSECONDS.toSeconds(responseTimeoutNs)
                    + " s: cut off from a majority of " + registry + "? (the change to " + what + " may or may not"
                    + " have happened; repeating it is safe)"
                : detail);
        };
    }

    @Override
    public String toString() {
        return "the registry at " + registry;
    }

    /**
     * @param why one line
     * @return {@code REGISTRY_UNAVAILABLE} saying why
     */
    static SporeException unavailable(String why) {
        return new SporeException(SporeException.Reason.REGISTRY_UNAVAILABLE, why);
    }
}
