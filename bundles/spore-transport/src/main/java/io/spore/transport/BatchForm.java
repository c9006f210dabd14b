package io.spore.transport;

import io.spore.wire.sbe.NodeFlagsDecoder;

/** Which batches a peer reads on its data stream, as its handshake said: what a sender may pack frames into. */
enum BatchForm {
    /** Every frame alone. */
    NONE,
    /** {@code Batch} frames. */
    PLAIN,
    /** {@code PackedBatch} frames, whose frames leave out the header bytes they share ({@code PackedBatches}). */
    PACKED;

    /** @return the form the flags of a peer's hello or challenge allow */
    static BatchForm of(NodeFlagsDecoder flags) {
        if (!flags.readsBatches()) {
            return NONE;
        }
        return flags.readsPackedBatches() ? PACKED : PLAIN;
    }
}
