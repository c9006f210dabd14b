package io.spore.core;

import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The sending side of important sends to other nodes ({@link io.spore.api.SendOptions#IMPORTANT}, Ergo's important
 * delivery): the remote node acknowledges each one once the message is in the target's mailbox, or says why not, and
 * the sender waits for that answer, so a remote send fails as a local one does ({@code NO_PROCESS}) instead of
 * being dropped silently.
 *
 * <p>The sender waits up to {@link #ACK_TIMEOUT}; a process that sends one waits on its worker as a remote spawn
 * does (the pool adds a spare thread meanwhile). A node that goes down fails every send waiting on it with
 * {@code NODE_DOWN} at once.
 *
 * <p>Threading: any thread.
 */
final class ImportantSends {
    /** How long a sender waits for the remote node to confirm delivery. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final NodeServices services;
    private final ReplyTable<Void> waiting;

    /** @param waiting the sends waiting for their acknowledgement; the node fails them when their node goes */
    ImportantSends(NodeServices services, ReplyTable<Void> waiting) {
        this.services = services;
        this.waiting = waiting;
    }

    /**
     * Sends and waits for the remote node's answer.
     *
     * @throws SporeException {@code NO_PROCESS} when the target does not exist, {@code NODE_DOWN} when its node is
     *                        or goes down first, {@code TIMEOUT} without an answer within {@link #ACK_TIMEOUT}, and
     *                        whatever the router refuses at once ({@code UNENCODABLE}, {@code BACK_PRESSURED}, ...)
     */
    void send(RemoteRouter router, Pid from, Pid to, Object message, IntSupplier helpReceive) {
        Ref ref = services.newRef();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        waiting.open(ref, to.node(), acked, null);
        try {
            router.sendImportant(from, to, message, ref);
            Blocking.await(services.clock, acked, ACK_TIMEOUT.toMillis(), () -> "the important send to " + to,
                helpReceive);
        } finally {
            waiting.forget(ref);
        }
    }

    /** The remote node's answer for {@code ref}; ignored when nobody waits for it any more. */
    void onAck(Ref ref, SporeException error) {
        waiting.complete(ref, null, error);
    }
}
