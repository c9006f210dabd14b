package io.spore.api;

/**
 * How to send one message. Immutable; {@link #DEFAULTS} is shared, so the common send allocates nothing for it.
 *
 * <p>{@link #important()} asks for Ergo's "important" delivery: instead of Erlang's silent drop, a send to a process
 * that does not exist fails on the sender with {@link SporeException.Reason#NO_PROCESS}, and a send to a node that
 * cannot be reached fails with {@link SporeException.Reason#NODE_DOWN}. To a process on another node, the sender
 * waits until that node confirms the message is in the target's mailbox (up to 5 seconds, then
 * {@link SporeException.Reason#TIMEOUT}; {@code NODE_DOWN} at once if the node goes down meanwhile): an important
 * send costs a round trip, a plain one does not. Inside a process the wait holds the process, as a remote spawn
 * does. Order with the sender's other messages to the same process is kept.
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
