package io.spore.transport;

import io.spore.wire.sbe.NodeFlagsDecoder;

/**
 * What a peer's hello or challenge said it reads, and so what this node may send it: batches on its data stream,
 * batches on its control stream too, the large-message stream. A node of an earlier build says less, and gets
 * frames alone and on two streams.
 *
 * @param dataBatches    the batches it reads on its data stream
 * @param controlBatches the batches it reads on its control stream: {@link BatchForm#NONE} unless it said
 *                       {@code readsControlBatches}, else the same form as on its data stream
 * @param largeStream    whether it reads the large-message stream ({@link LargeLane})
 */
record PeerReads(BatchForm dataBatches, BatchForm controlBatches, boolean largeStream) {
    /** Before the peer has said anything: every frame alone, on the control and data streams. */
    static final PeerReads NOTHING = new PeerReads(BatchForm.NONE, BatchForm.NONE, false);

    /** @return what the flags of a peer's hello or challenge say */
    static PeerReads of(NodeFlagsDecoder flags) {
        BatchForm data = BatchForm.of(flags);
        return new PeerReads(data, flags.readsControlBatches() ? data : BatchForm.NONE, flags.readsLargeStream());
    }
}
