package io.spore.transport;

import io.aeron.Aeron;
import io.spore.api.NodeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What an orderly close does before it stops anything, on the closing thread while the receive agent still runs:
 * waits until every node this one gave frames to has acknowledged them ({@link Confirmations}: lost datagrams are
 * sent again meanwhile, since the media driver still runs), up to the close timeout; then says goodbye to every
 * connected node, behind everything else on the data stream, and waits briefly for the goodbyes to leave.
 *
 * <p>Threading: the closing thread; what touches the connections runs on the agent as a command.
 */
final class Departure {
    private static final System.Logger LOG = System.getLogger(Departure.class.getName());
    /** How long the agent may take to run one of the commands below. */
    private static final long AGENT_ANSWER_MS = 1_000;
    /** How long close waits for the goodbyes to leave. */
    private static final long GOODBYE_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final NodeName self;
    private final Queue<Runnable> commands;
    private final Connections connections;
    private final Confirmations confirmations;

    Departure(NodeName self, Queue<Runnable> commands, Connections connections, Confirmations confirmations) {
        this.self = self;
        this.commands = commands;
        this.connections = connections;
        this.confirmations = confirmations;
    }

    /**
     * Waits, up to {@code closeTimeoutNs}, until every node this one gave frames to has acknowledged them; names
     * each that did not in a warning. Never throws.
     */
    void confirm(long closeTimeoutNs) {
        List<Association> current = onAgent("list its connections", () -> new ArrayList<>(connections.active()));
        if (current == null) {
            return;
        }
        try {
            confirmations.confirmAll(current, closeTimeoutNs);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> self + " could not confirm what it sent: " + e, e);
        }
    }

    /**
     * Says goodbye to every connected node and waits briefly for the goodbyes to leave.
     *
     * @return the goodbyes said, whose publications the caller closes
     */
    List<Connections.Goodbye> sayGoodbye(Aeron aeron) {
        List<Connections.Goodbye> goodbyes = onAgent("say goodbye to its peers",
            () -> connections.closeAll(self + " is shutting down"));
        if (goodbyes == null) {
            return List.of();
        }
        long deadlineNs = System.nanoTime() + GOODBYE_WAIT_NS;
        for (Connections.Goodbye goodbye : goodbyes) {
            if (goodbye.position() > 0) {
                goodbye.publications().awaitSent(aeron, goodbye.position(),
                    Math.max(0, deadlineNs - System.nanoTime()));
            }
        }
        return goodbyes;
    }

    /** @return what {@code step} made on the agent's thread, or {@code null} when the agent did not run it */
    private <T> T onAgent(String what, java.util.function.Supplier<T> step) {
        CompletableFuture<T> done = new CompletableFuture<>();
        commands.add(() -> done.complete(step.get()));
        try {
            return done.get(AGENT_ANSWER_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, () -> self + " could not " + what + ": " + e);
            return null;
        }
    }
}
