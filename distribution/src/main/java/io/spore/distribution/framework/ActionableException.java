package io.spore.distribution.framework;

/**
 * A failure the user can act on: a node that cannot be set up or started (a missing folder, a bundle that does not
 * start), or a command whose operation failed (a node down, a launch daemon's refusal). The {@code spore} command
 * prints its message as one line and exits with status 1, without a stack trace.
 */
public final class ActionableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to what, and what to do next */
    public ActionableException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to what, and what to do next
     * @param cause   the underlying error
     */
    public ActionableException(String message, Throwable cause) {
        super(message, cause);
    }
}
