package io.spore.core;

import io.spore.api.Ref;
import io.spore.api.SporeException;

/** The body of a {@link Envelope#REPLY}: the answer to the call {@code ref}, or why there is none. */
record CallReply(Ref ref, Object value, SporeException error) {
}
