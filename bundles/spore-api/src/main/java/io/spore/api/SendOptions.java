package io.spore.api;

/**
 * How to send one message. Immutable; {@link #DEFAULTS} and {@link #IMPORTANT} are shared, so the common sends
 * allocate nothing for it.
 *
 * <p>{@link #important()} asks for Ergo's "important" delivery: instead of Erlang's silent drop, a send to a process
 * that does not exist fails on the sender with {@link SporeException.Reason#NO_PROCESS}. To a process on another
 * node, the sender waits until that node confirms the message is in the target's mailbox: an important send costs a
 * round trip, a plain one does not. Inside a process the wait holds the process, as a remote spawn does. Order with
 * the sender's other messages to the same process is kept.
 *
 * <p>An important send to another node ends in one of three ways:
 * <ul>
 *   <li>it returns: the message is in the target's mailbox;</li>
 *   <li><b>not delivered</b>: {@code NO_PROCESS}, or {@code NODE_DOWN} (and {@code BACK_PRESSURED},
 *       {@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}) when it never left this node: refused before sending, or
 *       dropped with a connection that never came up. Sending again cannot make a duplicate;</li>
 *   <li><b>not confirmed</b>: {@link SporeException.Reason#NOT_CONFIRMED} when it may have left but no confirmation
 *       came: the node went down meanwhile, or 5 seconds passed (while the node is still being connected to, the
 *       connection's own outcome is awaited first, up to 10 seconds more). Delivery is unknown: the message may be in
 *       the mailbox. To retry safely, send with a {@linkplain #withDeliveryId delivery id} and retry with the same
 *       one: the receiving node then delivers the message at most once. A retry of a send without an id may deliver
 *       it twice, so then make the receiver idempotent.</li>
 * </ul>
 * Which of these happens depends only on what became of the message, never on which of two clocks ran out first.
 */
public final class SendOptions {
    /** The {@link #deliveryId()} of a send that carries none. */
    private static final long NO_DELIVERY_ID = 0;

    /** Fire and forget, Erlang's semantics: a message to a process that no longer exists is dropped and counted. */
    public static final SendOptions DEFAULTS = new SendOptions(false, NO_DELIVERY_ID);
    /** Report a missing target to the sender instead of dropping the message. */
    public static final SendOptions IMPORTANT = new SendOptions(true, NO_DELIVERY_ID);

    /** Whether a missing target is reported to the sender. */
    private final boolean important;
    /** The id the receiving node de-duplicates an important send by, or {@link #NO_DELIVERY_ID}. */
    private final long deliveryId;

    /**
     * Use {@link #DEFAULTS}, {@link #IMPORTANT} and {@link #withDeliveryId}.
     *
     * @param important  whether a missing target is reported to the sender
     * @param deliveryId the id of an important send, or {@link #NO_DELIVERY_ID}
     */
    private SendOptions(boolean important, long deliveryId) {
        this.important = important;
        this.deliveryId = deliveryId;
    }

    /** @return the shared defaults */
    public static SendOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param important whether a missing target is reported to the sender
     * @return {@link #IMPORTANT} when {@code important}, whose sends fail with {@code NO_PROCESS} when the target
     *         does not exist, or these options when they already are important (their delivery id kept);
     *         {@link #DEFAULTS} otherwise, which carries no delivery id (only important sends do)
     */
    public SendOptions withImportant(boolean important) {
        if (important) {
            return this.important ? this : IMPORTANT;
        }
        return DEFAULTS;
    }

    /**
     * Options for an important send that carries {@code deliveryId}, so that a retry after {@code NOT_CONFIRMED}
     * cannot deliver the message twice: the receiving node remembers the ids of the important sends it delivered
     * lately, per sending process, target process and id, and answers a repeat as delivered (the send returns)
     * without putting the message in the mailbox again. An id implies {@linkplain #important() important}
     * delivery, whatever these options were.
     *
     * <p>How to use it: choose an id for each message to a target that its sender never uses for another message to
     * that target (a counter, a random {@code long}, an id the message already has), and retry a
     * {@code NOT_CONFIRMED} send with the same id from the same sender. A repeat is recognised while the first is
     * among the ids the receiving node delivered lately: its memory holds the last 65,536 ids it delivered, from
     * all senders, so retry soon rather than after hours. A first attempt that was not delivered
     * ({@code NO_PROCESS}) is not remembered: a retry gets the same answer, as pids are never reused.
     *
     * <p>Sends from outside any process (a node's identity is the sender, as with {@link Node#send} and the
     * {@code spore send} command) are remembered per target and id only, whatever node sent them, so that a retry
     * from a restarted program or another client node is recognised: such senders must choose ids that no other
     * outside sender uses for that target, a random {@code long} for one.
     *
     * <p>The id matters across nodes only: an important send to a process of this node is never
     * {@code NOT_CONFIRMED}, so there the id is ignored and each send is delivered. Both nodes must run API 1.4 or
     * later; an earlier node ignores the id.
     *
     * @param deliveryId any value but 0, which means none (the result is then {@link #IMPORTANT})
     * @return important options that carry the id; these options are not changed
     * @since 1.4.0
     */
    public SendOptions withDeliveryId(long deliveryId) {
        if (deliveryId == NO_DELIVERY_ID) {
            return IMPORTANT;
        }
        return deliveryId == this.deliveryId ? this : new SendOptions(true, deliveryId);
    }

    /** @return whether a missing target is reported to the sender */
    public boolean important() {
        return important;
    }

    /**
     * @return the id a receiving node de-duplicates this important send by (see {@link #withDeliveryId}), or 0 for
     *         none
     * @since 1.4.0
     */
    public long deliveryId() {
        return deliveryId;
    }

    /** Options are equal when they send the same way: both important or not, with the same delivery id. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SendOptions other && important == other.important
            && deliveryId == other.deliveryId);
    }

    @Override
    public int hashCode() {
        return 31 * Boolean.hashCode(important) + Long.hashCode(deliveryId);
    }

    @Override
    public String toString() {
        return "SendOptions[important=" + important
            + (deliveryId == NO_DELIVERY_ID ? "" : ", deliveryId=" + deliveryId) + "]";
    }
}
