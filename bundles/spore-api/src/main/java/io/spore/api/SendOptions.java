package io.spore.api;

/**
 * How to send one message. Immutable; {@link #DEFAULTS} is shared, so the common send allocates nothing for it.
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
 *       the mailbox. A sender that retries may deliver it twice, so make the receiver idempotent, or put an id in the
 *       message that the receiver remembers and drops repeats of.</li>
 * </ul>
 * Which of these happens depends only on what became of the message, never on which of two clocks ran out first.
 */
public final class SendOptions {
    /** Fire and forget, Erlang's semantics: a message to a process that no longer exists is dropped and counted. */
    public static final SendOptions DEFAULTS = new SendOptions(false);
    /** Report a missing target to the sender instead of dropping the message. */
    public static final SendOptions IMPORTANT = new SendOptions(true);

    /** Whether a missing target is reported to the sender. */
    private final boolean important;

    /**
     * Use {@link #DEFAULTS} and {@link #IMPORTANT}.
     *
     * @param important whether a missing target is reported to the sender
     */
    private SendOptions(boolean important) {
        this.important = important;
    }

    /** @return the shared defaults */
    public static SendOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param important whether a missing target is reported to the sender
     * @return {@link #IMPORTANT} when {@code important}, whose sends fail with {@code NO_PROCESS} when the target
     *         does not exist; {@link #DEFAULTS} otherwise
     */
    public SendOptions withImportant(boolean important) {
        return important ? IMPORTANT : DEFAULTS;
    }

    /** @return whether a missing target is reported to the sender */
    public boolean important() {
        return important;
    }

    @Override
    public String toString() {
        return "SendOptions[important=" + important + "]";
    }
}
