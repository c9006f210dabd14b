package io.spore.registry.service;

/**
 * A registry message that cannot be read: a wrong header, a bound exceeded, a field past the message's end.
 * Thrown by the readers only, and always caught by them or their caller on the way in, where it becomes an
 * {@code INVALID} response (cluster) or a dropped message (client).
 */
public final class InvalidMessageException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what is wrong with the message
     */
    public InvalidMessageException(String message) {
        super(message, null, false, false);
    }
}
