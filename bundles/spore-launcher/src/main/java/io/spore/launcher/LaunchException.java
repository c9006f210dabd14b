package io.spore.launcher;

/**
 * A launcher operation failed in a way the user can act on: a label taken, a socket refused, a host unreachable.
 * The message is one line that says what happened, to what, and what to do next.
 */
public final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do next */
    public LaunchException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do next
     * @param cause   the underlying error
     */
    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
