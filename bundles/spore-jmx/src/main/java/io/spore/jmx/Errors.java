package io.spore.jmx;

import io.spore.api.SporeException;

/**
 * Errors as a JMX client receives them. A {@link SporeException} would reach JConsole as an unmarshalling failure,
 * since the client has no Spore classes; its reason and message travel instead in a JDK exception.
 */
final class Errors {
    private Errors() {
    }

    /**
     * @return {@code e} as an {@link IllegalArgumentException} (bad input: unknown names, malformed values) or an
     *         {@link IllegalStateException} (the node cannot do it now), with the reason in front of the message
     */
    static RuntimeException plain(SporeException e) {
        String message = e.reason() + ": " + e.getMessage();
        return switch (e.reason()) {
            case INVALID_NAME, INVALID_ARGUMENT, UNKNOWN_FACTORY, NAME_TAKEN, NO_PROCESS ->
                new IllegalArgumentException(message);
            default -> new IllegalStateException(message);
        };
    }
}
