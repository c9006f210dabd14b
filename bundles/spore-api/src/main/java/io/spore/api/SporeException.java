package io.spore.api;

/**
 * Every failure Spore reports to a caller. Switch on {@link #reason()}; the message says what happened, to what,
 * and what to do next.
 *
 * <p>Unchecked, since most callers let it travel; a process whose handler lets one escape ends with it as its
 * exit reason.
 */
public class SporeException extends RuntimeException {
    /** Serialization version of this class. */
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. New reasons may be added in minor versions; keep a {@code default} branch. */
    public enum Reason {
        /** A name, node name or pid was malformed. */
        INVALID_NAME,
        /** An argument other than a name was out of range or missing. */
        INVALID_ARGUMENT,
        /** No factory is known under the requested spawn name. */
        UNKNOWN_FACTORY,
        /** A registered name is already taken by another process. */
        NAME_TAKEN,
        /** No process exists for the pid or registered name, or it exited before answering. */
        NO_PROCESS,
        /** The factory's {@code create} or the behaviour's {@code init} threw; the cause is attached. */
        INIT_FAILED,
        /** A call did not get its reply within its timeout. */
        TIMEOUT,
        /** The callee's {@code handleCall} threw; the callee ended with that error. */
        CALL_FAILED,
        /** The callee does not answer calls. */
        NOT_SUPPORTED,
        /** The target node refused a remote spawn: the requester is not on the factory's access list. */
        NOT_ALLOWED,
        /** The target node has remote spawn turned off. */
        REMOTE_SPAWN_DISABLED,
        /**
         * The node addressed is not connected, or went down while waiting. For a send that waits for a confirmation
         * (an important send, {@link Node#awaitDelivery}) it means the message did not leave this node: it was
         * refused before sending, or dropped with a connection that never came up.
         */
        NODE_DOWN,
        /** A value in a message has no registered encoding. */
        UNENCODABLE,
        /** A message is bigger than the configured maximum. */
        MESSAGE_TOO_LARGE,
        /** The outbound queue to a peer is full; the sender should slow down and retry. */
        BACK_PRESSURED,
        /** The local node is stopping or stopped. */
        NODE_STOPPED,
        /** The operation needs the calling thread to be the process's own. */
        WRONG_THREAD,
        /**
         * Delivery unknown: the message may have left this node, but the other node's confirmation did not come
         * (the connection went down, or the confirmation did not arrive in time). It may be in the target's mailbox
         * or lost; only the receiver knows. To retry safely, give the send a delivery id
         * ({@link SendOptions#withDeliveryId}) and retry with the same one: the receiving node delivers it at most
         * once while it remembers the id. A retry of a send without one may deliver it twice: then make the receiver
         * idempotent. Since 1.3.0.
         */
        NOT_CONFIRMED,
        /**
         * The cluster registry cannot take the request: the node runs without one (start it with
         * {@code --registry}), or cannot reach a majority of the registry's members in time (the message says
         * which). A write that failed so may or may not have happened; every registry write may be repeated.
         * Local processes, local names and connections are unaffected. Since 1.6.0.
         */
        REGISTRY_UNAVAILABLE
    }

    /** Why the operation failed. */
    private final Reason reason;

    /**
     * @param reason  why it failed
     * @param message what happened, to what, and what to do next
     */
    public SporeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * @param reason  why it failed
     * @param message what happened, to what, and what to do next
     * @param cause   the underlying error
     */
    public SporeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the operation failed */
    public Reason reason() {
        return reason;
    }
}
