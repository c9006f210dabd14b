package io.spore.transport.security;

/**
 * A cookie handshake failed; {@link #failure()} says how. The handshake that threw is finished: start a new one.
 *
 * <p>Checked, because every caller (the frame layer) must decide what a failed handshake means for its
 * connection: log it, count it, and drop the peer's frames.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How a handshake failed. */
    public enum Failure {
        /** The peer's proof does not match ours: its cookie differs, or the handshake was altered in transit. */
        WRONG_COOKIE,
        /** A message answers a nonce this handshake did not issue, or one already used. */
        REPLAY,
        /** The peer's ephemeral key is unusable (of small order): a broken or hostile peer. */
        BAD_KEY,
        /** A message arrived that this side does not expect at this step. */
        UNEXPECTED_STEP,
        /** The server is not the node the client meant to reach. */
        WRONG_PEER,
        /** The peer did not prove its name with a certificate this node trusts, and this node requires it. */
        WRONG_IDENTITY
    }

    private final Failure failure;

    /**
     * @param failure how the handshake failed
     * @param message what happened, with whom, and what to do next
     */
    public HandshakeException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    /** @return how the handshake failed */
    public Failure failure() {
        return failure;
    }
}
