package io.spore.core;

import io.spore.api.Caller;

/** The body of a {@link Envelope#CALL}: who waits, and what they asked. */
record CallRequest(Caller caller, Object request) {
}
