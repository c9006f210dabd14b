package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.core.spi.RemoteRouter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The sending side of important sends to other nodes ({@link io.spore.api.SendOptions#IMPORTANT}, Ergo's important
 * delivery): the remote node acknowledges each one once the message is in the target's mailbox, or says why not, and
 * the sender waits for that answer, so a remote send fails as a local one does ({@code NO_PROCESS}) instead of
 * being dropped silently.
 *
 * <p>What a failure means depends only on whether the message may have left this node, never on which clock ran
 * out first:
 * <ul>
 *   <li><b>Not delivered</b> ({@code NODE_DOWN}): the transport refused it before sending, or the connection that
 *       held it never came up, so it never left.</li>
 *   <li><b>Not confirmed</b> ({@code NOT_CONFIRMED}, delivery unknown): it may have left (its node was up when it
 *       was sent, or came up since) and then the node went down, or no answer came within {@link #ACK_TIMEOUT}.
 *       The message may or may not be in the mailbox.</li>
 * </ul>
 * One clock decides: {@link #ACK_TIMEOUT}, counted from the send while the node is up. While the node has not come
 * up since the send, the message is still waiting for its connection and cannot have been delivered: the deadline
 * then waits for the connection's own outcome (the transport bounds each attempt and reports a failed one as a
 * node-down, which makes it {@code NODE_DOWN}), up to {@link #MAX_CONNECT_WAITS} more periods.
 *
 * <p>A send may carry the sender's delivery id ({@link io.spore.api.SendOptions#withDeliveryId}): the router takes
 * it to the other node, which de-duplicates a retry by it. Nothing here remembers ids: only the receiver can tell
 * a repeat from a first delivery.
 *
 * <p>A process that sends one waits on its worker as a remote spawn does (the pool adds a spare thread meanwhile).
 *
 * <p>Threading: any thread.
 */
final class ImportantSends {
    /** How long a sender waits for the remote node to confirm delivery, once the message may have left. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    /** How many more periods of {@link #ACK_TIMEOUT} a send waits for a connection that is still being made. */
    static final int MAX_CONNECT_WAITS = 2;

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
     * @param deliveryId the sender's id for the message, or 0 for none
     * @throws SporeException {@code NO_PROCESS} when the target does not exist; {@code NODE_DOWN} when the message
     *                        did not leave (refused at once, or its connection never came up);
     *                        {@code NOT_CONFIRMED} when it may have left but no answer came (the node went down, or
     *                        {@link #ACK_TIMEOUT} passed); and whatever the router refuses at once
     *                        ({@code UNENCODABLE}, {@code BACK_PRESSURED}, ...): not sent
     */
    void send(RemoteRouter router, Pid from, Pid to, Object message, long deliveryId, IntSupplier helpReceive) {
        Ref ref = services.newRef();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        NodeUps.Mark mark = services.ups.mark(to.node());
        Sent sent = new Sent(to, mark, deliveryId);
        waiting.open(ref, to.node(), acked, sent);
        long ackMs = ACK_TIMEOUT.toMillis();
        Deadline deadline = new Deadline(ref, acked, sent);
        try {
            router.sendImportant(from, to, message, ref, deliveryId);
            deadline.schedule(0);
            // The deadline above decides; this bound only keeps a lost timer task from hanging the sender.
            Blocking.await(services.clock, acked, ackMs * (MAX_CONNECT_WAITS + 2), () -> "the important send to "
                + to, helpReceive);
        } catch (SporeException e) {
            if (e.reason() == SporeException.Reason.TIMEOUT) {
                throw notConfirmed(sent, "no confirmation came", e);
            }
            throw e;
        } finally {
            deadline.cancel();
            waiting.forget(ref);
        }
    }

    /**
     * The one clock of a send: at the deadline it fails the wait with {@code NOT_CONFIRMED} when the message may
     * have left; while its node has not come up since the send, it waits another period for the connection's
     * outcome.
     */
    private final class Deadline {
        private final Ref ref;
        private final CompletableFuture<Void> acked;
        private final Sent sent;
        private volatile ScheduledFuture<?> task;

        Deadline(Ref ref, CompletableFuture<Void> acked, Sent sent) {
            this.ref = ref;
            this.acked = acked;
            this.sent = sent;
        }

        void schedule(int extraWaits) {
            task = services.timer.schedule(() -> expire(extraWaits), ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void expire(int extraWaits) {
            if (acked.isDone()) {
                return;
            }
            if (!services.ups.mayHaveLeft(sent.mark) && extraWaits < MAX_CONNECT_WAITS) {
                schedule(extraWaits + 1);
                return;
            }
            waiting.complete(ref, null, notConfirmed(sent, "no confirmation came within " + ACK_TIMEOUT.toMillis()
                * (extraWaits + 1) + " ms", null));
        }

        void cancel() {
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** The remote node's answer for {@code ref}; ignored when nobody waits for it any more. */
    /** The confirmation of {@code ref}, from a router that does not say where it came from. */
    void onAck(Ref ref, SporeException error) {
        waiting.complete(ref, null, error);
    }

    /** The confirmation of {@code ref} came from {@code from}: taken only if that is the node the send went to. */
    void onAck(NodeName from, Ref ref, SporeException error) {
        waiting.complete(from, ref, null, error);
    }

    /**
     * What a send that waits for its acknowledgement learns when its node goes down: {@code NODE_DOWN} when the
     * message never left (its connection never came up), else {@code NOT_CONFIRMED}.
     */
    static SporeException wentDown(NodeUps ups, ReplyTable.Waiting<Void> sent) {
        Sent important = sent.subject instanceof Sent s ? s : null;
        if (important != null && !ups.mayHaveLeft(important.mark)) {
            return new SporeException(SporeException.Reason.NODE_DOWN, "node " + sent.target + " could not be"
                + " reached, so the important message to " + important.to + " was not sent (not delivered)");
        }
        return notConfirmed(important, "node " + sent.target + " went down before it confirmed the delivery", null);
    }

    /** @param sent the send, or {@code null} when not known */
    private static SporeException notConfirmed(Sent sent, String why, Throwable cause) {
        String what = why + ": the important message" + (sent == null ? "" : " to " + sent.to)
            + " may or may not have been delivered. ";
        String retry = sent != null && sent.deliveryId != 0
            ? "Sending it again with the same delivery id (" + sent.deliveryId + ") delivers it at most once, while"
                + " that node still remembers the id"
            : "Retry only if the receiver tolerates a duplicate, or send with a delivery id"
                + " (SendOptions.withDeliveryId) so that a retry cannot deliver it twice";
        return new SporeException(SporeException.Reason.NOT_CONFIRMED, what + retry, cause);
    }

    /** What a waiting send is about: its target, what was known of its node when it was sent, and its id. */
    private record Sent(Pid to, NodeUps.Mark mark, long deliveryId) {
    }
}
