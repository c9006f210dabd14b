package io.spore.transport.identity;

/**
 * A peer's identity was not proved; {@link #failure()} says how. The message is one line for the local operator's
 * log: it names the peer's claimed name and certificate, never a secret.
 *
 * <p>Checked, like the cookie's {@code HandshakeException}: every caller (the handshake) must decide what an
 * unproved peer means for its connection, and the answer is always to refuse it.
 */
public final class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How a peer's identity failed. */
    public enum Failure {
        /** The certificate chain's bytes are not a chain: truncated, oversized, or not X.509 DER. */
        MALFORMED_CHAIN,
        /** The certificate is neither pinned in the trust store nor issued by a CA in it. */
        UNTRUSTED,
        /** The certificate, or one above it, has expired. */
        EXPIRED,
        /** The certificate, or one above it, is not valid yet. */
        NOT_YET_VALID,
        /** The certificate is not for the node name the peer claimed. */
        WRONG_NAME,
        /** The certificate's key is not Ed25519 or EC P-256. */
        UNSUPPORTED_KEY,
        /** The signature over the handshake's transcript does not verify with the certificate's key. */
        BAD_SIGNATURE
    }

    private final Failure failure;

    /**
     * @param failure how the identity failed
     * @param message what happened, with whom, and what to do next, in one line
     */
    public IdentityException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    /** @return how the identity failed */
    public Failure failure() {
        return failure;
    }
}
