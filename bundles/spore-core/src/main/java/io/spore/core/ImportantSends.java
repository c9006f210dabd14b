package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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

    private record Waiting(NodeName node, CompletableFuture<Void> acked) {
    }

    private final SporeNode node;
    private final ConcurrentHashMap<Ref, Waiting> waiting = new ConcurrentHashMap<>();

    ImportantSends(SporeNode node) {
        this.node = node;
    }

    /**
     * Sends and waits for the remote node's answer.
     *
     * @throws SporeException {@code NO_PROCESS} when the target does not exist, {@code NODE_DOWN} when its node is
     *                        or goes down first, {@code TIMEOUT} without an answer within {@link #ACK_TIMEOUT}, and
     *                        whatever the router refuses at once ({@code UNENCODABLE}, {@code BACK_PRESSURED}, ...)
     */
    void send(RemoteRouter router, Pid from, Pid to, Object message) {
        Ref ref = node.newRef();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        waiting.put(ref, new Waiting(to.node(), acked));
        try {
            router.sendImportant(from, to, message, ref);
            Blocking.await(acked, ACK_TIMEOUT.toMillis(), () -> "the important send to " + to, node::helpReceive);
        } finally {
            waiting.remove(ref);
        }
    }

    /** The remote node's answer for {@code ref}; ignored when nobody waits for it any more. */
    void onAck(Ref ref, SporeException error) {
        Waiting sent = waiting.remove(ref);
        if (sent == null) {
            return;
        }
        if (error == null) {
            sent.acked().complete(null);
        } else {
            sent.acked().completeExceptionally(error);
        }
    }

    /** {@code down} is gone: every send waiting on it fails now. */
    void nodeDown(NodeName down) {
        waiting.forEach((ref, sent) -> {
            if (down.equals(sent.node()) && waiting.remove(ref, sent)) {
                sent.acked().completeExceptionally(new SporeException(SporeException.Reason.NODE_DOWN,
                    "node " + down + " went down before it confirmed the delivery"));
            }
        });
    }
}
