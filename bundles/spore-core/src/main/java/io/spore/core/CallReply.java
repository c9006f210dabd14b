package io.spore.core;

import io.spore.api.NodeName;
import io.spore.api.Ref;
import io.spore.api.SporeException;

/**
 * The body of a {@link Envelope#REPLY}: the answer to the call {@code ref}, or why there is none.
 *
 * @param from the node whose answer it is, when it came from another node; {@code null} when this node made it (a
 *             local callee's reply, a timeout, a refusal)
 */
record CallReply(Ref ref, Object value, SporeException error, NodeName from) {
    /** An answer made on this node. */
    CallReply(Ref ref, Object value, SporeException error) {
        this(ref, value, error, null);
    }
}
