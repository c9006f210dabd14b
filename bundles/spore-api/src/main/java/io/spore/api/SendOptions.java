package io.spore.api;

/**
 * How to send one message. Immutable; {@link #DEFAULTS} is shared, so the common send allocates nothing for it.
 *
 * <p>{@link #important()} asks for Ergo's "important" delivery: instead of Erlang's silent drop, a send to a local
 * process that does not exist fails on the sender with {@link SporeException.Reason#NO_PROCESS}, and a send to a
 * node that cannot be reached fails with {@link SporeException.Reason#NODE_DOWN}. A missing process on a connected
 * remote node is not yet reported back (that needs a delivery acknowledgement on the wire).
 */
public final class SendOptions {
    /** Fire and forget, Erlang's semantics: a message to a process that no longer exists is dropped and counted. */
    public static final SendOptions DEFAULTS = new SendOptions(false);
    /** Report a missing target to the sender instead of dropping the message. */
    public static final SendOptions IMPORTANT = new SendOptions(true);

    private final boolean important;

    private SendOptions(boolean important) {
        this.important = important;
    }

    /** @return the shared defaults */
    public static SendOptions defaults() {
        return DEFAULTS;
    }

    /** @return options whose sends fail with {@code NO_PROCESS} when the target does not exist */
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
