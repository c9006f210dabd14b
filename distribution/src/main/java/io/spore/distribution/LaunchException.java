package io.spore.distribution;

/**
 * A failure to set up or start a node that the user can fix: a missing folder, a bundle that does not start. The
 * launcher prints its message as one line and exits with status 1, without a stack trace.
 */
public final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to what, and what to do next */
    public LaunchException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to what, and what to do next
     * @param cause   the underlying error
     */
    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
